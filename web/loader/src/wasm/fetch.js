// wasm/fetch.js: fetching the wasm, and saying why it could not be had.
import { loadError } from '../errors.js';
import { NativeResponse, pageFetch } from '../intrinsics.js';
import { backOnline, offline } from './online.js';

// describe is an error's text, with what to do when a CSP blocked WebAssembly.
export function describe(err) {
  const text = String((err && err.message) || err);
  if (/Content[- ]Security[- ]Policy|CSP|unsafe-eval/i.test(text)) {
    return "WebAssembly was blocked by the page's Content-Security-Policy: add 'wasm-unsafe-eval' to script-src (" + text + ')';
  }
  return text;
}

function fetchFailed(url, err) {
  return loadError('cannot fetch ' + url + ' (network error, CORS refusal, or a CSP connect-src that does not allow it): ' +
    describe(err), { retryable: true, cause: err });
}

function httpFailed(url, status) {
  return loadError('cannot fetch ' + url + ': HTTP ' + status, { status, retryable: status === 429 || status >= 500 });
}

// mimeType is the Content-Type as WebAssembly.instantiateStreaming judges
// it: trimmed and case-insensitive, with no parameters allowed.
export function mimeType(response) {
  return (response.headers.get('content-type') || '').trim().toLowerCase();
}

// isWasm reports whether bytes start with WebAssembly's magic number.
export function isWasm(bytes) {
  const b = new Uint8Array(bytes, 0, Math.min(4, bytes.byteLength));
  return b.length === 4 && b[0] === 0 && b[1] === 0x61 && b[2] === 0x73 && b[3] === 0x6d;
}

export function notWasm(url, response) {
  return loadError(url + ' is not WebAssembly: the server answered HTTP ' + response.status + ' with ' +
    (mimeType(response) || 'no Content-Type') + ' (a wrong path, or a site that answers unknown paths with a page?)',
  { status: response.status });
}

export function notThisBuild(url, hashes, status) {
  return loadError(url + ' is not the inbenta-auth.wasm this loader was built with (it does not match ' + hashes.sri +
    '): serve the files of one build together', { status });
}

export function compileFailed(url, err, status) {
  return loadError('cannot compile ' + url + ': ' + describe(err), { status, cause: err });
}

export function warnMIME(url, type) {
  console.warn('InbentaAuth: ' + url + ' was served as ' + (type || 'no Content-Type') +
    ', not application/wasm, so it is compiled without streaming (slower). Serve .wasm files as Content-Type: application/wasm.');
}

// downloaded is the body's bytes (read from a Response or a promise of
// them); a failure to read them is a fetch failure.
export async function downloaded(url, bytes) {
  try {
    return await (bytes instanceof NativeResponse ? bytes.arrayBuffer() : bytes);
  } catch (err) {
    throw fetchFailed(url, err);
  }
}

// fetchWasm fetches url, checking its SRI hash when hashes is not null.
export async function fetchWasm(url, hashes, signal) {
  const init = hashes ? { integrity: hashes.sri, signal } : { signal };
  let response;
  for (;;) {
    try {
      response = await pageFetch(url, init);
      break;
    } catch (err) {
      // Offline, the load waits to be online (boot bounds it); the fetch
      // comes first all the same: a service worker may answer it.
      if (signal === undefined || signal.aborted || !offline()) {
        throw hashes ? await diagnose(url, hashes, err, signal) : fetchFailed(url, err);
      }
      await backOnline(signal);
    }
  }
  if (!response.ok) {
    throw httpFailed(url, response.status);
  }
  return response;
}

// diagnose tells why a fetch with integrity failed: a network error, an
// HTTP error and a hash mismatch all look the same. It asks once more
// without the hash; those bytes are only looked at, never compiled.
async function diagnose(url, hashes, err, signal) {
  let response;
  let bytes;
  try {
    response = await pageFetch(url, { cache: 'no-store', signal });
    bytes = response.ok ? await response.arrayBuffer() : null;
  } catch {
    return fetchFailed(url, err);
  }
  if (!response.ok) {
    return httpFailed(url, response.status);
  }
  if (!isWasm(bytes)) {
    return notWasm(url, response);
  }
  const e = notThisBuild(url, hashes, response.status);
  e.cause = err;
  return e;
}
