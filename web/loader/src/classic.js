// inbenta-auth.js: loads inbenta-auth.wasm (by its content-hashed name,
// INBENTA_WASM_FILE, which make build fills in) and exposes the InbentaAuth global.
// Include wasm_exec.js (from the Go toolchain that built the wasm) first.
// Classic script with no eval: it runs under a CSP that allows only 'self' and 'wasm-unsafe-eval'.
//
// The entry of the classic loader: `make build` (web/cmd/build) bundles it
// with api.js into web/dist/inbenta-auth.js, a script with no imports.
import { createInbentaAuth } from './api.js';

// ours reports whether globalThis already holds this loader's object:
// included twice, keep the first copy and its single wasm instance. An
// element with id="InbentaAuth" (user content) also shows as
// globalThis.InbentaAuth (DOM clobbering), but not as its own property.
function ours() {
  try {
    const existing = Object.getOwnPropertyDescriptor(globalThis, 'InbentaAuth');
    return Boolean(existing && existing.value && existing.value[Symbol.for('InbentaAuth.loader')] === true);
  } catch {
    return false; // a value that throws when read is not the loader's
  }
}

if (!ours()) {
  // currentScript is only set while this script first runs, so read it now.
  const script = typeof document !== 'undefined' ? document.currentScript : null;
  const base = (script && script.src) || globalThis.location.href;
  globalThis.InbentaAuth = createInbentaAuth(new URL(INBENTA_WASM_FILE, base).href);
}
