// errors.js: the SDK's Error, for the loader and (through the bridge kit)
// for the Go side: a stable code, retryable, and the status and cause when
// there are some.
import { NativeError, defineProperty } from './intrinsics.js';

// sdkError's fields are defined, not assigned, so a setter a page put on
// Error.prototype never runs.
export function sdkError(code, message, { status, retryable = false, cause } = {}) {
  const err = new NativeError('InbentaAuth: ' + message);
  const define = (name, value) =>
    defineProperty(err, name, { __proto__: null, value, writable: true, configurable: true, enumerable: false });
  define('name', 'InbentaAuthError');
  define('code', code);
  define('retryable', retryable);
  if (status !== undefined) {
    define('status', status);
  }
  if (cause !== undefined) {
    define('cause', cause);
  }
  return err;
}

export function invalid(message, cause) {
  return sdkError('INVALID_ARGUMENT', message, cause === undefined ? {} : { cause });
}

export function loadError(message, details) {
  return sdkError('WASM_LOAD_FAILED', message, details);
}

// isCoded reports whether err is an SDK error (made here or by Go).
export function isCoded(err) {
  return err instanceof NativeError && err.name === 'InbentaAuthError';
}

// coded rethrows err so that callers can always switch on err.code: errors
// from the Go side carry one already; anything else (such as wasm_exec.js's
// "Go program has already exited") becomes INTERNAL.
export function coded(err) {
  if (err instanceof NativeError && typeof err.code === 'string') {
    throw err;
  }
  throw sdkError('INTERNAL', String((err && err.message) || err), { cause: err });
}
