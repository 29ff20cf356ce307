// kit.js: the bridge kit, handed to the Go side (jsbridge/kit.go): each
// function does in one call what would take Go several, and hands Go fewer
// JS values, which Go holds until its garbage collector runs. The jsbridge
// tests import this module, so they run the kit pages run.
import { plainAnswer } from './body.js';
import { sdkError } from './errors.js';
import {
  NativeMap, NativePromise, defineProperty, encode, freeze, parseJSON, rejected, resolved, then,
} from './intrinsics.js';
import { notification } from './notification.js';
import { plainData } from './plain.js';

// bridgeKit makes a kit; tabs (tabs/tabs.js) is how clients share tokens,
// storage (persist.js: the tab's sessionStorage, or null) where the clients
// of options.persist 'session' keep theirs.
export function bridgeKit(tabs, storage = null) {
  const pending = new NativeMap();
  const watch = (p, id, deliver) => {
    then(
      p,
      (value) => deliver(id, true, value),
      (reason) => deliver(id, false, reason),
    );
  };
  return freeze({
    promise(id) {
      return new NativePromise((resolve, reject) => pending.set(id, { resolve, reject }));
    },
    settle(id, ok, value) {
      const p = pending.get(id);
      if (p) {
        pending.delete(id);
        (ok ? p.resolve : p.reject)(value);
      }
    },
    resolved,
    rejected,
    parse: parseJSON,
    watch,
    // hook(fn, reason) runs the page's refresh hook in a microtask, not
    // now: calls a page makes in the same task then all join this one
    // refresh, even when the hook throws at once.
    hook(fn, reason) {
      return then(undefined, () => fn({ reason }));
    },
    plain: plainData,
    // answer(fetched) is a Promise of the Auth API answer fetched (a
    // Promise of a Response) as the plain values Go reads (body.js's
    // plainAnswer), the answer of the early /auth's too. The body never
    // reaches Go as text, so no copy of a token in it stays in Go's memory.
    answer(fetched) {
      return then(fetched, (response) => plainAnswer(response, undefined));
    },
    // bytes(text) is text's UTF-8, for Go to copy into memory it owns.
    bytes: encode,
    // bearer(headers, token) sets headers.authorization: the header string
    // is made here, not in Go.
    bearer(headers, token) {
      defineProperty(headers, 'authorization', { __proto__: null, value: 'Bearer ' + token, enumerable: true });
    },
    // record(frozen, name, value, ...) is an object with those own
    // properties, defined rather than assigned (Go's js.ValueOf assigns,
    // which would run a setter a page put on Object.prototype).
    record(frozen, ...pairs) {
      const out = {};
      for (let i = 0; i + 1 < pairs.length; i += 2) {
        defineProperty(out, pairs[i], { __proto__: null, value: pairs[i + 1], writable: !frozen, enumerable: true, configurable: !frozen });
      }
      return frozen ? freeze(out) : out;
    },
    error(code, message, retryable, status, cause) {
      return sdkError(code, message, { retryable, status: status === 0 ? undefined : status, cause });
    },
    // notification(lang, title, body, button, dismiss) draws the default
    // refresh-error notification (notification.js).
    notification,
    // peers(group, id, deliver) is a client's side of its group, or null
    // where the browser cannot share.
    peers: tabs.peers,
    // storage is {read(key), write(key, record), remove(key)}, or null.
    storage,
  });
}
