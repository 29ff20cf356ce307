// What a page would write instead of the SDK, with no wasm at all: the
// exchange and the product call in plain JS, the token in a variable.
// The same requests as the other cold-start pages; what it skips is
// everything the SDK adds (a check of what it loads, refresh, replay,
// sharing, errors that say what to do).
globalThis.benchResult = (async () => {
  const p = new URLSearchParams(location.search);
  const key = p.get('key');
  const auth = await fetch(p.get('auth') + '/auth', {
    method: 'POST',
    headers: { 'x-inbenta-key': key, 'content-type': 'application/json' },
    body: JSON.stringify({ domain_key: p.get('dk') }),
  });
  if (auth.status !== 200) {
    throw new Error('/auth: HTTP ' + auth.status);
  }
  const token = await auth.json();
  const authorized = performance.now();
  const res = await fetch(token.apis.chatbot + '/v1/conversation', {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'x-inbenta-key': key,
      Authorization: 'Bearer ' + token.accessToken,
    },
    body: JSON.stringify({ message: 'hello' }),
  });
  return globalThis.coldFinish(res, globalThis.benchStart, authorized);
})();
