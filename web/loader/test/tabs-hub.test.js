import './setup.js';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createClaims } from '../src/tabs/claims.js';
import { peerHub } from '../src/tabs/hub.js';
import { exchangeLock, markPrefix, peerPrefix } from '../src/tabs/names.js';
import { holdLock } from '../src/tabs/sharing.js';
import { fakeOrigin } from './fakes/origin.js';

const wait = (ms = 0) => new Promise((r) => setTimeout(r, ms));

// open is a client of a new page of origin: its hub and what Go heard.
function open(origin, id = 1, answer = null) {
  const sharing = origin.page();
  const heard = [];
  const hub = peerHub(sharing, createClaims(sharing), 'G', id, (_, type, value) => {
    heard.push([type, value]);
    return type === 'ask' ? answer : undefined;
  });
  return { sharing, hub, heard };
}

const TOKEN = { accessToken: 'tok', expiration: 2e9, obtained: 1e9, apis: { chatbot: 'https://bot.example' } };

test('a client holds a shared peer lock while open', async () => {
  const origin = fakeOrigin();
  const a = open(origin);
  await wait();
  assert.deepEqual(origin.held(), [peerPrefix('G') + a.sharing.instance + '1']);
  a.hub.close();
  await wait();
  assert.deepEqual(origin.held(), []);
});

test('an announced token reaches the other pages as plain data, and its mark the lock manager', async () => {
  const origin = fakeOrigin();
  const a = open(origin);
  const b = open(origin);
  a.hub.announce(TOKEN, 'MARK');
  await wait(5);
  assert.deepEqual(b.heard.map(([t, v]) => [t, { ...v, apis: { ...v.apis } }]), [['token', TOKEN]]);
  assert.equal(Object.getPrototypeOf(b.heard[0][1]), null);
  assert.deepEqual(a.heard, [], 'not to itself');
  assert.ok(origin.held().includes(markPrefix('G') + a.sharing.instance + '1\nMARK'));
  a.hub.announce(TOKEN, 'MARK2');
  await wait(5);
  assert.ok(!origin.held().includes(markPrefix('G') + a.sharing.instance + '1\nMARK'), 'a new mark replaces the old');
});

test('ask collects the tokens of the others, and ends once all answered', async () => {
  const origin = fakeOrigin();
  open(origin, 1, TOKEN);
  open(origin, 2, null);
  const c = open(origin, 3);
  await wait();
  const start = Date.now();
  const got = await c.hub.ask(5000);
  assert.ok(Date.now() - start < 1000, 'it did not wait for the timeout');
  assert.equal(got.all, true);
  assert.equal(got.tokens.length, 1);
  assert.equal(got.tokens[0].accessToken, 'tok');
});

test('ask ends at its timeout when a page does not answer', async () => {
  const origin = fakeOrigin();
  const frozen = origin.page('frozen.'); // open, but its main thread answers nothing
  const release = await holdLock(frozen, peerPrefix('G') + 'frozen.1', { mode: 'shared' }, 0);
  open(origin, 1, TOKEN);
  const b = open(origin, 2);
  await wait();
  const start = Date.now();
  const got = await b.hub.ask(100);
  assert.ok(Date.now() - start >= 90, 'it waited for the frozen page');
  assert.equal(got.all, false, 'not every page answered');
  assert.equal(got.tokens.length, 1, 'the others\' answers count');
  release();
});

test('refused and forged messages', async () => {
  const origin = fakeOrigin();
  const a = open(origin);
  const b = open(origin);
  a.hub.refused('0123456789abcdef');
  const forger = origin.page('forger.').open('inbenta-auth/1\nG', () => {});
  forger.post({ v: 2, from: 'x.1', type: 'refused', fp: 'ffffffffffffffff' });
  forger.post({ v: 1, from: 42, type: 'refused', fp: 'ffffffffffffffff' });
  forger.post({ v: 1, from: 'x.1', type: 'refused', fp: 7 });
  await wait(5);
  assert.deepEqual(b.heard, [['refused', '0123456789abcdef']]);
});

test('lock takes the exchange lock, or the loader\'s claim of it', async () => {
  const origin = fakeOrigin();
  const sharing = origin.page();
  const claims = createClaims(sharing);
  assert.equal(await claims.claim('G').send, true);
  const hub = peerHub(sharing, claims, 'G', 1, () => null);
  const op = hub.lock();
  const release = await op.held;
  assert.equal(typeof release, 'function');
  assert.deepEqual(await hub.ask(1000), { tokens: [], marks: [], all: false }, 'alone: it asks no one');
  release();
  await wait();
  assert.ok(!origin.held().includes(exchangeLock('G')));

  const other = open(origin);
  const held = await other.hub.lock().held;
  const waiting = hub.lock();
  waiting.cancel();
  assert.equal(await waiting.held, null, 'cancelled while waiting');
  held();
  hub.close();
});

test('marks left since a client joined are reported by ask', async () => {
  const origin = fakeOrigin();
  const a = open(origin);
  a.hub.announce(TOKEN, 'OLD');
  await wait(5);
  const b = open(origin);
  await wait(5);
  a.hub.announce(TOKEN, 'NEW');
  await wait(5);
  const got = await b.hub.ask(50);
  assert.deepEqual(got.marks, ['NEW']);
});

test('a lock manager whose queries fail leaves no rejection unhandled, and an ask finds no one', async () => {
  const seen = [];
  const note = (reason) => seen.push(String(reason));
  process.on('unhandledRejection', note);
  try {
    const sharing = { ...fakeOrigin().page(), lockNames: () => Promise.reject(new Error('no answer')) };
    const hub = peerHub(sharing, createClaims(sharing), 'G', 1, () => null);
    await wait(5);
    assert.deepEqual(await hub.ask(1000), { tokens: [], marks: [], all: false });
    hub.close();
    await wait(5);
  } finally {
    process.off('unhandledRejection', note);
  }
  assert.deepEqual(seen, []);
});
