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

// scriptURL is the URL this script was loaded from, or '' (inline, or not
// in a page). currentScript is only set while the script first runs, so it
// is read now, through Document.prototype's getter: <img name=currentScript>
// in the page's HTML shadows the property on document itself. Only a
// script element has src as HTMLScriptElement.prototype reads it.
function scriptURL() {
  try {
    const script = Object.getOwnPropertyDescriptor(Document.prototype, 'currentScript').get.call(document);
    return Object.getOwnPropertyDescriptor(HTMLScriptElement.prototype, 'src').get.call(script);
  } catch {
    return '';
  }
}

// wasmNextToLoader is the default wasm's URL, next to this script (or the
// page, for an inline copy); undefined outside a page, where the SDK does
// not run.
function wasmNextToLoader() {
  const base = scriptURL() || (typeof location !== 'undefined' ? location.href : undefined);
  try {
    return new URL(INBENTA_WASM_FILE, base).href;
  } catch {
    return undefined;
  }
}

if (!ours()) {
  globalThis.InbentaAuth = createInbentaAuth(wasmNextToLoader());
}
