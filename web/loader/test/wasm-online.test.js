import './setup.js';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backOnline, offline } from '../src/wasm/online.js';

test('only navigator.onLine === false is offline', () => {
  const cases = {
    missing: [undefined, false], online: [{ onLine: true }, false], offline: [{ onLine: false }, true],
    null: [{ onLine: null }, false], zero: [{ onLine: 0 }, false], throwing: [{ get onLine() { throw new Error('trapped'); } }, false],
  };
  for (const [name, [nav, want]] of Object.entries(cases)) {
    Object.defineProperty(globalThis, 'navigator', { value: nav, configurable: true, writable: true });
    assert.equal(offline(), want, name);
  }
});

test('backOnline settles at the online event, or when the signal aborts', async () => {
  const events = new EventTarget();
  globalThis.addEventListener = events.addEventListener.bind(events);
  globalThis.removeEventListener = events.removeEventListener.bind(events);
  const ctrl = new AbortController();
  let settled = false;
  const back = backOnline(ctrl.signal).then(() => { settled = true; });
  await new Promise((r) => setTimeout(r, 5));
  assert.equal(settled, false);
  events.dispatchEvent(new Event('online'));
  await back;
  const aborted = new AbortController();
  const waiting = backOnline(aborted.signal);
  aborted.abort();
  await waiting;
});
