// inbenta-auth.js: loads inbenta-auth.wasm and exposes the InbentaAuth global.
// Include wasm_exec.js (from the Go toolchain that built the wasm) first.
// Classic script with no eval: it runs under a CSP that allows only 'self' and 'wasm-unsafe-eval'.
(() => {
  'use strict';

  if (globalThis.InbentaAuth) {
    return; // Included twice: keep the first copy, and its single wasm instance.
  }

  // currentScript is only set while this script first runs, so capture it now.
  const scriptSrc = typeof document !== 'undefined' && document.currentScript && document.currentScript.src;
  const defaultWasmURL = new URL('inbenta-auth.wasm', scriptSrc || globalThis.location.href).href;

  let loading = null;

  function loadError(message, { status, cause } = {}) {
    const err = new Error('InbentaAuth: ' + message, cause === undefined ? undefined : { cause });
    err.code = 'WASM_LOAD_FAILED';
    if (status !== undefined) {
      err.status = status;
    }
    return err;
  }

  function describe(err) {
    const text = String((err && err.message) || err);
    if (/Content[- ]Security[- ]Policy|CSP|unsafe-eval/i.test(text)) {
      return "WebAssembly was blocked by the page's Content-Security-Policy: add 'wasm-unsafe-eval' to script-src (" + text + ')';
    }
    return text;
  }

  async function instantiate(url, importObject) {
    try {
      return (await WebAssembly.instantiateStreaming(fetch(url), importObject)).instance;
    } catch (err) {
      // A CSP block or a broken module fails the same way again: only retry what streaming
      // itself rejects (wrong MIME type, bad status, no streaming support).
      if (err instanceof WebAssembly.CompileError || err instanceof WebAssembly.LinkError) {
        throw loadError('cannot compile ' + url + ': ' + describe(err), { cause: err });
      }
    }
    let response;
    try {
      response = await fetch(url);
    } catch (err) {
      throw loadError('cannot fetch ' + url + ': ' + describe(err), { cause: err });
    }
    if (!response.ok) {
      throw loadError('cannot fetch ' + url + ': HTTP ' + response.status, { status: response.status });
    }
    try {
      return (await WebAssembly.instantiate(await response.arrayBuffer(), importObject)).instance;
    } catch (err) {
      throw loadError('cannot instantiate ' + url + ': ' + describe(err), { status: response.status, cause: err });
    }
  }

  // boot runs the Go program, which hands over its implementation through
  // __inbentaAuthBoot.ready(impl) before go.run returns. onExit runs when the program ends.
  async function boot(url, onExit) {
    if (typeof globalThis.Go !== 'function') {
      throw loadError('wasm_exec.js is missing: include <script src="wasm_exec.js"> before inbenta-auth.js');
    }
    const go = new Go();
    const instance = await instantiate(url, go.importObject);

    let exitCode;
    const exit = go.exit;
    go.exit = (code) => {
      exitCode = code;
      exit(code);
    };

    let impl;
    globalThis.__inbentaAuthBoot = {
      ready(value) {
        impl = value;
      },
    };
    let running;
    try {
      running = go.run(instance);
    } finally {
      delete globalThis.__inbentaAuthBoot;
    }
    running.then(
      () => {
        console.error('InbentaAuth: the Go program exited (code ' + exitCode + '); the next call loads it again');
        onExit();
      },
      (err) => {
        console.error('InbentaAuth: the Go program failed; the next call loads it again', err);
        onExit();
      },
    );
    if (impl === undefined || impl === null) {
      // go.run has already ended or thrown; wait for it to report why.
      const cause = await running.then(() => 'exit code ' + exitCode, (err) => err);
      throw loadError('the Go program stopped before it was ready', { cause });
    }
    return impl;
  }

  function load(options) {
    if (!loading) {
      const url = options && options.wasmURL ? String(options.wasmURL) : defaultWasmURL;
      const attempt = boot(url, () => {
        if (loading === attempt) {
          loading = null;
        }
      });
      attempt.catch(() => {
        if (loading === attempt) {
          loading = null;
        }
      });
      loading = attempt;
    }
    return loading;
  }

  // Errors from the Go side already carry a code; anything else (such as wasm_exec.js's
  // "Go program has already exited") is wrapped so callers can always switch on err.code.
  function coded(err) {
    if (err instanceof Error && typeof err.code === 'string') {
      throw err;
    }
    const wrapped = new Error('InbentaAuth: ' + String((err && err.message) || err), { cause: err });
    wrapped.code = 'INTERNAL';
    throw wrapped;
  }

  globalThis.InbentaAuth = Object.freeze({
    version: '0.1.0',
    load: (options) => load(options).catch(coded),
    createFromDomainKey: (domainKey, apiKey, options) =>
      load(options).then((impl) => impl.createFromDomainKey(domainKey, apiKey, options)).catch(coded),
    createFromAccessToken: (accessToken, apiKey, options) =>
      load(options).then((impl) => impl.createFromAccessToken(accessToken, apiKey, options)).catch(coded),
  });
})();
