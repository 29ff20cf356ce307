import './setup.js';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createGate } from '../src/wasm/gate.js';

test('an open gate with no claim does not wait', () => {
  assert.equal(createGate().open(), undefined);
});

test('the gate opens when the claim settles', async () => {
  const gate = createGate();
  let decide;
  gate.hold(new Promise((r) => { decide = r; }));
  gate.hold(new Promise(() => {})); // a later claim does not replace the first
  let open = false;
  const opened = gate.open().then(() => { open = true; });
  await new Promise((r) => setTimeout(r, 10));
  assert.equal(open, false);
  decide(true);
  await opened;
  assert.equal(gate.open(), undefined, 'once');
});

test('the gate opens by itself after a while', async () => {
  const gate = createGate();
  gate.hold(new Promise(() => {}));
  const start = Date.now();
  await gate.open();
  assert.ok(Date.now() - start < 1000);
});
