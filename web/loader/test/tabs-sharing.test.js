import './setup.js';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ANSWER_MS, captureSharing, holdLock } from '../src/tabs/sharing.js';
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

// brokenLocks is a global whose Web Locks are broken as a page may break
// them: 'silent' never answers (nor grants), 'throwing' throws. Its timers
// run when fire() says.
function brokenLocks(how) {
  const timers = new Map();
  let next = 0;
  const never = () => new Promise(() => {});
  const boom = () => { throw new DOMException('broken by the page', 'InvalidStateError'); };
  const locks = Object.create(how === 'silent' ? { request: never, query: never } : { request: boom, query: boom });
  class Channel extends EventTarget {
    postMessage() { throw new Error('no post'); }
    close() { throw new Error('no close'); }
  }
  return {
    global: {
      navigator: { locks }, BroadcastChannel: Channel, EventTarget, AbortController, crypto,
      setTimeout: (fn, ms) => { timers.set(++next, { fn, ms }); return next; },
      clearTimeout: (id) => timers.delete(id),
    },
    pending: () => [...timers.values()].map((t) => t.ms),
    fire() {
      const due = [...timers.values()];
      timers.clear();
      due.forEach((t) => t.fn());
    },
  };
}

// unhandled collects the rejections no one handled while fn runs.
async function unhandled(fn) {
  const seen = [];
  const note = (reason) => seen.push(String(reason));
  process.on('unhandledRejection', note);
  try {
    await fn();
    await new Promise((r) => setTimeout(r, 10));
  } finally {
    process.off('unhandledRejection', note);
  }
  return seen;
}

test('a lock manager that never answers: the ask for a lock ifAvailable and the query give up, and it is broken', async () => {
  const b = brokenLocks('silent');
  const s = captureSharing(b.global);
  assert.equal(s.broken(), false);
  const seen = await unhandled(async () => {
    const claim = holdLock(s, 'L', { ifAvailable: true }, 0);
    const names = s.lockNames();
    assert.deepEqual(b.pending(), [ANSWER_MS, ANSWER_MS]);
    b.fire();
    assert.equal(await claim, null);
    await assert.rejects(names, /did not answer/);
  });
  assert.deepEqual(seen, []);
  assert.equal(s.broken(), true);
});

test('a lock manager that throws: no throw, the request is not had, the query rejects, and it is broken', async () => {
  const s = captureSharing(brokenLocks('throwing').global);
  const seen = await unhandled(async () => {
    assert.equal(await holdLock(s, 'L', {}, 0), null);
    assert.equal(s.broken(), true);
    await assert.rejects(s.lockNames(), /broken by the page/);
  });
  assert.deepEqual(seen, []);
});

test('a channel that throws posts and closes quietly', () => {
  const s = captureSharing(brokenLocks('silent').global);
  const channel = s.open('x', () => {});
  assert.doesNotThrow(() => channel.post({ v: 1 }));
  assert.doesNotThrow(() => channel.close());
});

test('a grant after the lock manager was given up on is released at once', async () => {
  let grant;
  const locks = Object.create({
    request(name, options, granted) { grant = granted; return new Promise(() => {}); },
    query: () => new Promise(() => {}),
  });
  const b = brokenLocks('silent');
  b.global.navigator = { locks };
  const s = captureSharing(b.global);
  const claim = holdLock(s, 'L', { ifAvailable: true }, 0);
  b.fire();
  assert.equal(await claim, null);
  assert.equal(grant({ name: 'L' }), undefined, 'the late grant is not held');
});
