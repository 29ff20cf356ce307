// client/send.js: sending a product call with a token's headers, and the
// one replay after the API refused the token (docs/development.md: one
// product-call path).
import { abortable, abortedError } from '../abort.js';
import { readLimited, text } from '../body.js';
import { invalid, isCoded, sdkError } from '../errors.js';
import {
  NativeRequest, headersGet, headersSet, pageFetch, rejected, responseBody, responseClone, responseHeaders,
  responseStatus, responseType, signalAborted, then,
} from '../intrinsics.js';
import { MAX_BODY } from './call.js';

const METHOD = /^[!#$%&'*+.^_`|~0-9A-Z-]+$/;
// A 401/403's body is read only to tell the gateway's expired-token 403
// (a few dozen bytes) from a product's own refusal.
const MAX_REFUSAL = 4096;

// tokenHeaders names the header values Go hands over for a token
// generation ([generation, x-inbenta-key, the token]), or null.
export function tokenHeaders(values) {
  return values === null || values === undefined ? null : { generation: values[0], key: values[1], token: values[2] };
}

// createSender sends the calls of the clients over go, the Go side's
// methods (jsbridge/methods.go): token(handle, url), rejected(handle, url,
// generation, status, text) and failed(reason).
export function createSender(go) {
  // Called as plain functions, so that Go is handed no this.
  const { token: goToken, rejected: goRejected, failed: goFailed } = go;
  // send fetches call with the headers of a token generation. A simple
  // call goes to fetch as a URL and init, checked here as fetch would; any
  // other is built as a Request first, whose constructor checks it: either
  // way bad arguments are INVALID_ARGUMENT, not a network failure (fetch
  // rejects both with a TypeError). The answer goes to the page, or to Go
  // once when it is a 401/403 (the replay sends again with the generation
  // Go gives).
  function send(rec, call, headers, replayed) {
    headersSet(call.init.headers, 'x-inbenta-key', headers.key);
    headersSet(call.init.headers, 'authorization', 'Bearer ' + headers.token);
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
        return replayed || (status !== 401 && status !== 403) ? response
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
    return send(rec, call, next, true);
  }

  // sendAfterToken sends a call that must first read its body or wait for
  // a token; a call aborted meanwhile is not sent.
  async function sendAfterToken(rec, call) {
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
    const headers = tokenHeaders(await goToken(rec.h, call.url));
    rec.headers = headers;
    stopIfAborted(call);
    return send(rec, call, headers, false);
  }

  return { send, sendAfterToken };
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

// refusalText is the text of a 401/403 (read from a copy, leaving the
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
