// Helpers for the browser tests. Loaded before the SDK, like a page's own
// scripts would be, after web/testsite's movable clock (/testsite/clock.js).
(() => {
  function describe(e) {
    return {
      isError: e instanceof Error,
      code: e && e.code,
      status: e && e.status,
      retryable: e && e.retryable,
      message: String(e && e.message),
      hasCause: !!(e && e.cause),
    };
  }

  globalThis.e2e = {
    advanceClock(ms) { testClock.advance(ms); },
    describe,
    // settle reports a promise's outcome as plain data for Go.
    async settle(promise) {
      try {
        return { ok: true, value: await promise };
      } catch (e) {
        return { ok: false, error: describe(e) };
      }
    },
  };

  // ?countauth: e2e.authFetches counts the fetches of an Auth API /auth,
  // sent or not (offline, the browser fails them before the server sees
  // any). The SDK takes fetch when it loads, after this.
  if (new URLSearchParams(location.search).has('countauth')) {
    const fetch = globalThis.fetch;
    globalThis.e2e.authFetches = 0;
    globalThis.fetch = function (input) {
      if (String(input instanceof Request ? input.url : input).endsWith('/auth')) {
        globalThis.e2e.authFetches++;
      }
      return fetch.apply(this, arguments);
    };
  }
})();
