import './setup.js';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bridgeKit } from '../src/kit.js';
import { createTabs } from '../src/tabs/tabs.js';

const kit = bridgeKit(createTabs(null));

test('promise and settle: a Promise Go settles by number, once', async () => {
  const p = kit.promise(7);
  kit.settle(7, true, 'ok');
  kit.settle(7, false, 'again');
  assert.equal(await p, 'ok');
  const q = kit.promise(8);
  kit.settle(8, false, 'no');
  await assert.rejects(q, (e) => e === 'no');
});

test('settled Promises and JSON.parse, as the loader took them', async () => {
  assert.equal(await kit.resolved(1), 1);
  await assert.rejects(kit.rejected(new Error('no')), /no/);
  const parse = JSON.parse;
  JSON.parse = () => ({ apis: { chatbot: 'https://evil.example' } });
  try {
    assert.deepEqual(kit.parse('{"apis":{}}'), { apis: {} });
  } finally {
    JSON.parse = parse;
  }
});

test('watch hands Go a settled Promise\'s outcome', async () => {
  const seen = [];
  const deliver = (...args) => seen.push(args);
  kit.watch(Promise.resolve(1), 1, deliver);
  kit.watch(Promise.reject(2), 2, deliver);
  kit.watch(3, 3, deliver);
  kit.watch({ then(ok) { ok(4); } }, 4, deliver);
  await new Promise((r) => setTimeout(r, 0));
  assert.deepEqual(seen.sort(), [[1, true, 1], [2, false, 2], [3, true, 3], [4, true, 4]]);
});

test('hook runs the page\'s hook in a microtask, with the reason', async () => {
  let ran = null;
  const p = kit.hook((info) => { ran = info; return 'answer'; }, 'expired');
  assert.equal(ran, null, 'not at once');
  assert.equal(await p, 'answer');
  assert.deepEqual(ran, { reason: 'expired' });
  await assert.rejects(kit.hook(() => { throw new Error('hook'); }, 'x'), /hook/);
});

test('record defines its properties, frozen or not', () => {
  Object.defineProperty(Object.prototype, 'trap', { set() { throw new Error('setter ran'); }, configurable: true });
  try {
    const r = kit.record(true, 'trap', 1, 'b', 'two');
    assert.deepEqual({ ...r }, { trap: 1, b: 'two' });
    assert.ok(Object.isFrozen(r));
    assert.ok(!Object.isFrozen(kit.record(false, 'a', 1)));
  } finally {
    delete Object.prototype.trap;
  }
});

test('error makes the SDK\'s Error', () => {
  const e = kit.error('NETWORK', 'down', true, 0, undefined);
  assert.deepEqual([e.code, e.retryable, Object.hasOwn(e, 'status')], ['NETWORK', true, false]);
  assert.equal(kit.error('BAD_RESPONSE', 'x', false, 502).status, 502);
});

test('answer reads a fetched answer as plain values; bytes and bearer', async () => {
  const got = await kit.answer(Promise.resolve(new Response('{"a":1}', { status: 429, headers: { 'Retry-After': '7' } })));
  assert.deepEqual({ ...got, headers: { ...got.headers } }, {
    sentAt: undefined, status: 429, type: 'default', headers: { 'content-type': 'text/plain;charset=UTF-8', 'retry-after': '7' },
    json: { a: 1 }, tooLarge: false,
  });
  assert.equal((await kit.answer(Promise.resolve(new Response('nope')))).json, undefined);
  assert.deepEqual({ ...await kit.answer(Promise.resolve({ status: 200, type: 'cors' })) }, { status: 0 }, 'not a Response');
  const down = new TypeError('Failed to fetch');
  await assert.rejects(kit.answer(Promise.reject(down)), (e) => e === down);
  assert.deepEqual([...kit.bytes('é')], [0xc3, 0xa9]);
  const headers = {};
  kit.bearer(headers, 'tok');
  assert.equal(headers.authorization, 'Bearer tok');
  assert.equal(kit.plain('x', 'v'), 'x');
});

test('peers is null where the browser cannot share', () => {
  assert.equal(kit.peers('G', 1, () => {}), null);
  assert.ok(Object.isFrozen(kit));
});
