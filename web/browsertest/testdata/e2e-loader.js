// Loads wasm_exec.js and inbenta-auth.js from ?base= (default /dist/), so a
// test can serve the bundle from a route that misbehaves, and records the
// page's console warnings in e2e.warnings.
(() => {
  const warnings = [];
  const warn = console.warn;
  console.warn = (...args) => {
    warnings.push(args.map(String).join(' '));
    warn.apply(console, args);
  };
  globalThis.e2e.warnings = warnings;

  const base = new URLSearchParams(location.search).get('base') || '/dist/';
  for (const name of ['wasm_exec.js', 'inbenta-auth.js']) {
    // Inserted scripts run as soon as they load unless async is false.
    document.head.append(Object.assign(document.createElement('script'), { src: base + name, async: false }));
  }
})();
