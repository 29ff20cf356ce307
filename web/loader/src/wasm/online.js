// wasm/online.js: whether the browser says it is offline, and its next
// online event.
import { NativePromise } from '../intrinsics.js';

// offline is true when the browser says it has no network; a
// navigator.onLine that throws says nothing (as Go reads it).
export function offline() {
  try {
    return typeof navigator !== 'undefined' && navigator.onLine === false;
  } catch {
    return false;
  }
}

// backOnline settles at the browser's next online event, or when signal
// aborts.
export function backOnline(signal) {
  return new NativePromise((resolve) => {
    const done = () => {
      globalThis.removeEventListener('online', done);
      signal.removeEventListener('abort', done);
      resolve();
    };
    globalThis.addEventListener('online', done);
    signal.addEventListener('abort', done);
  });
}
