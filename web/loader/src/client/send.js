// client/send.js: sending a product call with a token's headers (and, for
// session.fetch, the session's), and at most one replay of each kind:
// after the API refused the token, and after it answered the session
// expired (docs/development.md: one product-call path).
import { abortable, abortedError } from '../abort.js';
import { readLimited, text } from '../body.js';
import { invalid, isCoded, sdkError } from '../errors.js';
import {
  NativeRequest, headersGet, headersHas, headersSet, now, pageFetch, rejected, responseBody, responseClone,
  responseHeaders, responseStatus, responseType, signalAborted, then,
} from '../intrinsics.js';
import { MAX_BODY } from './call.js';

const METHOD = /^[!#$%&'*+.^_`|~0-9A-Z-]+$/;
// A 4xx's body is read only to tell the gateway's expired-token 403 or a
// product's "Session expired" (a few dozen bytes) from other refusals.
const MAX_REFUSAL = 4096;

// The replays a call may still make, a bit each (jsbridge/sessions.go
// reads the same bits): a client call's after a refused token, and a
// session call's after "Session expired" too.
export const REPLAY_TOKEN = 1;
export const REPLAY_SESSION = 2;

// tokenHeaders names the header values Go hands over for a token
// generation ([generation, x-inbenta-key, the token]), or null.
export function tokenHeaders(values) {
  return values === null || values === undefined ? null : { generation: values[0], key: values[1], token: values[2] };
}

// sessionHeaders names the values Go hands over for a session call
// ({headers: a token's, session: its generation, sessionToken, bearer,
// replay}): the token's header values, the session's generation and its
// x-inbenta-session value, made here once per generation; or null.
export function sessionHeaders(values) {
  if (values === null || values === undefined) {
    return null;
  }
  const token = values.headers;
  const session = values.sessionToken;
  return {
    generation: token[0], key: token[1], token: token[2], session: values.session,
    value: values.bearer === true ? 'Bearer ' + session : session,
  };
}

// createSender sends the calls of the clients and their sessions over go,
// the Go side's methods (jsbridge/methods.go): token(handle, url),
// rejected(handle, url, generation, status, text), failed(reason), and
// for sessions session(handle, product, url), sessionRejected(...) and
// touch(handle, product, session, sent). A call's rec is its client's
// record ({h, headers, extra}) or its session's ({h, product, headers,
// extra}); headers are what Go handed over for it (tokenHeaders,
// sessionHeaders), extra the product headers ({names, values}: Go's
// x-inbenta-env, x-inbenta-user-type and x-inbenta-source).
export function createSender(go) {
  // Called as plain functions, so that Go is handed no this.
  const {
    token: goToken, rejected: goRejected, failed: goFailed, session: goSession, sessionRejected: goSessionRejected,
    touch: goTouch,
  } = go;
  // send fetches call with headers. A simple call goes to fetch as a URL
  // and init, checked here as fetch would; any other is built as a Request
  // first, whose constructor checks it: either way bad arguments are
  // INVALID_ARGUMENT, not a network failure (fetch rejects both with a
  // TypeError). The answer goes to the page, or to Go once when it may
  // call for a replay left in replays (which sends again with what Go
  // gives).
  function send(rec, call, headers, replays) {
    const sending = call.init.headers;
    headersSet(sending, 'x-inbenta-key', headers.key);
    headersSet(sending, 'authorization', 'Bearer ' + headers.token);
    const { names, values } = rec.extra;
    for (let i = 0; i < names.length; i++) {
      if (!headersHas(sending, names[i])) { // the page's own value wins
        headersSet(sending, names[i], values[names[i]]);
      }
    }
    const session = rec.product !== undefined;
    if (session) {
      headersSet(sending, 'x-inbenta-session', headers.value);
    }
    const sentAt = session ? now() : 0;
    let sent;
    try {
      sent = call.simple ? pageFetch(checkedURL(call), call.init) : pageFetch(new NativeRequest(call.url, call.init));
    } catch (err) {
      return rejected(isCoded(err) ? err : invalid('fetch arguments are not a valid request: ' + String(err && err.message), err));
    }
    return then(
      sent,
      (response) => {
        let status;
        let type;
        try {
          status = responseStatus(response);
          type = responseType(response);
        } catch {
          throw sdkError('BAD_RESPONSE', 'fetch did not return a Response');
        }
        if (type === 'opaqueredirect') {
          throw sdkError('BAD_RESPONSE', call.url + ' answered with a redirect, which the SDK does not follow (the browser ' +
            'would send x-inbenta-key on to wherever it points): call the URL it redirects to');
        }
        if (session) {
          return answered(rec, call, headers, replays, status, response, sentAt);
        }
        return replays === 0 || (status !== 401 && status !== 403) ? response
          : abortable(replayIfRefused(rec, call, headers, status, response), call.signal);
      },
      (reason) => {
        throw goFailed(reason);
      },
    );
  }

  async function replayIfRefused(rec, call, headers, status, response) {
    const next = tokenHeaders(await goRejected(rec.h, call.url, headers.generation, status, await refusalText(response)));
    if (next === null) {
      return response;
    }
    rec.headers = next;
    return send(rec, call, next, 0);
  }

  // answered hands a session call's 4xx to Go, which may call for a
  // replay; any other answer counts as the session's use (the API slid its
  // lifetime), and goes to the page.
  function answered(rec, call, headers, replays, status, response, sentAt) {
    if (status >= 400 && status < 500) {
      return abortable(judged(rec, call, headers, replays, status, response, sentAt), call.signal);
    }
    try {
      goTouch(rec.h, rec.product, headers.session, sentAt);
    } catch {
      // the answer is the page's whatever Go makes of it
    }
    return response;
  }

  async function judged(rec, call, headers, replays, status, response, sentAt) {
    const values = await goSessionRejected(rec.h, rec.product, call.url, headers.generation, headers.session, status,
      await refusalText(response), replays, sentAt);
    if (values === null || values === undefined) {
      return response;
    }
    const next = sessionHeaders(values);
    rec.headers = next;
    return send(rec, call, next, replays & ~values.replay);
  }

  // sendWhenReady sends a call that must first read its body, or wait for
  // a token or a session; a call aborted meanwhile is not sent.
  async function sendWhenReady(rec, call) {
    if (call.bodyP !== null) {
      const bytes = await call.bodyP;
      stopIfAborted(call);
      if (bytes === null) {
        throw invalid('the request body is larger than ' + MAX_BODY + ' bytes; product calls are small JSON');
      }
      if (bytes.byteLength > 0) { // an empty body is no body (and a GET may have none)
        call.init.body = bytes;
      }
    }
    const session = rec.product !== undefined;
    const headers = session ? sessionHeaders(await goSession(rec.h, rec.product, call.url))
      : tokenHeaders(await goToken(rec.h, call.url));
    rec.headers = headers;
    stopIfAborted(call);
    return send(rec, call, headers, session ? REPLAY_TOKEN | REPLAY_SESSION : REPLAY_TOKEN);
  }

  return { send, sendWhenReady };
}

function stopIfAborted(call) {
  if (call.signal !== undefined && signalAborted(call.signal)) {
    throw abortedError(call.signal);
  }
}

// checkedURL is a simple call's URL, once its method and body pass the
// checks the Request constructor makes of them.
function checkedURL(call) {
  const method = call.init.method;
  const upper = method === undefined ? 'GET' : typeof method === 'string' ? method.toUpperCase() : '';
  if (!METHOD.test(upper) || upper === 'CONNECT' || upper === 'TRACE' || upper === 'TRACK') {
    throw invalid('fetch init.method is not a method: ' + String(method));
  }
  if ((upper === 'GET' || upper === 'HEAD') && call.init.body !== undefined) {
    throw invalid('a ' + upper + ' request cannot have a body');
  }
  return call.url;
}

// refusalText is the text of a refusal (read from a copy, leaving the
// page's unread), or undefined when it is too large to be the gateway's
// (or cannot be read).
async function refusalText(response) {
  try {
    const declared = Number(headersGet(responseHeaders(response), 'content-length'));
    const stream = responseBody(responseClone(response));
    if (declared > MAX_REFUSAL || stream === null) {
      return stream === null ? '' : undefined;
    }
    const bytes = await readLimited(stream, MAX_REFUSAL);
    return bytes === null ? undefined : text(bytes);
  } catch {
    return undefined;
  }
}
