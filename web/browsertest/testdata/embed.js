// The SDK in a frame (web/browsertest/embedded_browser_test.go): it
// creates a client from the keys in its URL and makes one product call,
// and tells its parent what came of it, however long that took.
(() => {
  const params = new URLSearchParams(location.search);
  const start = performance.now();
  const report = (outcome, detail) => parent.postMessage({
    from: 'embed', origin: String(self.origin), outcome, ms: Math.round(performance.now() - start),
    code: String(detail && detail.code), message: String(detail && (detail.message || detail.status)),
  }, '*');
  let created;
  try {
    created = InbentaAuth.createFromDomainKey(params.get('dk'), params.get('key'), { authURL: params.get('auth') });
  } catch (e) {
    report('threw', e);
    return;
  }
  created.then((client) => client.fetch(client.apis.chatbot + '/v1/conversation', { method: 'POST' })
    .then((r) => report('client', r), (e) => report('call rejected', e)), (e) => report('rejected', e));
})();
