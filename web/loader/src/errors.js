// errors.js: the SDK's Error, for the loader and (through the bridge kit)
// for the Go side: a stable code, retryable, and the status and cause when
// there are some.
import { NativeError, NativeWeakSet, defineProperty, weakSetAdd, weakSetHas } from './intrinsics.js';

// The errors made here, by identity: a page cannot make one.
const made = new NativeWeakSet();

// sdkError's fields are defined, not assigned, so a setter a page put on
// Error.prototype never runs. An ABORTED error is named AbortError, as
// fetch names its own, so that a page's check of err.name holds.
export function sdkError(code, message, { status, retryable = false, cause } = {}) {
  const err = new NativeError('InbentaAuth: ' + message);
  const define = (name, value) =>
    defineProperty(err, name, { __proto__: null, value, writable: true, configurable: true, enumerable: false });
  define('name', code === 'ABORTED' ? 'AbortError' : 'InbentaAuthError');
  define('code', code);
  define('retryable', retryable);
  if (status !== undefined) {
    define('status', status);
  }
  if (cause !== undefined) {
    define('cause', cause);
  }
  weakSetAdd(made, err);
  return err;
}

export function invalid(message, cause) {
  return sdkError('INVALID_ARGUMENT', message, cause === undefined ? {} : { cause });
}

export function loadError(message, details) {
  return sdkError('WASM_LOAD_FAILED', message, details);
}

// isCoded reports whether err is an SDK error (made here, or by Go
// through the kit).
export function isCoded(err) {
  return typeof err === 'object' && err !== null && weakSetHas(made, err);
}

// isInbentaAuthError is the public isCoded: TypeScript narrows with it.
export const isInbentaAuthError = (err) => isCoded(err);

// asCoded is err if it is an SDK error, else err as INTERNAL: whatever
// happens, a rejection carries a code.
export function asCoded(err) {
  return isCoded(err) ? err : sdkError('INTERNAL', String((err && err.message) || err), { cause: err });
}

// coded rethrows err so that callers can always switch on err.code: errors
// from the Go side carry one already; anything else (such as wasm_exec.js's
// "Go program has already exited") becomes INTERNAL.
export function coded(err) {
  throw asCoded(err);
}
