// tabs/sharing.js: the browser's APIs the tab protocol runs on (Web Locks,
// BroadcastChannel, timers), taken when the loader runs, as one object:
// null where one is missing, and every page then keeps its own token, as
// without sharing. Tests hand the hub a fake of the same shape.
import {
  NativeError, NativePromise, apply, freeze, getOwnPropertyDescriptor, hasOwn, rejected, then,
} from '../intrinsics.js';

// A working lock manager answers a query, and a request made ifAvailable,
// at once. One that throws, or leaves either unanswered this long (a page
// broke it), is broken: the loader shares nothing from then on (tabs.js).
export const ANSWER_MS = 2000;

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
    const later = (fn, ms) => apply(setTimeout, global, [fn, ms]);
    const cancelLater = (timer) => apply(clearTimeout, global, [timer]);
    let broken = false;
    const unanswered = () => {
      broken = true;
      return new NativeError('the lock manager did not answer within ' + ANSWER_MS + ' ms');
    };
    return freeze({
      // instance names this wasm instance: messages from it are its own.
      instance: Array.from(id, (b) => (b + 256).toString(16).slice(1)).join('') + '.',
      // request never throws: a lock manager that does rejects. An
      // ifAvailable request is granted null when it stays unanswered; a
      // grant after that is released at once.
      request(name, options, granted) {
        let answered = false;
        let timer;
        const answer = (lock) => {
          if (answered) {
            return undefined;
          }
          answered = true;
          cancelLater(timer);
          return granted(lock);
        };
        if (options.ifAvailable) {
          timer = later(() => {
            if (!answered) {
              unanswered();
              answer(null);
            }
          }, ANSWER_MS);
        }
        try {
          return apply(request, locks, [name, options, answer]);
        } catch (err) {
          broken = true;
          answered = true;
          cancelLater(timer);
          return rejected(err);
        }
      },
      // lockNames is a Promise of the names of the origin's locks, held and
      // pending; it rejects when the lock manager fails to answer.
      lockNames: () => new NativePromise((resolve, reject) => {
        const timer = later(() => reject(unanswered()), ANSWER_MS);
        const fail = (err) => {
          cancelLater(timer);
          reject(err);
        };
        try {
          const state = apply(query, locks, []);
          then(then(state, (s) => ({ held: names(s.held), pending: names(s.pending) })), (value) => {
            cancelLater(timer);
            resolve(value);
          }, fail);
        } catch (err) {
          broken = true;
          fail(err);
        }
      }),
      // broken reports whether the lock manager was found broken.
      broken: () => broken,
      // A channel that cannot post nor close is one that delivers nothing.
      open(name, onMessage) {
        const channel = new Channel(name);
        apply(addEventListener, channel, ['message', onMessage]);
        const quietly = (method, args) => {
          try {
            apply(method, channel, args);
          } catch {
            // as if posted, and never delivered
          }
        };
        return { post: (m) => quietly(postMessage, [m]), close: () => quietly(close, []) };
      },
      // own is m's own data property key: a message is a structured
      // clone, but its prototype is this page's Object.prototype.
      own(m, key) {
        const d = typeof m === 'object' && m !== null ? getOwnPropertyDescriptor(m, key) : undefined;
        return d !== undefined && hasOwn(d, 'value') ? d.value : undefined;
      },
      later,
      cancelLater,
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
