// What both cold-start pages share. Loaded after wasm_exec.js: go.run's
// synchronous part (Go's runtime start, up to main's first wait) is one
// task on the main thread, timed here.
globalThis.benchGoStart = 0;
{
  const run = Go.prototype.run;
  Go.prototype.run = function (...args) {
    const start = performance.now();
    try {
      return run.apply(this, args);
    } finally {
      benchGoStart = Math.max(benchGoStart, performance.now() - start);
    }
  };
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
  return {
    ms: end - t0, fromNavigationMs: end, loadMs: loaded - t0, tokenMs: authorized - t0,
    longestTaskMs: Math.max(0, ...tasks.filter((t) => t.startTime < end).map((t) => t.duration)),
    goStartMs: globalThis.benchGoStart,
  };
};
