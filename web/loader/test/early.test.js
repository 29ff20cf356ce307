import './setup.js';
import { answer, json, requests, reset } from './fakes/fetch.js';
import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import { earlyAuth } from '../src/early.js';
import { storeKey } from '../src/persist.js';
import { createTabs } from '../src/tabs/tabs.js';
import { fakeOrigin } from './fakes/origin.js';

const alone = createTabs(null);
const DK = 'eyJ.dk.sig';

beforeEach(() => {
  reset();
  answer(() => json(200, { accessToken: 'tok', expires_in: 1200 }, { 'x-quota-usage': '5' }));
});

test('the early /auth is the request Go would send', async () => {
  const early = earlyAuth(alone, null, DK, 'KEY', { authURL: 'https://api.example/v1//' });
  assert.equal(await early.send, true);
  const got = await early.answer;
  assert.equal(requests.length, 1);
  const { request } = requests[0];
  assert.equal(request.url, 'https://api.example/v1/auth');
  assert.equal(request.method, 'POST');
  assert.equal(request.headers.get('x-inbenta-key'), 'KEY');
  assert.equal(request.headers.get('content-type'), 'application/json');
  assert.equal(await request.text(), JSON.stringify({ domain_key: DK }));
  assert.equal(request.credentials, 'omit');
  assert.equal(request.cache, 'no-store');
  assert.equal(request.redirect, 'manual');
  assert.deepEqual([early.url, early.key, early.body], ['https://api.example/v1/auth', 'KEY', JSON.stringify({ domain_key: DK })]);
  assert.equal(got.status, 200);
  assert.equal(got.headers['x-quota-usage'], '5');
  assert.deepEqual(got.json, { accessToken: 'tok', expires_in: 1200 });
  assert.equal(got.tooLarge, false);
  assert.equal(typeof got.sentAt, 'number');
});

test('the product headers\' options do not hold the early /auth back', async () => {
  const early = earlyAuth(alone, null, DK, 'KEY', { environment: 'development', userType: 1, source: 'web' });
  assert.notEqual(early, undefined);
  await early.answer;
  assert.equal(requests.length, 1);
});

test('the default Auth API base', async () => {
  await earlyAuth(alone, null, DK, 'KEY', undefined).answer;
  assert.equal(requests[0].request.url, 'https://api.inbenta.io/v1/auth');
});

test('nothing is sent early when Go must decide', async () => {
  const cases = {
    'an option Go checks': { leeway: 5 },
    'a Secret': { secret: 'x' },
    'a base with credentials': { authURL: 'https://u:p@api.example/v1' },
    'a base with a query': { authURL: 'https://api.example/v1?x' },
    'not http': { authURL: 'ftp://api.example/v1' },
    'a non-string base': { authURL: 5 },
  };
  for (const [name, options] of Object.entries(cases)) {
    assert.equal(earlyAuth(alone, null, DK, 'KEY', options), undefined, name);
  }
  assert.equal(earlyAuth(alone, null, 'has space', 'KEY', undefined), undefined, 'a key a header cannot carry');
  assert.equal(earlyAuth(alone, null, DK, '', undefined), undefined, 'an empty API key');
  assert.equal(requests.length, 0);
});

test('offline, Go sends once online', () => {
  Object.defineProperty(globalThis, 'navigator', { value: { onLine: false }, configurable: true, writable: true });
  try {
    assert.equal(earlyAuth(alone, null, DK, 'KEY', undefined), undefined);
  } finally {
    delete globalThis.navigator;
  }
});

test('sharing pages: only the page that claims the exchange sends', async () => {
  const origin = fakeOrigin();
  const first = earlyAuth(createTabs(origin.page()), null, DK, 'KEY', undefined);
  const second = earlyAuth(createTabs(origin.page()), null, DK, 'KEY', undefined);
  assert.deepEqual([await first.send, await second.send], [true, false]);
  assert.equal(await second.answer, undefined);
  await first.answer;
  assert.equal(requests.length, 1);
  first.drop();
  second.drop();
  const unshared = earlyAuth(createTabs(origin.page()), null, DK, 'KEY', { shareAcrossTabs: false });
  assert.equal(await unshared.send, true, 'a page that does not share does not claim');
});

test('a large answer is not read whole', async () => {
  answer(() => new Response('x'.repeat(globalThis.INBENTA_MAX_ANSWER + 1)));
  const got = await earlyAuth(alone, null, DK, 'KEY', undefined).answer;
  assert.equal(got.tooLarge, true);
  assert.equal(got.json, undefined);
});

// storageWith is a storage (persist.js's shape) whose entries are entries,
// as plain data by key; reads counts its reads.
function storageWith(entries) {
  const storage = { reads: 0, read(key) { storage.reads++; return Object.hasOwn(entries, key) ? entries[key] : null; } };
  return storage;
}

test('persist \'session\' with a token Go will restore: nothing is sent', async () => {
  const now = Date.now() / 1000;
  const key = storeKey('https://api.inbenta.io/v1', 'KEY', DK);
  const usable = { v: 1, accessToken: 'tok', expiration: now + 1200, obtained: now - 60, apis: {} };
  const storage = storageWith({ [key]: usable });
  assert.equal(earlyAuth(alone, storage, DK, 'KEY', { persist: 'session' }), undefined);
  assert.equal(requests.length, 0);

  for (const [name, entries, options] of [
    ['the default keeps nothing: storage is not read', { [key]: usable }, undefined],
    ['persist \'memory\'', { [key]: usable }, { persist: 'memory' }],
    ['nothing stored', {}, { persist: 'session' }],
    ['an expired token', { [key]: { ...usable, expiration: now - 1 } }, { persist: 'session' }],
    ['another Domain Key\'s', { [storeKey('https://api.inbenta.io/v1', 'KEY', 'other')]: usable }, { persist: 'session' }],
  ]) {
    const s = storageWith(entries);
    const early = earlyAuth(alone, s, DK, 'KEY', options);
    assert.notEqual(early, undefined, name);
    await early.answer;
    if (options === undefined || options.persist === 'memory') {
      assert.equal(s.reads, 0, name);
    }
  }
  assert.equal(earlyAuth(alone, null, DK, 'KEY', { persist: 'session' }) === undefined, false, 'no storage: send');
});

test('a persist Go refuses leaves the first /auth to Go', () => {
  for (const persist of ['local', 'Session', '']) {
    assert.equal(earlyAuth(alone, null, DK, 'KEY', { persist }), undefined, persist);
  }
  assert.equal(requests.length, 0);
});
