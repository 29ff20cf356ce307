import './setup.js';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ownData, plainData, undetectable } from '../src/plain.js';

const LIMITS = globalThis.INBENTA_PLAIN_LIMITS;

test('plainData copies own data into null-prototype objects', () => {
  const page = { a: 1, b: 'two', c: [true, null, { d: 4 }] };
  Object.setPrototypeOf(page, { inherited: 'not the page argument' });
  const out = plainData(page, 'options');
  assert.equal(Object.getPrototypeOf(out), null);
  assert.deepEqual(JSON.parse(JSON.stringify(out)), { a: 1, b: 'two', c: [true, null, { d: 4 }] });
  assert.ok(Array.isArray(out.c));
  assert.notEqual(out.c, page.c, 'a copy');
});

test('plainData refuses what Go cannot take, with INVALID_ARGUMENT', () => {
  for (const [name, value] of Object.entries({
    bigint: 1n, symbol: Symbol('x'), function: () => {}, getter: { get x() { return 1; } },
    'nested getter': { a: [{ get x() { return 1; } }] },
  })) {
    assert.throws(() => plainData(value, 'v'), { code: 'INVALID_ARGUMENT' }, name);
  }
  const trap = new Proxy({}, { ownKeys() { throw new Error('trapped'); } });
  assert.throws(() => plainData(trap, 'v'), (e) => e.code === 'INVALID_ARGUMENT' && e.cause.message === 'trapped');
});

test('plainData stays within the limits Go shares', () => {
  assert.equal(plainData('x'.repeat(LIMITS.string), 's').length, LIMITS.string);
  assert.throws(() => plainData('x'.repeat(LIMITS.string + 1), 's'), /longer than/);
  let deep = 1;
  for (let i = 0; i < LIMITS.depth; i++) {
    deep = [deep];
  }
  plainData(deep, 'deep');
  assert.throws(() => plainData([deep], 'deep'), /too large or too deep/);
  assert.throws(() => plainData(new Array(LIMITS.nodes).fill(0), 'wide'), /too large or too deep/);
  plainData(new Array(LIMITS.nodes - 1).fill(0), 'wide');
});

test('ownData reads own data properties only', () => {
  const obj = Object.create({ inherited: 1 });
  obj.own = 2;
  Object.defineProperty(obj, 'getter', { get: () => 3 });
  assert.equal(ownData(obj, 'own', 'init'), 2);
  assert.equal(ownData(obj, 'inherited', 'init'), undefined);
  assert.throws(() => ownData(obj, 'getter', 'init'), { code: 'INVALID_ARGUMENT', message: 'InbentaAuth: init.getter is a getter: pass plain data' });
});

test('undetectable is false for everything but document.all', () => {
  for (const v of [undefined, null, 0, '', {}, () => {}]) {
    assert.equal(undetectable(v), false);
  }
});
