import './setup.js';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { captureStorage, restorable, storeKey } from '../src/persist.js';

// fakeWindow is a window whose sessionStorage is a Map behind a Storage
// class's methods; edit changes the window before the loader takes it.
function fakeWindow(edit) {
  const items = new Map();
  const calls = [];
  class Storage {
    getItem(key) { calls.push('get'); return items.has(key) ? items.get(key) : null; }
    setItem(key, value) { calls.push('set'); items.set(key, String(value)); }
    removeItem(key) { calls.push('remove'); items.delete(key); }
  }
  const w = { Storage, sessionStorage: new Storage() };
  if (edit) {
    edit(w, items);
  }
  return { w, items, calls };
}

test('the key is sdk.StoreKey\'s, without the Domain Key', () => {
  const vectors = JSON.parse(readFileSync(new URL('../../../testdata/persist/keys.json', import.meta.url), 'utf8'));
  assert.ok(vectors.length > 0);
  for (const v of vectors) {
    const base = (v.authURL || 'https://api.inbenta.io/v1').replace(/\/+$/, '');
    assert.equal(storeKey(base, v.apiKey, v.domainKey), v.key, JSON.stringify(v));
    if (v.domainKey) {
      assert.ok(!storeKey(base, v.apiKey, v.domainKey).includes(v.domainKey));
    }
  }
});

test('an entry is written as JSON, read back as plain data, and removed', () => {
  const { w, items } = fakeWindow();
  const storage = captureStorage(w);
  assert.equal(storage.read('k'), null, 'nothing stored');
  storage.write('k', { v: 1, accessToken: 'tok' });
  assert.equal(items.get('k'), '{"v":1,"accessToken":"tok"}');
  const got = storage.read('k');
  assert.deepEqual({ ...got }, { v: 1, accessToken: 'tok' });
  assert.equal(Object.getPrototypeOf(got), null, 'plain data, as Go reads it');
  storage.remove('k');
  assert.equal(items.has('k'), false);
});

test('what can be no entry reads false, for Go to remove', () => {
  const { w, items } = fakeWindow();
  const storage = captureStorage(w);
  for (const [name, text] of Object.entries({
    'not JSON': '{"v":1',
    'longer than an answer': '"' + 'a'.repeat(INBENTA_MAX_ANSWER) + '"',
    'a string too long': JSON.stringify({ accessToken: 'a'.repeat(20000) }),
    'too deep': '[[[[[[[[[[[[1]]]]]]]]]]]]',
  })) {
    items.set('k', text);
    assert.equal(storage.read('k'), false, name);
  }
});

test('no storage, or storage that throws, is memory only and never an error', () => {
  const denied = fakeWindow((w) => {
    Object.defineProperty(w, 'sessionStorage', { get() { throw new Error('SecurityError'); } });
  });
  assert.equal(captureStorage(denied.w), null, 'a sandboxed frame');
  assert.equal(captureStorage(fakeWindow((w) => { w.sessionStorage = null; }).w), null, 'storage disabled');
  assert.equal(captureStorage({}), null, 'no Storage at all');

  const full = fakeWindow((w, items) => {
    w.Storage.prototype.setItem = () => { throw new Error('QuotaExceededError'); };
    items.set('k', 'older');
  });
  const storage = captureStorage(full.w);
  storage.write('k', { v: 1 });
  assert.equal(full.items.has('k'), false, 'a refused write removes the older entry');

  const broken = fakeWindow((w) => {
    w.Storage.prototype.getItem = () => { throw new Error('broken'); };
    w.Storage.prototype.removeItem = () => { throw new Error('broken'); };
  });
  assert.equal(captureStorage(broken.w).read('k'), null);
  captureStorage(broken.w).remove('k');
});

test('the storage\'s methods are taken when the loader runs', () => {
  const { w, items } = fakeWindow();
  const storage = captureStorage(w);
  w.Storage.prototype.getItem = () => '{"evil":true}';
  w.Storage.prototype.setItem = () => {};
  w.sessionStorage = null;
  storage.write('k', { v: 1 });
  assert.equal(items.get('k'), '{"v":1}');
  assert.deepEqual({ ...storage.read('k') }, { v: 1 });
});

test('restorable: a token Go would restore now', () => {
  const now = 1_800_000_000_000;
  const s = now / 1000;
  const good = { accessToken: 't', expiration: s + 1200, obtained: s - 60 };
  assert.equal(restorable(good, now), true);
  for (const [name, entry] of Object.entries({
    none: null,
    unreadable: false,
    'no token': { ...good, accessToken: '' },
    'token not a string': { ...good, accessToken: 1 },
    'no obtained': { ...good, obtained: undefined },
    'obtained in the future': { ...good, obtained: s + 1 },
    expired: { ...good, expiration: s - 1 },
    'within the leeway': { ...good, expiration: s + INBENTA_PERSIST.leeway },
    'beyond the API\'s life': { ...good, obtained: s, expiration: s + INBENTA_PERSIST.maxLife + 1 },
  })) {
    assert.equal(restorable(entry, now), false, name);
  }
});
