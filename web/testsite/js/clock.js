// A clock a test or the benchmark can move, as after a laptop sleeps: Go's
// time.Now in wasm reads `new Date`, so the SDK sees the moved time. A page
// that loads it before the SDK gets testClock.advance(ms); pages without it
// run on the real Date. Served by web/testsite at /testsite/clock.js.
(() => {
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
  globalThis.testClock = { advance(ms) { offset += ms; } };
})();
