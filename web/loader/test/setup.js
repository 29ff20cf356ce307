// setup.js: the constants make build defines (test/defines.json, which
// web/loader's Go tests hold to the build's), as globals, for the modules
// under test. Import it before them.
import { readFileSync } from 'node:fs';

const defines = JSON.parse(readFileSync(new URL('./defines.json', import.meta.url), 'utf8'));
for (const [name, value] of Object.entries(defines)) {
  globalThis[name] = value;
}

// A page's fetch classes are there from the start; Node.js loads its own
// on first use (intrinsics.js takes only what is loaded).
void [Headers, Request, Response];
