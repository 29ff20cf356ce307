// Imports the bundle as an ES module, as a page's own module would, and
// hands it to the tests: the shared helpers use the InbentaAuth global.
import InbentaAuth, * as named from '/dist/inbenta-auth.mjs';

globalThis.e2e.moduleSetGlobal = 'InbentaAuth' in globalThis;
globalThis.e2e.module = named;
globalThis.InbentaAuth = InbentaAuth;
