// The tab protocol's vectors (testdata/share, docs/tab-protocol.md), which
// sdk/share_vectors_test.go reads too: the loader's side of the group key,
// the names and the messages cannot drift from Go's.
import './setup.js';
import { answer, json } from './fakes/fetch.js';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { earlyAuth } from '../src/early.js';
import { createClaims } from '../src/tabs/claims.js';
import { peerHub } from '../src/tabs/hub.js';
import { channelName, exchangeLock, markPrefix, othersIn, peerPrefix } from '../src/tabs/names.js';
import { holdLock } from '../src/tabs/sharing.js';
import { fakeOrigin } from './fakes/origin.js';

const vectors = (name) => JSON.parse(readFileSync(new URL('../../../testdata/share/' + name, import.meta.url), 'utf8'));
const wait = (ms = 0) => new Promise((r) => setTimeout(r, ms));

test('group keys: the early /auth claims exactly the group Go names, or sends nothing', async () => {
  answer(() => json(200, { accessToken: 't' }));
  const { defaultAuthURL, cases } = vectors('group-keys.json');
  assert.equal(globalThis.INBENTA_DEFAULT_AUTH_URL, defaultAuthURL);
  for (const c of cases) {
    if (c.mode !== 'domain-key') {
      continue; // only Go names access-token groups
    }
    const claimed = [];
    const tabs = { claimExchange: (group) => { claimed.push(group); return { send: Promise.resolve(false), drop() {} }; } };
    const options = Object.hasOwn(c, 'authURL') ? { __proto__: null, authURL: c.authURL } : undefined;
    const early = earlyAuth(tabs, null, c.domainKey, c.apiKey, options);
    if (c.early) {
      assert.notEqual(early, undefined, c.name);
      assert.deepEqual(claimed, [c.key], c.name);
    } else {
      assert.equal(early, undefined, c.name);
      assert.deepEqual(claimed, [], c.name);
    }
  }
});

test('lock and channel names, and what a query finds', () => {
  const { cases, queries } = vectors('locks.json');
  for (const c of cases) {
    assert.equal(channelName(c.groupKey), c.channel, c.name);
    assert.deepEqual({ name: exchangeLock(c.groupKey), mode: 'exclusive' }, c.exchange, c.name);
    assert.deepEqual({ name: peerPrefix(c.groupKey) + c.from, mode: 'shared' }, c.peer, c.name);
    assert.deepEqual({ name: markPrefix(c.groupKey) + c.from + '\n' + c.markValue, mode: 'shared' }, c.mark, c.name);
  }
  for (const q of queries) {
    const got = othersIn(q.groupKey, { held: q.held, pending: q.pending }, q.instance);
    assert.equal(got.others, q.others, q.name);
    assert.deepEqual([...got.marks].sort(), [...q.marks].sort(), q.name);
  }
});

test('messages: what the hub delivers, answers or ignores', async () => {
  const file = vectors('messages.json');
  const G = 'G';
  const HELD = { accessToken: 'held', expiration: 2e9, apis: { chatbot: 'https://bot.example' } };
  const plain = (v) => JSON.parse(JSON.stringify(v));
  for (const c of file.cases) {
    const origin = fakeOrigin();
    const sharing = origin.page(file.instance);
    const delivered = [];
    const hub = peerHub(sharing, createClaims(sharing), G, file.client, (_, type, value) => {
      delivered.push([type, value]);
      return type === 'ask' ? HELD : undefined;
    });
    // Another page, open but silent, so that this hub's own ask waits.
    const release = await holdLock(origin.page('silent.'), peerPrefix(G) + 'silent.1', { mode: 'shared' }, 0);
    await wait();
    const asked = hub.ask(100);
    await wait();
    const posted = [];
    const poster = origin.page('poster.').open(channelName(G), (e) => { if (e.data.type !== 'ask') posted.push(e.data); });
    poster.post(c.message);
    await wait(5);
    const collected = await asked;
    switch (c.hub) {
      case 'ignored':
        assert.deepEqual([delivered, posted, collected.tokens], [[], [], []], c.name);
        break;
      case 'answers':
        assert.deepEqual(delivered.map((d) => d[0]), ['ask'], c.name);
        assert.deepEqual(posted.map(plain), [plain({ ...c.answer, token: c.answer.token === 'HELD' ? HELD : c.answer.token })], c.name);
        break;
      case 'replies':
        assert.deepEqual(delivered, [], c.name);
        assert.deepEqual(plain(collected.tokens), c.delivers === null ? [] : [c.delivers], c.name);
        break;
      case 'delivers-token':
        assert.deepEqual(delivered.map((d) => d[0]), ['token'], c.name);
        if (Object.hasOwn(c, 'delivers')) {
          assert.deepEqual(plain(delivered[0][1]), c.delivers, c.name);
        } else {
          assert.equal(delivered[0][1], undefined, c.name);
        }
        break;
      case 'delivers-refused':
        assert.deepEqual(delivered, [['refused', c.delivers]], c.name);
        break;
      default:
        assert.fail('unknown verdict ' + c.hub);
    }
    hub.close();
    poster.close();
    release();
  }
});
