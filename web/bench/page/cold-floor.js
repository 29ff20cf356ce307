// Cold start floor: the empty Go wasm instantiated the way the loader does
// it, then the same exchange and product call in plain JS.
globalThis.benchResult = (async () => {
  const p = new URLSearchParams(location.search);
  const go = new Go();
  const { instance } = await WebAssembly.instantiateStreaming(fetch(p.get('floor')), go.importObject);
  await go.run(instance); // the empty main returns at once
  const loaded = performance.now();

  const key = p.get('key');
  const auth = await fetch(p.get('auth') + '/auth', {
    method: 'POST',
    headers: { 'x-inbenta-key': key, 'content-type': 'application/json' },
    body: JSON.stringify({ domain_key: p.get('dk') }),
    credentials: 'omit',
    cache: 'no-store',
  });
  const token = await auth.json();
  if (auth.status !== 200) {
    throw new Error('/auth: HTTP ' + auth.status);
  }
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
  return globalThis.coldFinish(res, loaded, authorized);
})();
