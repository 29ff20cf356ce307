// Imported on a server (server-side rendering, Node.js), the loader starts
// nothing: not even Node.js's own fetch, which loads when its Headers,
// Request or Response is first read and compiles a wasm of its own. This
// file imports no setup.js (which loads them, as a page has them).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

const lazy = (name) => typeof Object.getOwnPropertyDescriptor(globalThis, name).get === 'function';

test('importing the loader outside a page leaves Node.js\'s fetch unloaded', async () => {
  assert.ok(['Headers', 'Request', 'Response'].every(lazy), 'Node.js loads its fetch on first use');
  const defines = JSON.parse(readFileSync(new URL('./defines.json', import.meta.url), 'utf8'));
  Object.assign(globalThis, defines);
  const { createInbentaAuth } = await import('../src/api.js');
  const sdk = createInbentaAuth(undefined);
  await assert.rejects(sdk.createFromDomainKey('DK', 'KEY'), { code: 'UNSUPPORTED_ENVIRONMENT' });
  assert.deepEqual(['Headers', 'Request', 'Response'].filter((name) => !lazy(name)), []);
});
