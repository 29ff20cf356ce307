// Loads wasm_exec.js and inbenta-auth.js from ?base= (default /dist/), so a
// test can serve the bundle from a route that misbehaves, and records the
// page's console warnings in e2e.warnings; ?nosubtle hides SubtleCrypto,
// ?countlocks counts locks.query() calls in e2e.lockQueries.
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
  const base = params.get('base') || '/dist/';
  for (const name of ['wasm_exec.js', 'inbenta-auth.js']) {
    // Inserted scripts run as soon as they load unless async is false.
    document.head.append(Object.assign(document.createElement('script'), { src: base + name, async: false }));
  }
})();
