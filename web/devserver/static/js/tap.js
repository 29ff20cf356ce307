// tap.js is the console's instrument, not something a site needs: it wraps
// fetch before the SDK loads (index.html runs it first; the SDK takes
// fetch when it loads and when it starts), so that the timeline shows each
// request the SDK sends, retries and replays included. It passes every
// call through untouched and reads only the method, the URL, the status
// and the time: never headers (the token) nor bodies.

import { quietly } from './format.js';

const pageFetch = window.fetch;
let listener = null; // (phase: 'start' | 'end', request) => void

// listen hands each request to fn, once when it starts and once when it ends.
export function listen(fn) {
  listener = fn;
}

window.fetch = function fetch(...args) {
  const result = Reflect.apply(pageFetch, globalThis, args);
  const seen = listener && describeRequest(args);
  if (seen) {
    const started = performance.now();
    const end = (status) => {
      seen.status = status;
      seen.ms = performance.now() - started;
      quietly(() => listener && listener('end', seen));
    };
    quietly(() => listener('start', seen));
    result.then((response) => end(response.status), () => end(0));
  }
  return result;
};

function describeRequest(args) {
  try {
    const [input, init] = args;
    const request = typeof Request === 'function' && input instanceof Request ? input : null;
    const url = request ? request.url : String(input);
    const method = String((init && init.method) || (request ? request.method : 'GET')).toUpperCase();
    return { url, method };
  } catch {
    return null;
  }
}
