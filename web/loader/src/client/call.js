// client/call.js: a product call as plain values, read from the page's
// fetch arguments once: one absolute URL string, which is both checked and
// sent, and the init sent, with its headers and a body that can be sent
// twice (the one replay).
import { signalOf } from '../abort.js';
import { readLimited } from '../body.js';
import { invalid } from '../errors.js';
import {
  NativeHeaders, NativeRequest, NativeResponse, NativeString, getterOf, headersGet, headersHas, headersSet,
  requestBody, requestBytes, requestHeaders, requestURL, responseBody, responseHeaders, then, urlHref,
} from '../intrinsics.js';
import { ownData, ownKeysOf, undetectable } from '../plain.js';
import { absoluteURL } from '../url.js';

// A body that is not a string is read once, so the one replay can send it
// again: product calls are small JSON, and a larger body is refused.
export const MAX_BODY = 1 << 20;

// What fetch's init may carry; anything else is not passed on.
const INIT_KEYS = {
  __proto__: null, method: true, headers: true, body: true, mode: true, credentials: true, cache: true, redirect: true,
  referrer: true, referrerPolicy: true, integrity: true, keepalive: true, signal: true, priority: true,
};
// A simple init has only these: fetch takes it as it is (client/send.js).
const SIMPLE_KEYS = { __proto__: null, method: true, headers: true, body: true };

// A Request input's fields, read through Request.prototype's getters.
const REQUEST_FIELDS = ['method', 'mode', 'credentials', 'cache', 'redirect', 'referrer', 'referrerPolicy', 'integrity', 'keepalive', 'signal']
  .map((name) => [name, getterOf(NativeRequest, name)])
  .filter(([, get]) => get !== null);

// absolute resolves a URL string as fetch would.
function absolute(text) {
  try {
    return absoluteURL(text);
  } catch (err) {
    throw invalid('fetch needs a URL or a Request: ' + text + ' is not a URL', err);
  }
}

// primitive turns a URL input into a string once: a real URL's own href,
// anything else as fetch would stringify it (only once: an object whose
// toString changes its answer cannot give one URL to check and another to
// send).
function primitive(input) {
  if (typeof input === 'string') {
    return input;
  }
  try {
    return urlHref(input);
  } catch {
    // not a URL
  }
  try {
    return NativeString(input);
  } catch (err) {
    throw invalid('fetch needs a URL or a Request', err);
  }
}

// plainCall is {url, init, bodyP, simple, signal}: bodyP is a Promise of
// the body's bytes (null past MAX_BODY) when a body must be read first;
// simple is true of a call with only a method, headers and a string body;
// signal is the call's AbortSignal, if any. Redirects are never followed:
// the browser would send x-inbenta-key on to wherever they point.
export function plainCall(input, init) {
  if (input === undefined) {
    throw invalid('fetch needs a URL or a Request');
  }
  // Every member fetch reads is an own property, so a polluted
  // Object.prototype adds nothing; a literal of one shape, unlike a
  // null-prototype object, keeps fetch's reading of it fast.
  const out = {
    method: undefined, headers: undefined, body: undefined, mode: undefined, credentials: undefined, cache: undefined,
    redirect: undefined, referrer: undefined, referrerPolicy: undefined, integrity: undefined, keepalive: undefined,
    signal: undefined, priority: undefined, duplex: undefined, window: undefined,
  };
  const call = readInput(input, out);
  if (undetectable(input) || undetectable(init)) {
    throw invalid('fetch takes a URL or a Request, and an init object');
  }
  if (init !== undefined && init !== null) {
    readInit(init, out, call);
  }
  try {
    out.headers = new NativeHeaders(call.headers === undefined ? undefined : call.headers);
  } catch (err) {
    throw invalid('fetch init.headers are not valid headers', err);
  }
  out.redirect = 'manual';
  const signal = signalOf(out.signal);
  let bodyP = call.stream === null ? null : call.stream === undefined
    ? then(requestBytes(input), (b) => (b.byteLength > MAX_BODY ? null : new Uint8Array(b)))
    : readLimited(call.stream, MAX_BODY, signal);
  if (call.body !== null && typeof call.body !== 'string') {
    bodyP = readBody(call.body, out.headers, signal);
  } else if (call.body !== null) {
    out.body = call.body;
  }
  if (bodyP !== null) {
    bodyP = then(bodyP, undefined, (err) => {
      throw invalid('the request body could not be read', err);
    });
  }
  return { url: call.url, init: out, bodyP, simple: call.simple && bodyP === null, signal };
}

// readInput reads fetch's first argument: a Request's fields (into out)
// through Request.prototype's getters, or a URL. It answers what the init
// may still change: {url, headers, body, stream (a Request's body), simple}.
function readInput(input, out) {
  // Only an object can be a Request (the brand check throws for the rest,
  // and a throw per call is costly).
  if (typeof input === 'object' && input !== null) {
    let url;
    try {
      url = requestURL(input);
    } catch {
      url = undefined;
    }
    if (url !== undefined) {
      for (let i = 0; i < REQUEST_FIELDS.length; i++) {
        out[REQUEST_FIELDS[i][0]] = REQUEST_FIELDS[i][1](input);
      }
      const stream = requestBody === null ? undefined : requestBody(input);
      return { url, headers: new NativeHeaders(requestHeaders(input)), body: null, stream, simple: false };
    }
  }
  return { url: absolute(primitive(input)), headers: undefined, body: null, stream: null, simple: true };
}

// readInit reads the init's own data properties that fetch takes, once.
function readInit(init, out, call) {
  if (typeof init !== 'object') {
    throw invalid('fetch init must be an object');
  }
  const keys = ownKeysOf(init, 'fetch init');
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    if (INIT_KEYS[key] !== true) {
      continue;
    }
    const value = ownData(init, key, 'fetch init');
    if (SIMPLE_KEYS[key] !== true) {
      call.simple = false;
    }
    if (key === 'headers') {
      call.headers = value;
    } else if (key === 'body') {
      call.body = value === undefined ? null : value;
      call.stream = null;
    } else if (value !== undefined) {
      out[key] = value;
    }
  }
}

// readBody reads a body that is not a string once, through a Response: it
// knows every BodyInit, and the Content-Type each implies (a form's
// boundary, a Blob's type), which headers get unless they have one.
function readBody(body, headers, signal) {
  let response;
  try {
    response = new NativeResponse(body);
  } catch (err) {
    throw invalid('fetch init.body is not a body', err);
  }
  const type = headersGet(responseHeaders(response), 'content-type');
  if (type !== null && !headersHas(headers, 'content-type')) {
    headersSet(headers, 'content-type', type);
  }
  return readLimited(responseBody(response), MAX_BODY, signal);
}
