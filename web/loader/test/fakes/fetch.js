// fakes/fetch.js: a recording fetch, installed as globalThis.fetch when
// imported: import it before the modules under test (they take fetch when
// they load).
export const requests = [];
let handler = () => new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } });

// answer sets how the fake answers: fn(request, input, init) returns a
// Response (or throws, or rejects).
export function answer(fn) {
  handler = fn;
}

export function reset() {
  requests.length = 0;
}

export const json = (status, body, headers = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

globalThis.fetch = async function fetch(input, init) {
  const request = new Request(input, init);
  requests.push({ input, init, request });
  return handler(request, input, init);
};
