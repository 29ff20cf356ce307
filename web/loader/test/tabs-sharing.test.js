import './setup.js';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { captureSharing, holdLock } from '../src/tabs/sharing.js';
import { fakeOrigin } from './fakes/origin.js';

test('no Web Locks or BroadcastChannel: no sharing', () => {
  assert.equal(captureSharing({}), null);
  assert.equal(captureSharing({ BroadcastChannel: class {}, navigator: {} }), null);
  assert.equal(captureSharing({ get navigator() { throw new Error('trapped'); }, BroadcastChannel: class {} }), null);
});

test('captureSharing takes the browser APIs once', async () => {
  const calls = [];
  const locks = Object.create({
    request(...args) { calls.push(['request', args[0]]); return Promise.resolve(); },
    query() { return Promise.resolve({ held: [{ name: 'a' }], pending: [{ name: 'b' }] }); },
  });
  const posted = [];
  class Channel extends EventTarget {
    postMessage(m) { posted.push(m); }
    close() {}
  }
  const global = { navigator: { locks }, BroadcastChannel: Channel, EventTarget, setTimeout, clearTimeout, AbortController, crypto };
  const s = captureSharing(global);
  assert.match(s.instance, /^[0-9a-f]{16}\.$/);
  Channel.prototype.postMessage = () => assert.fail('patched later');
  s.open('x', () => {}).post({ v: 1 });
  assert.deepEqual(posted, [{ v: 1 }]);
  assert.deepEqual(await s.lockNames(), { held: ['a'], pending: ['b'] });
  assert.equal(s.own({ a: 1 }, 'a'), 1);
  assert.equal(s.own(Object.create({ a: 1 }), 'a'), undefined);
  assert.equal(s.own({ get a() { return 1; } }, 'a'), undefined);
});

test('holdLock resolves a release, or null when not had', async () => {
  const origin = fakeOrigin();
  const s = origin.page();
  const release = await holdLock(s, 'L', {}, 0);
  assert.equal(typeof release, 'function');
  assert.deepEqual(origin.held(), ['L']);
  assert.equal(await holdLock(s, 'L', { ifAvailable: true }, 0), null);
  release();
  await new Promise((r) => setTimeout(r, 0));
  assert.deepEqual(origin.held(), []);
  const ctrl = new AbortController();
  const held = await holdLock(s, 'M', {}, 0);
  const waiting = holdLock(s, 'M', { signal: ctrl.signal }, 0);
  ctrl.abort();
  assert.equal(await waiting, null);
  held();
});

test('holdLock releases by itself after maxHold', async () => {
  const origin = fakeOrigin();
  await holdLock(origin.page(), 'L', {}, 20);
  await new Promise((r) => setTimeout(r, 60));
  assert.deepEqual(origin.held(), []);
});
