// Loaded after wasm_exec.js, before the loader: keeps the Go instance the
// loader creates and counts the js.Funcs it makes, so the memory figure can
// tell Go's GC lag from a leak.
(() => {
  'use strict';
  const bench = globalThis.bench;
  const Go = globalThis.Go;
  globalThis.Go = class extends Go {
    constructor() {
      super();
      bench.go = this;
    }
    _makeFuncWrapper(id) {
      bench.funcsMade++;
      return super._makeFuncWrapper(id);
    }
  };
})();
