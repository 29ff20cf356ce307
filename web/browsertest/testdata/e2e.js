// Helpers for the browser tests. Loaded before the SDK, like a page's own
// scripts would be.
(() => {
  // A clock the tests can move, as after a laptop sleeps: Go's time.Now in
  // wasm reads `new Date`, so the SDK sees the moved time.
  const RealDate = Date;
  let offset = 0;
  class MovableDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(RealDate.now() + offset);
      else super(...args);
    }
    static now() { return RealDate.now() + offset; }
  }
  globalThis.Date = MovableDate;

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
    advanceClock(ms) { offset += ms; },
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
})();
