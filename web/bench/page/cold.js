// What the cold-start pages share. Loaded after wasm_exec.js: go.run's
// synchronous part (Go's runtime start, up to main's first wait) is one
// task on the main thread, timed here, and when it is first called (the
// wasm compiled and instantiated). The plain JS page has no Go.
globalThis.benchGoStart = 0;
globalThis.benchGoRunAt = -1;
if (typeof Go === 'function') {
  const run = Go.prototype.run;
  Go.prototype.run = function (...args) {
    const start = performance.now();
    if (benchGoRunAt < 0) {
      benchGoRunAt = start;
    }
    try {
      return run.apply(this, args);
    } finally {
      benchGoStart = Math.max(benchGoStart, performance.now() - start);
    }
  };
}

// requested is when the first request whose path ends with suffix left and
// when its answer ended (Resource Timing, ms from t0), or -1s for none.
// Both are given for cross-origin requests too.
function requested(suffix, t0) {
  const e = performance.getEntriesByType('resource').find((r) => new URL(r.name).pathname.endsWith(suffix));
  return e ? [e.startTime - t0, e.responseEnd - t0] : [-1, -1];
}

// coldFinish reads the product call's answer and reports the times, from
// the page's first script, and the longest main-thread task so far.
globalThis.coldFinish = async (res, loaded, authorized) => {
  await res.json();
  const end = performance.now();
  if (res.status !== 200) {
    throw new Error('product call: HTTP ' + res.status);
  }
  const t0 = globalThis.benchStart;
  const tasks = globalThis.benchTasks.takeRecords().concat(performance.getEntriesByType('longtask'));
  const [wasmRequestMs, wasmDoneMs] = requested('.wasm', t0);
  const [authSentMs, authDoneMs] = requested('/auth', t0);
  return {
    ms: end - t0, fromNavigationMs: end, loadMs: loaded - t0, tokenMs: authorized - t0,
    longestTaskMs: Math.max(0, ...tasks.filter((t) => t.startTime < end).map((t) => t.duration)),
    goStartMs: globalThis.benchGoStart,
    wasmRequestMs, wasmDoneMs, goRunMs: benchGoRunAt < 0 ? -1 : benchGoRunAt - t0,
    authSentMs, authDoneMs, callSentMs: requested('/v1/conversation', t0)[0],
  };
};
