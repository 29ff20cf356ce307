// Loads wasm_exec.js and inbenta-auth.js from ?base= (default /dist/), so a
// test can serve the bundle from a route that misbehaves, and records the
// page's console warnings in e2e.warnings; ?nosubtle hides SubtleCrypto,
// ?countlocks counts locks.query() calls in e2e.lockQueries, ?slowlocks
// holds the lock manager's answers until the wasm's response has come.
(() => {
  const warnings = [];
  const warn = console.warn;
  console.warn = (...args) => {
    warnings.push(args.map(String).join(' '));
    warn.apply(console, args);
  };
  globalThis.e2e.warnings = warnings;

  const params = new URLSearchParams(location.search);
  if (params.has('nosubtle')) {
    // As in a page that is not a secure context: no SubtleCrypto when the
    // loader runs, so fetch checks the wasm's SRI hash.
    Object.defineProperty(crypto, 'subtle', { value: undefined, configurable: true });
  }
  if (params.has('countlocks') && globalThis.LockManager) {
    // Counts the loader's locks.query() calls (it takes query when it runs).
    globalThis.e2e.lockQueries = 0;
    const query = LockManager.prototype.query;
    LockManager.prototype.query = function () {
      globalThis.e2e.lockQueries++;
      return query.apply(this, arguments);
    };
  }
  if (params.has('slowlocks') && globalThis.LockManager) {
    // As on a repeat visit, where the wasm comes from the HTTP cache before
    // the lock manager answers the loader's claim: it answers (at once,
    // granting every lock, as to a page alone) only once the wasm's
    // response has come. e2e.order records that, the /auth leaving and
    // the compile starting.
    const order = [];
    globalThis.e2e.order = order;
    let arrived;
    const wasmArrived = new Promise((resolve) => { arrived = resolve; });
    const realFetch = globalThis.fetch;
    globalThis.fetch = function (input) {
      const url = String(input instanceof Request ? input.url : input);
      if (url.endsWith('/auth')) {
        order.push('auth');
      }
      const response = realFetch.apply(this, arguments);
      if (url.endsWith('.wasm')) {
        response.then(() => order.push('wasm')).finally(arrived);
      }
      return response;
    };
    const compile = WebAssembly.compileStreaming;
    WebAssembly.compileStreaming = function () {
      order.push('compile');
      return compile.apply(this, arguments);
    };
    LockManager.prototype.request = function (name, options, granted) {
      return wasmArrived.then(() => granted({ name, mode: options.mode || 'exclusive' }));
    };
    LockManager.prototype.query = () => wasmArrived.then(() => ({ held: [], pending: [] }));
  }
  const base = params.get('base') || '/dist/';
  for (const name of ['wasm_exec.js', 'inbenta-auth.js']) {
    // Inserted scripts run as soon as they load unless async is false.
    document.head.append(Object.assign(document.createElement('script'), { src: base + name, async: false }));
  }
})();
