import './setup.js';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { factoryArguments, loadSeconds, pageOptions, wasmURL } from '../src/options.js';

test('options are read once as plain data, keeping the page\'s hooks', () => {
  const refresh = async () => ({});
  const page = Object.create({ authURL: 'https://inherited.example' });
  Object.assign(page, { lang: 'es', refresh, onRefreshError: () => {}, other: () => {}, labels: { es: { REFRESH_TITLE: 'Ay' } } });
  const out = pageOptions(page);
  assert.equal(Object.getPrototypeOf(out), null);
  assert.equal(out.refresh, refresh);
  assert.equal(typeof out.onRefreshError, 'function');
  assert.ok(!('other' in out), 'other functions are not options');
  assert.ok(!('authURL' in out), 'inherited properties are not the page\'s options');
  assert.equal(out.labels.es.REFRESH_TITLE, 'Ay');
  assert.equal(pageOptions(undefined), undefined);
  assert.equal(pageOptions(null), undefined);
});

test('bad options are INVALID_ARGUMENT', () => {
  for (const bad of ['x', 1, { get lang() { return 'es'; } }, { leeway: 1n }, new Proxy({}, { ownKeys() { throw new Error('t'); } })]) {
    assert.throws(() => pageOptions(bad), { code: 'INVALID_ARGUMENT' });
  }
});

test('loadTimeout is a number of seconds from 0.001 to 600', () => {
  assert.equal(loadSeconds(undefined), 60);
  assert.equal(loadSeconds({ loadTimeout: null }), 60);
  assert.equal(loadSeconds({ loadTimeout: 0.5 }), 0.5);
  for (const bad of [0, -1, 601, NaN, '5', true]) {
    assert.throws(() => loadSeconds({ loadTimeout: bad }), /loadTimeout must be a number of seconds from 0.001 to 600/);
  }
});

test('wasmURL resolves against the page', () => {
  globalThis.location = { href: 'https://site.example/app/page.html' };
  try {
    assert.equal(wasmURL({ wasmURL: '../lib/x.wasm' }), 'https://site.example/lib/x.wasm');
    assert.equal(wasmURL({}), undefined);
    assert.equal(wasmURL(undefined), undefined);
    assert.throws(() => wasmURL({ wasmURL: 'http://[bad' }), { code: 'INVALID_ARGUMENT' });
  } finally {
    delete globalThis.location;
  }
});

test('factory arguments: keys are strings, and loadTimeout is checked before anything is sent', () => {
  const args = factoryArguments('domainKey', 'DK', 'KEY', { lang: 'en' });
  assert.deepEqual([args.first, args.apiKey, args.options.lang], ['DK', 'KEY', 'en']);
  assert.throws(() => factoryArguments('domainKey', 1, 'KEY'), /domainKey must be a string/);
  assert.throws(() => factoryArguments('domainKey', 'DK', null), /apiKey must be a string/);
  assert.throws(() => factoryArguments('domainKey', 'DK', 'KEY', { loadTimeout: 0 }), /loadTimeout/);
});
