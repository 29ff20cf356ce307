import './setup.js';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { abortable, signalOf } from '../src/abort.js';

test('signalOf keeps AbortSignals only', () => {
  const { signal } = new AbortController();
  assert.equal(signalOf(signal), signal);
  assert.equal(signalOf(undefined), undefined);
  assert.equal(signalOf({ aborted: false }), undefined, 'a look-alike is no signal');
});

test('an abort rejects at once with ABORTED, named AbortError, and stops the work', async () => {
  const ctrl = new AbortController();
  let stopped = 0;
  const never = new Promise(() => {});
  const waiting = abortable(never, ctrl.signal, () => stopped++);
  const reason = new Error('user left');
  ctrl.abort(reason);
  await assert.rejects(waiting, (e) => e.code === 'ABORTED' && e.name === 'AbortError' && e.cause === reason);
  assert.equal(stopped, 1);
  await assert.rejects(abortable(Promise.resolve(1), ctrl.signal), { code: 'ABORTED' }, 'already aborted');
});

test('without an abort, the outcome is p\'s', async () => {
  const ctrl = new AbortController();
  assert.equal(await abortable(Promise.resolve(1), ctrl.signal), 1);
  await assert.rejects(abortable(Promise.reject(new Error('x')), ctrl.signal), /x/);
  const p = Promise.resolve(2);
  assert.equal(abortable(p, undefined), p);
});
