// inbenta-auth.mjs: the InbentaAuth SDK as an ES module. It finds
// inbenta-auth.wasm and wasm_exec.js next to itself.
//
//   import InbentaAuth from './inbenta-auth.mjs';
//   const client = await InbentaAuth.createFromDomainKey(domainKey, apiKey);
//
// The entry of the module loader: `make build` (web/cmd/build) bundles it
// with api.js into web/dist/inbenta-auth.mjs; wasm_exec.js stays an import.
// No eval: it runs under a CSP that allows only 'self' and 'wasm-unsafe-eval'.

// The Go runtime's glue; it only defines globalThis.Go.
import './wasm_exec.js';
import { createInbentaAuth } from './api.js';

// The new URL(..., import.meta.url) form lets bundlers (Vite, webpack)
// find the wasm and copy it along; make build fills in its content-hashed
// name (INBENTA_WASM_FILE: a literal, which bundlers need here).
const InbentaAuth = createInbentaAuth(new URL(INBENTA_WASM_FILE, import.meta.url).href);

export default InbentaAuth;
export const { createFromDomainKey, createFromAccessToken, isInbentaAuthError, load, version } = InbentaAuth;
