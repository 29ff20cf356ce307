// intrinsics.js: every built-in the loader and the bridge kit use, taken
// once, when the loader runs (fetch: when the SDK is first used). A script
// the page runs later cannot steer what the SDK checks or sends by
// replacing them (a page that replaced one before the loader ran is taken
// as it was then). Methods are taken from
// the prototypes and called on the value (uncurried), so an object that
// lies about itself (an own `href`, a subclass getter, a fake with
// URL.prototype) is read for what it is.

const G = globalThis;

export const { apply } = Reflect;
export const uncurry = (fn) => (self, ...args) => apply(fn, self, args);

// getterOf is C.prototype's getter of name, uncurried, or null where an
// engine has none (or C is missing, as in Node.js for the DOM's).
export function getterOf(C, name) {
  const d = typeof C === 'function' ? Object.getOwnPropertyDescriptor(C.prototype, name) : undefined;
  return d && d.get ? uncurry(d.get) : null;
}

// methodOf is C.prototype[name], uncurried, or null.
function methodOf(C, name) {
  const fn = typeof C === 'function' ? C.prototype[name] : undefined;
  return typeof fn === 'function' ? uncurry(fn) : null;
}

// The engine's own Promise: an async function's result is always one,
// whatever a script did to the global Promise before the loader ran
// (zone.js, which every Angular app loads, replaces it).
export const NativePromise = (async () => {})().constructor;
const promiseResolve = NativePromise.resolve;
const promiseReject = NativePromise.reject;
export const resolved = (value) => apply(promiseResolve, NativePromise, [value]);
export const rejected = (reason) => apply(promiseReject, NativePromise, [reason]);

// then(p, onFulfilled, onRejected) is p.then(onFulfilled, onRejected), run
// by await, which looks up no then method on the engine's own Promises: a
// page may have patched Promise.prototype.then (zone.js wraps it in one
// that answers zone.js's own Promises), and p may be the page's thenable
// (it is then asked for its own then, as it must be). It answers the
// engine's Promise.
export async function then(p, onFulfilled, onRejected) {
  let value;
  try {
    value = await p;
  } catch (err) {
    if (onRejected === undefined) {
      throw err;
    }
    return onRejected(err);
  }
  return onFulfilled === undefined ? value : onFulfilled(value);
}
export const NativeObject = G.Object;
export const {
  create: objectCreate, defineProperty, freeze, getOwnPropertyDescriptor, getPrototypeOf, hasOwn, keys: ownKeys,
} = Object;
export const { isArray } = Array;
export const NativeString = G.String;
export const charCode = uncurry(G.String.prototype.charCodeAt);
export const NativeError = G.Error;
export const NativeMap = G.Map;
export const NativeSet = G.Set;
export const NativeWeakMap = G.WeakMap;
export const weakGet = uncurry(G.WeakMap.prototype.get);
export const weakSet = uncurry(G.WeakMap.prototype.set);
export const NativeWeakSet = G.WeakSet;
export const weakSetAdd = uncurry(G.WeakSet.prototype.add);
export const weakSetHas = uncurry(G.WeakSet.prototype.has);
export const bind = uncurry(Function.prototype.bind);

// The wall clock, as the Go side reads it (jsbridge/clock.go).
const dateNow = G.Date.now;
export const now = () => apply(dateNow, G.Date, []);

// Timers run with the global as this: a method call on another object
// would throw.
export const startTimer = (fn, ms) => apply(G.setTimeout, G, [fn, ms]);
export const stopTimer = (timer) => apply(G.clearTimeout, G, [timer]);
export const NativeAbortController = G.AbortController;
// signalAborted throws for anything that is no AbortSignal (a brand check).
export const signalAborted = getterOf(G.AbortSignal, 'aborted');
export const signalReason = getterOf(G.AbortSignal, 'reason');
export const listen = methodOf(G.EventTarget, 'addEventListener');
export const unlisten = methodOf(G.EventTarget, 'removeEventListener');

// The network and its values. fetch is the page's, taken once, when the
// SDK is first used (the first create or load): instrumentation that wraps
// fetch before then (an APM, the demo's tap) sees the SDK's requests, and
// nothing that wraps it later does.
let takenFetch = null;
export function pageFetch(input, init) {
  if (takenFetch === null) {
    takenFetch = G.fetch;
  }
  return apply(takenFetch, G, [input, init]);
}
// The fetch classes are taken as data properties, which they are in
// every browser. On a server (server-side rendering) Node.js defines them
// as getters that load its own fetch, which compiles a wasm: the loader,
// which runs nothing outside a page, does not run them.
function dataGlobal(name) {
  const d = getOwnPropertyDescriptor(G, name);
  return d !== undefined && hasOwn(d, 'value') ? d.value : undefined;
}
export const NativeHeaders = dataGlobal('Headers');
export const NativeRequest = dataGlobal('Request');
export const NativeResponse = dataGlobal('Response');
export const NativeURL = G.URL;
export const responseStatus = getterOf(NativeResponse, 'status');
export const responseType = getterOf(NativeResponse, 'type');
export const responseHeaders = getterOf(NativeResponse, 'headers');
export const responseBody = getterOf(NativeResponse, 'body');
export const responseClone = methodOf(NativeResponse, 'clone');
export const headersEach = methodOf(NativeHeaders, 'forEach');
export const headersGet = methodOf(NativeHeaders, 'get');
export const headersSet = methodOf(NativeHeaders, 'set');
export const headersHas = methodOf(NativeHeaders, 'has');
export const urlHref = getterOf(G.URL, 'href');
export const requestURL = getterOf(NativeRequest, 'url');
export const requestHeaders = getterOf(NativeRequest, 'headers');
// Firefox has no Request.prototype.body: there, a Request's body is read
// with arrayBuffer.
export const requestBody = getterOf(NativeRequest, 'body');
export const requestBytes = methodOf(NativeRequest, 'arrayBuffer');

// Streams and text.
const streamProto = typeof G.ReadableStream === 'function' ? G.ReadableStream.prototype : null;
const readerProto = streamProto === null ? null : getPrototypeOf(new G.ReadableStream().getReader());
export const streamReader = streamProto === null ? null : uncurry(streamProto.getReader);
export const readChunk = readerProto === null ? null : uncurry(readerProto.read);
export const cancelReader = readerProto === null ? null : uncurry(readerProto.cancel);
export const NativeTextDecoder = G.TextDecoder;
export const decode = methodOf(G.TextDecoder, 'decode');
const encoder = typeof G.TextEncoder === 'function' ? new G.TextEncoder() : null;
const encodeText = methodOf(G.TextEncoder, 'encode');
export const encode = (text) => encodeText(encoder, text);
export const parseJSON = JSON.parse;
export const stringifyJSON = JSON.stringify;
