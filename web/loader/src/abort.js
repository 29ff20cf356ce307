// abort.js: a page's AbortSignal, honoured at every wait the SDK adds to a
// call (reading a body, waiting for a token), as fetch honours it: the
// call rejects at once, with ABORTED named AbortError.
import { sdkError } from './errors.js';
import { NativePromise, listen, rejected, signalAborted, signalReason, then, unlisten } from './intrinsics.js';

// signalOf is value if it is an AbortSignal, else undefined (fetch itself
// refuses what is neither a signal nor nullish).
export function signalOf(value) {
  if (value === undefined || value === null) {
    return undefined;
  }
  try {
    signalAborted(value);
    return value;
  } catch {
    return undefined;
  }
}

export function abortedError(signal) {
  return sdkError('ABORTED', 'the call was aborted (init.signal)', { cause: signalReason === null ? undefined : signalReason(signal) });
}

// abortable is p, or a rejection as soon as signal aborts. onAbort runs
// then, to stop the work p waits for.
export function abortable(p, signal, onAbort) {
  if (signal === undefined) {
    return p;
  }
  if (signalAborted(signal)) {
    if (onAbort !== undefined) {
      onAbort();
    }
    then(p, undefined, () => {}); // settled, but no one waits for it
    return rejected(abortedError(signal));
  }
  return new NativePromise((resolve, reject) => {
    const abort = () => {
      reject(abortedError(signal));
      if (onAbort !== undefined) {
        onAbort();
      }
    };
    listen(signal, 'abort', abort);
    then(p, (value) => {
      unlisten(signal, 'abort', abort);
      resolve(value);
    }, (err) => {
      unlisten(signal, 'abort', abort);
      reject(err);
    });
  });
}
