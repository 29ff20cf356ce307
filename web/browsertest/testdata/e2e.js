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

  // ?storage=MODE: the tab's sessionStorage as a page may meet it, set up
  // before the SDK's loader runs, which is when it takes the storage's
  // built-ins: 'denied' (reading it throws a SecurityError, as in a
  // sandboxed frame), 'disabled' (null, as where the browser turns storage
  // off), 'full' (setItem throws a QuotaExceededError), 'throws' (every
  // method throws); 'spy' lists the SDK's calls in e2e.storageCalls.
  const storage = new URLSearchParams(location.search).get('storage');
  const methods = ['getItem', 'setItem', 'removeItem'];
  switch (storage) {
    case 'denied':
      Object.defineProperty(globalThis, 'sessionStorage', {
        get() { throw new DOMException('The document is sandboxed and lacks the allow-same-origin flag', 'SecurityError'); },
        configurable: true,
      });
      break;
    case 'disabled':
      Object.defineProperty(globalThis, 'sessionStorage', { value: null, configurable: true });
      break;
    case 'full':
      Storage.prototype.setItem = function () { throw new DOMException('The quota has been exceeded', 'QuotaExceededError'); };
      break;
    case 'throws':
      for (const m of methods) {
        Storage.prototype[m] = function () { throw new Error('storage is broken'); };
      }
      break;
    case 'spy':
      globalThis.e2e.storageCalls = [];
      for (const m of methods) {
        const real = Storage.prototype[m];
        Storage.prototype[m] = function (...args) {
          globalThis.e2e.storageCalls.push(m);
          return real.apply(this, args);
        };
      }
      break;
  }

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
