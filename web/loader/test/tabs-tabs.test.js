import './setup.js';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createTabs } from '../src/tabs/tabs.js';
import { fakeOrigin } from './fakes/origin.js';

test('without sharing, a page always sends and has no peers', async () => {
  const tabs = createTabs(null);
  assert.equal(await tabs.claimExchange('G').send, true);
  assert.equal(tabs.peers('G', 1, () => {}), null);
});

test('with sharing, claims and hubs share one loader\'s claims', async () => {
  const origin = fakeOrigin();
  const tabs = createTabs(origin.page());
  assert.equal(await tabs.claimExchange('G').send, true);
  const hub = tabs.peers('G', 1, () => null);
  const release = await hub.lock().held;
  assert.deepEqual(await hub.ask(1000), { tokens: [], marks: [], all: false }, 'the hub took the loader\'s claim over');
  release();
  hub.close();
});

test('once the lock manager is broken, a page always sends and has no peers', async () => {
  let broken = false;
  const tabs = createTabs({ ...fakeOrigin().page(), broken: () => broken });
  assert.notEqual(tabs.peers('G', 1, () => null), null);
  broken = true;
  assert.equal(await tabs.claimExchange('H').send, true);
  assert.equal(tabs.peers('G', 2, () => null), null);
});
