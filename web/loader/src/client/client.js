// client/client.js: the client objects over the Go side's methods
// (jsbridge/methods.go), each taking the client's handle first. The handle
// lives in a WeakMap: a page cannot read it nor forge a client.
import { abortable, abortedError } from '../abort.js';
import { invalid } from '../errors.js';
import {
  NativeWeakMap, bind, defineProperty, objectCreate, ownKeys, rejected, signalAborted, startTimer, then, weakGet, weakSet,
} from '../intrinsics.js';
import { plainCall } from './call.js';
import { REPLAY_TOKEN, createSender, tokenHeaders } from './send.js';
import { sessionFactory } from './session.js';

// The methods a page may pass around as functions (client.fetch, ...).
const BOUND = ['fetch', 'accessToken', 'close', 'setRefresh', 'setRefreshErrorHandler', 'on', 'off', 'session'];

// clientFactory answers wrap(handle), which makes a client object. m is
// the Go side's methods; each is called as a plain function (as m's
// method, each call would hand Go m as its this, one more JS value for Go
// to hold).
export function clientFactory(m) {
  const {
    accessToken: goAccessToken, apis: goApis, close: goClose, expiration: goExpiration, flush: goFlush,
    headers: goHeaders, off: goOff, on: goOn, productHeaders: goProductHeaders, session: goSession,
    setRefresh: goSetRefresh, setRefreshErrorHandler: goSetRefreshErrorHandler, verdict: goVerdict,
  } = m;
  const sender = createSender(m);
  const { send, sendWhenReady } = sender;
  const sessions = sessionFactory(m, sender);
  // A client's record: its handle, the headers of the newest token
  // generation Go handed over (client/send.js, tokenHeaders), the product
  // headers (productHeaders) and its session objects by product.
  const records = new NativeWeakMap();
  const recordOf = (client) => (typeof client === 'object' && client !== null ? weakGet(records, client) : undefined) ||
    { h: undefined, headers: null, extra: NO_HEADERS, sessions: { __proto__: null } };

  // fetch asks Go once, synchronously, whether the token can go to the
  // URL now; only a call that must wait for a token or read a body, or a
  // 401/403, takes a Promise round trip through Go.
  function fetch(input, init) {
    try {
      const rec = recordOf(this);
      const call = plainCall(input, init);
      const verdict = goVerdict(rec.h, call.url);
      if (typeof verdict !== 'number') {
        return rejected(verdict);
      }
      let headers = rec.headers;
      if (verdict > 0 && (headers === null || headers.generation !== verdict)) {
        headers = rec.headers = tokenHeaders(goHeaders(rec.h));
      }
      if (call.signal !== undefined && signalAborted(call.signal)) {
        return rejected(abortedError(call.signal)); // as fetch does, sending nothing
      }
      if (verdict === 0 || call.bodyP !== null || headers === null || headers.generation !== verdict) {
        return abortable(sendWhenReady(rec, call), call.signal);
      }
      return send(rec, call, headers, REPLAY_TOKEN);
    } catch (err) {
      return rejected(err);
    }
  }

  const proto = {
    fetch,
    accessToken() {
      return goAccessToken(recordOf(this).h);
    },
    close() {
      const rec = recordOf(this);
      rec.headers = null;
      const products = ownKeys(rec.sessions);
      for (let i = 0; i < products.length; i++) {
        sessions.forget(rec.sessions[products[i]]);
      }
      goClose(rec.h);
    },
    // session resolves once the product's session is started (by this
    // call, or one before it) with the client's session object for it.
    session(product) {
      try {
        const rec = recordOf(this);
        const name = productName(product);
        return then(goSession(rec.h, name), () => rec.sessions[name] || (rec.sessions[name] = sessions.open(rec, name)));
      } catch (err) {
        return rejected(err);
      }
    },
    setRefresh(fn) {
      return checked(() => goSetRefresh(recordOf(this).h, functionOrNull(fn, 'setRefresh')));
    },
    setRefreshErrorHandler(fn) {
      return checked(() => goSetRefreshErrorHandler(recordOf(this).h, functionOrNull(fn, 'setRefreshErrorHandler')));
    },
    on(name, fn) {
      return checked(() => goOn(recordOf(this).h, eventName(name), listener(fn)));
    },
    off(name, fn) {
      return checked(() => goOff(recordOf(this).h, eventName(name), listener(fn)));
    },
    // apis are the current token's, and once the client holds none (it
    // was closed), the last it had: creation guarantees a client some.
    get apis() {
      const rec = recordOf(this);
      const apis = goApis(rec.h);
      if (apis !== null && apis !== undefined) {
        rec.apis = apis;
      }
      return rec.apis;
    },
    get expiration() {
      return goExpiration(recordOf(this).h);
    },
  };
  return (h) => {
    // Events of the creation (a refresh before it resolved) go out a task
    // from now, to the listeners the page adds when it gets the client.
    startTimer(() => goFlush(h), 0);
    const client = objectCreate(proto);
    weakSet(records, client, {
      __proto__: null, h, headers: null, extra: productHeaders(goProductHeaders(h)), sessions: { __proto__: null }, apis: undefined,
    });
    // Bound copies let pages pass client.fetch around as a function.
    for (let i = 0; i < BOUND.length; i++) {
      defineProperty(client, BOUND[i], { __proto__: null, value: bind(proto[BOUND[i]], client), enumerable: true, configurable: true, writable: true });
    }
    return client;
  };
}

const NO_HEADERS = { names: [], values: {} };

// productHeaders are the headers of the options environment, userType and
// source as Go hands them over (a frozen {name: value}), with their names
// listed once per client (client/send.js adds them).
function productHeaders(values) {
  return typeof values === 'object' && values !== null ? { names: ownKeys(values), values } : NO_HEADERS;
}

// productName is client.session's argument, for Go to judge (chatbot,
// search and knowledge have sessions).
function productName(product) {
  if (typeof product !== 'string' || product.length > 64) {
    throw invalid('client.session takes a product name: chatbot, search or knowledge');
  }
  return product;
}

// checked answers a Promise whatever fn throws.
function checked(fn) {
  try {
    return fn();
  } catch (err) {
    return rejected(err);
  }
}

// functionOrNull is fn for a setter: a function, or null/undefined.
function functionOrNull(fn, what) {
  if (typeof fn === 'function' || fn === null || (typeof fn === 'undefined' && fn === undefined)) {
    return fn;
  }
  throw invalid(what + ' takes a function, or null');
}

function eventName(name) {
  if (typeof name !== 'string' || name.length > 64) {
    throw invalid('the event name must be a string');
  }
  return name;
}

function listener(fn) {
  if (typeof fn !== 'function') {
    throw invalid('the listener must be a function');
  }
  return fn;
}
