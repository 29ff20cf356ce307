// api.js: the InbentaAuth SDK around one wasm instance, loaded on first
// use; both loaders (classic.js: inbenta-auth.js, the InbentaAuth global;
// module.js: inbenta-auth.mjs) are this module bundled by make build
// (web/loader/bundle.go). No eval: the loaders run under a CSP that allows
// only 'self' and 'wasm-unsafe-eval'. docs/development.md maps the modules.
import { boot } from './boot.js';
import { clientFactory } from './client/client.js';
import { VERSION, WASM_HASHES } from './defines.js';
import { earlyAuth } from './early.js';
import { coded, isInbentaAuthError, sdkError } from './errors.js';
import { freeze, rejected, resolved, then } from './intrinsics.js';
import { bridgeKit } from './kit.js';
import { factoryArguments, loadSeconds, pageOptions, wasmURL } from './options.js';
import { captureStorage } from './persist.js';
import { captureSharing } from './tabs/sharing.js';
import { createTabs } from './tabs/tabs.js';
import { createGate } from './wasm/gate.js';

const NOT_SENT = resolved(false);

// unsupported is the error of a call made where the SDK cannot run (no
// page: server-side rendering, Node.js, a worker), or undefined in a page.
function unsupported() {
  if (typeof window !== 'undefined' && typeof document !== 'undefined') {
    return undefined;
  }
  return sdkError('UNSUPPORTED_ENVIRONMENT', 'the SDK runs in web pages, not here (server-side rendering, Node.js or a ' +
    'worker): create the client in the browser, e.g. in an effect, ngOnInit or onMounted');
}

// createInbentaAuth is the SDK's public object. defaultWasmURL is where the
// wasm is when options.wasmURL is not given: next to the loader.
export function createInbentaAuth(defaultWasmURL) {
  const tabs = createTabs(captureSharing());
  const storage = captureStorage();
  const gate = createGate();
  let loading = null;

  // load starts loading the wasm once (options are plain data, read once);
  // their wasmURL and loadTimeout count only then. It answers the Go
  // implementation: {createFromDomainKey, createFromAccessToken, wrap}.
  function load(options) {
    const seconds = loadSeconds(options);
    if (!loading) {
      const given = wasmURL(options);
      const attempt = then(boot({
        url: given || defaultWasmURL,
        hashes: given ? null : WASM_HASHES,
        seconds,
        gate,
        kit: bridgeKit(tabs, storage),
        onExit: () => forget(attempt),
      }), (impl) => ({ createFromDomainKey: impl.createFromDomainKey, createFromAccessToken: impl.createFromAccessToken, wrap: clientFactory(impl.client) }));
      then(attempt, undefined, () => forget(attempt));
      loading = attempt;
    }
    return loading;
  }

  function forget(attempt) {
    if (loading === attempt) {
      loading = null;
    }
  }

  // loaded runs fn with the implementation, and always answers with a
  // Promise: even a throw while reading the options becomes a rejection.
  function loaded(readOptions, fn) {
    let impl;
    try {
      const refused = unsupported();
      if (refused !== undefined) {
        throw refused;
      }
      impl = load(readOptions());
    } catch (err) {
      impl = rejected(err);
    }
    return then(then(impl, fn), undefined, coded);
  }

  // create calls the Go factory named method with the checked arguments,
  // and wraps the client's handle in its object.
  function create(method, firstName, first, apiKey, options) {
    let args;
    try {
      const refused = unsupported();
      if (refused !== undefined) {
        throw refused;
      }
      args = factoryArguments(firstName, first, apiKey, options);
    } catch (err) {
      return rejected(err);
    }
    let early;
    try {
      early = method === 'createFromDomainKey' ? earlyAuth(tabs, storage, args.first, args.apiKey, args.options) : undefined;
    } catch {
      early = undefined; // a built-in the page broke: Go sends instead
    }
    if (early !== undefined) {
      gate.hold(early.send);
    }
    const created = loaded(() => args.options, (impl) => then(early === undefined ? NOT_SENT : early.send,
      (sent) => then(impl[method](args.first, args.apiKey, args.options, sent ? early : undefined), impl.wrap)));
    if (early !== undefined) {
      // The exchange lock it claimed, unless the client took it over.
      then(created, early.drop, early.drop);
    }
    return created;
  }

  return freeze({
    [Symbol.for('InbentaAuth.loader')]: true,
    version: VERSION,
    load: (options) => loaded(() => pageOptions(options), () => undefined),
    createFromDomainKey: (domainKey, apiKey, options) => create('createFromDomainKey', 'domainKey', domainKey, apiKey, options),
    createFromAccessToken: (accessToken, apiKey, options) =>
      create('createFromAccessToken', 'accessToken', accessToken, apiKey, options),
    isInbentaAuthError,
  });
}
