import assert from 'node:assert/strict';
import { test } from 'node:test';
import { callDetail } from '../static/js/outcome.js';

const call = (statuses, more = {}) => ({ attempts: statuses.map((status) => ({ status })), ...more });

test('a call answered at once says nothing more, or that it waited for a token', () => {
  assert.equal(callDetail(call([200])), '');
  assert.equal(callDetail(call([])), '');
  assert.equal(callDetail(call([200], { newToken: true })), 'sent once a new token came');
});

test('each replay says why it was sent again', () => {
  assert.equal(callDetail(call([403, 200])), 'the token was refused: replayed with a new one');
  assert.equal(callDetail(call([401, 200], { newToken: true })), 'the token was refused: replayed with a new one');
  const renewal = { reason: 'expired', previousId: '1', id: '2' };
  assert.equal(callDetail(call([400, 200], { renewal })), 'Session expired: replayed in conversation 2');
  assert.equal(callDetail(call([400, 200])), 'Session expired: replayed in a new conversation', 'the event not heard yet');
  assert.equal(callDetail(call([403, 400, 200], { renewal })),
    'the token was refused: replayed with a new one; Session expired: replayed in conversation 2');
  assert.equal(callDetail(call([400])), '', 'a 400 that was not replayed is the answer');
});

test('a session renewed before the call says so', () => {
  assert.equal(callDetail(call([200], { renewal: { reason: 'idle', previousId: '1', id: '2' } })),
    'sent in conversation 2: conversation 1 had been idle too long');
});
