// client/session.js: the objects client.session(product) resolves with,
// over the Go side's session methods (jsbridge/sessions.go), which decide
// the session as they decide the token. A session object is its client's
// session of one product, whichever conversation is current: a client
// gives the same object for a product every time, session.id reads the
// current conversation's ID, and after end() the next call starts another.
// Its calls go the way of client.fetch (client/send.js).
import { abortable, abortedError } from '../abort.js';
import { asCoded, isCoded } from '../errors.js';
import {
  NativeWeakMap, bind, defineProperty, objectCreate, rejected, signalAborted, weakGet, weakSet,
} from '../intrinsics.js';
import { plainCall } from './call.js';
import { REPLAY_SESSION, REPLAY_TOKEN, sessionHeaders } from './send.js';

// The methods a page may pass around as functions (session.fetch, ...).
const BOUND = ['fetch', 'end'];

// sessionFactory answers {open, forget}: open(client, product) makes the
// session object of a client's record ({h, extra}), forget(session) drops
// the header values its record holds. m is the Go side's methods, sender
// client/send.js's.
export function sessionFactory(m, sender) {
  const { sessionVerdict: goVerdict, endSession: goEnd, sessionId: goId } = m;
  const { send, sendWhenReady } = sender;
  // A session's record: its client's handle and product headers, its
  // product, and the header values of the newest token and session
  // generations Go handed over (client/send.js, sessionHeaders).
  const records = new NativeWeakMap();
  const recordOf = (session) => (typeof session === 'object' && session !== null ? weakGet(records, session) : undefined) ||
    { h: undefined, product: '', extra: { names: [], values: {} }, headers: null };

  // fetch asks Go once, synchronously, whether the token and the session
  // can go to the URL now, passing the generations of the values it holds;
  // only a call that must wait for them or read a body, or a 4xx, takes a
  // Promise round trip through Go.
  function fetch(input, init) {
    try {
      const rec = recordOf(this);
      const call = plainCall(input, init);
      let headers = rec.headers;
      const verdict = goVerdict(rec.h, rec.product, call.url, headers === null ? 0 : headers.generation,
        headers === null ? 0 : headers.session);
      if (typeof verdict !== 'number') { // new values, or an Error
        headers = isCoded(verdict) ? null : sessionHeaders(verdict);
        if (headers === null) {
          return rejected(asCoded(verdict));
        }
        rec.headers = headers;
      }
      if (call.signal !== undefined && signalAborted(call.signal)) {
        return rejected(abortedError(call.signal)); // as fetch does, sending nothing
      }
      if (verdict === 0 || call.bodyP !== null) {
        return abortable(sendWhenReady(rec, call), call.signal);
      }
      return send(rec, call, headers, REPLAY_TOKEN | REPLAY_SESSION);
    } catch (err) {
      return rejected(err);
    }
  }

  const proto = {
    fetch,
    end() {
      try {
        const rec = recordOf(this);
        rec.headers = null;
        return goEnd(rec.h, rec.product);
      } catch (err) {
        return rejected(err);
      }
    },
    get id() {
      const rec = recordOf(this);
      return goId(rec.h, rec.product);
    },
  };

  function open(client, product) {
    const session = objectCreate(proto);
    weakSet(records, session, { __proto__: null, h: client.h, product, extra: client.extra, headers: null });
    defineProperty(session, 'product', { __proto__: null, value: product, enumerable: true });
    // Bound copies let pages pass session.fetch around as a function.
    for (let i = 0; i < BOUND.length; i++) {
      defineProperty(session, BOUND[i], { __proto__: null, value: bind(proto[BOUND[i]], session), enumerable: true, configurable: true, writable: true });
    }
    return session;
  }

  function forget(session) {
    recordOf(session).headers = null;
  }

  return { open, forget };
}
