import './setup.js';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createClaims } from '../src/tabs/claims.js';
import { exchangeLock, peerPrefix } from '../src/tabs/names.js';
import { holdLock } from '../src/tabs/sharing.js';
import { fakeOrigin } from './fakes/origin.js';

const tick = () => new Promise((r) => setTimeout(r, 0));

test('alone, a page claims the exchange and may send', async () => {
  const origin = fakeOrigin();
  const claims = createClaims(origin.page());
  const claim = claims.claim('G');
  assert.equal(await claim.send, true);
  assert.deepEqual(origin.held(), [exchangeLock('G')]);
  assert.ok(claims.peek('G'), 'the client takes it over later');
  claim.drop();
  await tick();
  assert.deepEqual(origin.held(), [], 'dropped, the lock is released');
  assert.equal(claims.peek('G'), undefined);
});

test('with another page of the group open, the page does not send', async () => {
  const origin = fakeOrigin();
  const other = origin.page('other.');
  await holdLock(other, peerPrefix('G') + 'other.1', { mode: 'shared' }, 0);
  const claim = createClaims(origin.page()).claim('G');
  assert.equal(await claim.send, false);
  await tick();
  assert.deepEqual(origin.held(), [peerPrefix('G') + 'other.1'], 'the exchange lock was given back');
});

test('while another page exchanges, the page does not send', async () => {
  const origin = fakeOrigin();
  const release = await holdLock(origin.page(), exchangeLock('G'), {}, 0);
  assert.equal(await createClaims(origin.page()).claim('G').send, false);
  release();
});

test('a second client of the page does not claim again', async () => {
  const claims = createClaims(fakeOrigin().page());
  assert.equal(await claims.claim('G').send, true);
  assert.equal(await claims.claim('G').send, false);
  const release = await claims.take('G');
  assert.equal(claims.take('G'), undefined);
  release();
});
