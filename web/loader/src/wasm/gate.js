// wasm/gate.js: the wasm's compile waits for the claim of the first early
// /auth (early.js), at most GATE_MS: on a repeat visit the wasm comes from
// the HTTP cache and V8 decodes it in one long main-thread task, behind
// which the lock manager's answers to the claim, and so the /auth, would
// wait.
import { NativePromise, startTimer, stopTimer, then } from '../intrinsics.js';

const GATE_MS = 50;

export function createGate() {
  let pending = null;
  return Object.freeze({
    // hold makes the next compile wait for claimed (a Promise), unless
    // another claim holds it already.
    hold(claimed) {
      if (pending === null) {
        pending = claimed;
      }
    },
    // open is a Promise that settles when the claim does, or GATE_MS from
    // now; undefined when there is nothing to wait for.
    open() {
      const claimed = pending;
      pending = null;
      if (claimed === null) {
        return undefined;
      }
      return new NativePromise((resolve) => {
        const timer = startTimer(resolve, GATE_MS);
        then(claimed, () => {
          stopTimer(timer);
          resolve();
        }, resolve);
      });
    },
  });
}
