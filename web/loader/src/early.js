// early.js: createFromDomainKey's first /auth, sent while the wasm
// downloads and compiles, as jsbridge/fetch.go would send it (no cookies,
// no cache, no redirect followed). Go (jsbridge/early.go) takes the request
// and a Promise of its answer as plain values, compares the request with
// its own and sends its own instead when they differ: this only decides
// whether to send early.
import { plainAnswer } from './body.js';
import { DEFAULT_AUTH_URL } from './defines.js';
import {
  NativeAbortController, freeze, ownKeys, pageFetch, resolved, stringifyJSON, then,
} from './intrinsics.js';
import { restorable, storeKey } from './persist.js';
import { groupKey } from './tabs/names.js';
import { offline } from './wasm/online.js';

// What Go's checks of an /auth request accept (sdk.AuthBase, sdk's
// Credentials.Validate), at least as strictly: earlyAuth sends nothing the
// Go side would refuse to send.
const AUTH_BASE = /^https?:\/\/[^/?#@\\:][^/?#@\\]*(\/[^?#]*)?$/i;
const HEADER_SAFE = /^[\x21-\x7e]{1,8192}$/;

// The options that let earlyAuth send: those it checks itself (authURL),
// those only the loader reads (wasmURL, loadTimeout), and, by type, the
// hooks and those that do not change the /auth request (the product
// headers: a bad value fails the creation after an /auth, which is all it
// costs). For any other (leeway, lang, a secret Go refuses to take) Go's
// checks decide first, and Go sends.
// persist: one of its two values, which decide whether to send at all.
const EARLY_OPTIONS = {
  __proto__: null, authURL: 'string', wasmURL: 'string', loadTimeout: 'number', refresh: 'function', onRefreshError: 'function', shareAcrossTabs: 'boolean',
  environment: 'string', userType: 'number', source: 'string', persist: 'string',
};

// earlyBase is the normalized Auth API base the early /auth goes to, or
// undefined when Go must decide (options are plain data, options.js).
function earlyBase(options) {
  if (options !== undefined && !ownKeys(options).every((key) => typeof options[key] === EARLY_OPTIONS[key])) {
    return undefined;
  }
  if (options !== undefined && options.persist !== undefined && options.persist !== 'memory' && options.persist !== 'session') {
    return undefined;
  }
  const given = options === undefined ? undefined : options.authURL;
  const base = given === undefined || given === '' ? DEFAULT_AUTH_URL : given;
  if (typeof base !== 'string' || !AUTH_BASE.test(base) || !HEADER_SAFE.test(base)) {
    return undefined;
  }
  return base.replace(/\/+$/, '');
}

// earlyAuth sends the first /auth, or answers undefined: nothing sent, Go
// sends its own. When the page shares tokens with other pages
// (shareAcrossTabs) it sends only if it could claim the exchange
// (tabs.claimExchange); the factory hands Go the request once send says
// it went. Offline, Go waits to be online before its first attempt. With
// persist 'session' and a token in storage (persist.js's storage, or
// null) that Go will restore, nothing is sent: the page needs no exchange.
export function earlyAuth(tabs, storage, domainKey, apiKey, options) {
  const authBase = earlyBase(options);
  if (authBase === undefined || !HEADER_SAFE.test(domainKey) || !HEADER_SAFE.test(apiKey) ||
    typeof NativeAbortController !== 'function' || offline()) {
    return undefined;
  }
  if (options !== undefined && options.persist === 'session' && storage !== null &&
    restorable(storage.read(storeKey(authBase, apiKey, domainKey)), Date.now())) {
    return undefined;
  }
  const url = authBase + '/auth';
  const body = stringifyJSON({ domain_key: domainKey });
  const ctrl = new NativeAbortController();
  const claim = options !== undefined && options.shareAcrossTabs === false
    ? { send: resolved(true), drop() {} }
    : tabs.claimExchange(groupKey(authBase, apiKey, domainKey));
  const answer = then(claim.send, (send) => {
    if (!send) {
      return undefined; // the factory hands Go no early request
    }
    const sentAt = Date.now();
    return then(pageFetch(url, {
      method: 'POST',
      headers: { 'x-inbenta-key': apiKey, 'content-type': 'application/json' },
      body,
      signal: ctrl.signal,
      credentials: 'omit',
      cache: 'no-store',
      redirect: 'manual',
    }), (response) => plainAnswer(response, sentAt));
  });
  then(answer, undefined, () => {}); // Go reports it, or nobody needs it
  return freeze({ __proto__: null, url, key: apiKey, body, answer, abort: () => ctrl.abort(), send: claim.send, drop: claim.drop });
}
