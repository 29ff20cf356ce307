// body.js: reading bodies with the engine's stream readers, bounded.
import { MAX_ANSWER } from './defines.js';
import {
  NativeTextDecoder, cancelReader, decode, headersEach, listen, objectCreate, parseJSON, readChunk, responseBody,
  responseHeaders, responseStatus, responseType, streamReader, then, unlisten,
} from './intrinsics.js';

// readLimited is a Promise of a stream's bytes, or of null past limit
// bytes (the rest is cancelled, not read). When signal (an AbortSignal)
// aborts, the read is cancelled.
export async function readLimited(stream, limit, signal) {
  const reader = streamReader(stream);
  const cancel = () => then(cancelReader(reader), undefined, () => {});
  if (signal !== undefined) {
    listen(signal, 'abort', cancel);
  }
  const chunks = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await readChunk(reader);
      if (done) {
        break;
      }
      size += value.byteLength;
      if (size > limit) {
        cancel();
        return null;
      }
      chunks[chunks.length] = value;
    }
  } finally {
    if (signal !== undefined) {
      unlisten(signal, 'abort', cancel);
    }
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (let i = 0; i < chunks.length; i++) {
    out.set(chunks[i], at);
    at += chunks[i].byteLength;
  }
  return out;
}

// text is bytes (UTF-8) as a string.
export function text(bytes) {
  return decode(new NativeTextDecoder(), bytes);
}

// parsedBody reads an Auth API answer's body (a stream, or null) up to
// limit bytes and parses it: {json} (undefined when it is not JSON), or
// {tooLarge}. The text never reaches Go, so neither does a copy of a
// token in it.
export async function parsedBody(body, limit) {
  const bytes = body === null ? new Uint8Array(0) : await readLimited(body, limit);
  const out = objectCreate(null);
  if (bytes === null) {
    out.tooLarge = true;
    return out;
  }
  try {
    out.json = parseJSON(text(bytes));
  } catch {
    out.json = undefined;
  }
  return out;
}

// plainAnswer is what Go reads of an Auth API answer (jsbridge's
// plainResponse): status, type, the headers by name, the parsed body
// (tooLarge when larger than Go reads), and when the request was sent (ms,
// or undefined). What is not a Response (a page's fetch may return
// anything) answers status 0.
export async function plainAnswer(response, sentAt) {
  let status, type, headers;
  try {
    status = responseStatus(response);
    type = responseType(response);
    headers = responseHeaders(response);
  } catch {
    return { __proto__: null, status: 0 };
  }
  const byName = objectCreate(null);
  headersEach(headers, (value, name) => {
    byName[name] = value;
  });
  const parsed = await parsedBody(responseBody(response), MAX_ANSWER);
  return {
    __proto__: null, sentAt, status, type, headers: byName, json: parsed.json, tooLarge: parsed.tooLarge === true,
  };
}
