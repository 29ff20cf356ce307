// What both cold-start pages do last: read the product call's answer and
// report the times, from the page's first script.
globalThis.coldFinish = async (res, loaded, authorized) => {
  await res.json();
  const end = performance.now();
  if (res.status !== 200) {
    throw new Error('product call: HTTP ' + res.status);
  }
  const t0 = globalThis.benchStart;
  return { ms: end - t0, fromNavigationMs: end, loadMs: loaded - t0, tokenMs: authorized - t0 };
};
