// A clock the benchmark can move, as after a laptop sleeps: Go's time.Now in
// wasm reads `new Date`, so the SDK sees the moved time. Only the refresh
// page loads it, so the timed pages run on the real Date.
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
  globalThis.benchClock = { advance(ms) { offset += ms; } };
})();
