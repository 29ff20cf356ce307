// zone.js loaded before the SDK: the loader's own work runs on the
// engine's Promise, and the page's Promises are still awaited.
import './setup.js';
import { ZoneAwarePromise } from './fakes/zone.js';
import { answer, json } from './fakes/fetch.js';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { earlyAuth } from '../src/early.js';
import { NativePromise, then } from '../src/intrinsics.js';
import { bridgeKit } from '../src/kit.js';
import { createTabs } from '../src/tabs/tabs.js';
import { fakeOrigin } from './fakes/origin.js';

test('the fake is as hostile as zone.js', () => {
  assert.equal(globalThis.Promise, ZoneAwarePromise);
  assert.throws(() => ZoneAwarePromise.prototype.then.call((async () => {})(), () => {}), TypeError);
});

test('the SDK\'s Promise is the engine\'s', async () => {
  assert.notEqual(NativePromise, ZoneAwarePromise);
  assert.ok((async () => {})() instanceof NativePromise);
  const chained = then(then((async () => 1)(), (v) => v + 1), (v) => v + 1);
  assert.ok(chained instanceof NativePromise);
  assert.equal(await chained, 3);
  assert.equal(await then(ZoneAwarePromise.resolve(5), (v) => v * 2), 10, 'the page\'s Promise, by its own then');
  await assert.rejects(then(ZoneAwarePromise.reject(new Error('page')), (v) => v), /page/);
});

test('the kit settles, watches and hooks across both kinds of Promise', async () => {
  const kit = bridgeKit(createTabs(null));
  const seen = [];
  kit.watch(ZoneAwarePromise.resolve('zone'), 1, (...a) => seen.push(a));
  kit.watch((async () => 'native')(), 2, (...a) => seen.push(a));
  const hook = kit.hook(() => new ZoneAwarePromise((r) => r({ accessToken: 't' })), 'expired');
  assert.deepEqual(await hook, { accessToken: 't' });
  await new Promise((r) => setTimeout(r, 0));
  assert.deepEqual(seen.sort(), [[1, true, 'zone'], [2, true, 'native']]);
});

test('the early /auth and the tab claim run', async () => {
  answer(() => json(200, { accessToken: 'x' }));
  const origin = fakeOrigin();
  const first = earlyAuth(createTabs(origin.page()), null, 'DK', 'KEY', undefined);
  const second = earlyAuth(createTabs(origin.page()), null, 'DK', 'KEY', undefined);
  assert.deepEqual([await first.send, await second.send], [true, false], 'the first page claims the exchange');
  assert.deepEqual((await first.answer).json, { accessToken: 'x' });
  first.drop();
  second.drop();
});
