// tabs/sharing.js: the browser's APIs the tab protocol runs on (Web Locks,
// BroadcastChannel, timers), taken when the loader runs, as one object:
// null where one is missing, and every page then keeps its own token, as
// without sharing. Tests hand the hub a fake of the same shape.
import { NativePromise, apply, freeze, getOwnPropertyDescriptor, hasOwn, then } from '../intrinsics.js';

export function captureSharing(global = globalThis) {
  try {
    const nav = global.navigator;
    const locks = typeof nav === 'object' && nav !== null ? nav.locks : undefined;
    const Channel = global.BroadcastChannel;
    if (typeof Channel !== 'function' || typeof locks !== 'object' || locks === null) {
      return null;
    }
    const { request, query } = Object.getPrototypeOf(locks);
    const { postMessage, close } = Channel.prototype;
    const { addEventListener } = global.EventTarget.prototype;
    const { setTimeout, clearTimeout, AbortController: Abort } = global;
    const names = (list) => {
      const out = [];
      for (let i = 0; i < list.length; i++) {
        out[out.length] = list[i].name;
      }
      return out;
    };
    const id = new Uint8Array(8);
    global.crypto.getRandomValues(id);
    return freeze({
      // instance names this wasm instance: messages from it are its own.
      instance: Array.from(id, (b) => (b + 256).toString(16).slice(1)).join('') + '.',
      request: (name, options, granted) => apply(request, locks, [name, options, granted]),
      // lockNames is a Promise of the names of the origin's locks, held and pending.
      lockNames: () => then(apply(query, locks, []), (state) => ({ held: names(state.held), pending: names(state.pending) })),
      open(name, onMessage) {
        const channel = new Channel(name);
        apply(addEventListener, channel, ['message', onMessage]);
        return { post: (m) => apply(postMessage, channel, [m]), close: () => apply(close, channel, []) };
      },
      // own is m's own data property key: a message is a structured
      // clone, but its prototype is this page's Object.prototype.
      own(m, key) {
        const d = typeof m === 'object' && m !== null ? getOwnPropertyDescriptor(m, key) : undefined;
        return d !== undefined && hasOwn(d, 'value') ? d.value : undefined;
      },
      later: (fn, ms) => apply(setTimeout, global, [fn, ms]),
      cancelLater: (timer) => apply(clearTimeout, global, [timer]),
      Abort,
    });
  } catch {
    return null;
  }
}

// holdLock is a Promise of the release of lock name, or of null when it
// is not had (options.ifAvailable and taken, or options.signal aborted).
// maxHold > 0 releases it by itself after that many ms.
export function holdLock(sharing, name, options, maxHold) {
  return new NativePromise((resolve) => {
    then(sharing.request(name, options, (lock) => {
      if (lock === null) {
        resolve(null);
        return undefined;
      }
      return new NativePromise((done) => {
        let timer;
        const release = () => {
          sharing.cancelLater(timer);
          done();
        };
        if (maxHold > 0) {
          timer = sharing.later(release, maxHold);
        }
        resolve(release);
      });
    }), undefined, () => resolve(null));
  });
}
