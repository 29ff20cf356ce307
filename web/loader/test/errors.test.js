import './setup.js';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { coded, invalid, isCoded, loadError, sdkError } from '../src/errors.js';

test('sdkError defines its fields, running no setter of the page', () => {
  let ran = 0;
  Object.defineProperty(Error.prototype, 'code', { set() { ran++; }, configurable: true });
  try {
    const cause = new Error('below');
    const err = sdkError('NETWORK', 'fetch failed', { status: 503, retryable: true, cause });
    assert.equal(err.message, 'InbentaAuth: fetch failed');
    assert.deepEqual([err.name, err.code, err.status, err.retryable, err.cause], ['InbentaAuthError', 'NETWORK', 503, true, cause]);
    assert.equal(ran, 0);
    assert.deepEqual(Object.keys(err), [], 'the fields are not enumerable');
    assert.ok(isCoded(err));
  } finally {
    delete Error.prototype.code;
  }
});

test('an error without a status or cause has neither', () => {
  const err = invalid('bad');
  assert.equal(err.code, 'INVALID_ARGUMENT');
  assert.equal(err.retryable, false);
  assert.ok(!Object.hasOwn(err, 'status'));
  assert.ok(!Object.hasOwn(err, 'cause'));
  assert.equal(loadError('x', { retryable: true }).code, 'WASM_LOAD_FAILED');
});

test('coded passes SDK errors on and makes anything else INTERNAL', () => {
  const ours = invalid('bad');
  assert.throws(() => coded(ours), (e) => e === ours);
  assert.throws(() => coded(new Error('Go program has already exited')), { code: 'INTERNAL', message: 'InbentaAuth: Go program has already exited' });
  assert.throws(() => coded('boom'), (e) => e.code === 'INTERNAL' && e.cause === 'boom');
  assert.ok(!isCoded(new Error('x')));
  assert.ok(!isCoded({ name: 'InbentaAuthError' }), 'an object that is no Error is not one');
  const forged = Object.assign(new Error('x'), { name: 'InbentaAuthError', code: 'NETWORK' });
  assert.ok(!isCoded(forged), 'nor an Error the page dressed up as one');
  assert.throws(() => coded(forged), { code: 'INTERNAL' });
});

test('ABORTED is named AbortError, as fetch names its own', () => {
  const err = sdkError('ABORTED', 'aborted');
  assert.equal(err.name, 'AbortError');
  assert.ok(isCoded(err));
});

test('isInbentaAuthError narrows to the SDK\'s own errors', async () => {
  const { isInbentaAuthError } = await import('../src/errors.js');
  assert.equal(isInbentaAuthError(invalid('x')), true);
  assert.equal(isInbentaAuthError(Object.assign(new Error('x'), { code: 'NETWORK', name: 'InbentaAuthError' })), false);
  assert.equal(isInbentaAuthError(null), false);
  assert.equal(isInbentaAuthError('NETWORK'), false);
});
