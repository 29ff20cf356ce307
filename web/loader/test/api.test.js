import './setup.js';
import { answer, json, requests, reset } from './fakes/fetch.js';
import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import { createInbentaAuth } from '../src/api.js';
import { WASM, program, runs } from './fakes/go.js';

// goImpl is a fake of the wasm's implementation, recording the factories'
// arguments.
function goImpl() {
  const made = [];
  const factory = (name) => (first, apiKey, options, early) => {
    made.push({ name, first, apiKey, options, early });
    return Promise.resolve(made.length);
  };
  return {
    made,
    impl: {
      createFromDomainKey: factory('createFromDomainKey'),
      createFromAccessToken: factory('createFromAccessToken'),
      client: { flush() {}, productHeaders: () => Object.freeze({}), accessToken: async (h) => 'token of ' + h },
    },
  };
}

// A page, as far as the loader asks.
globalThis.window = globalThis;
globalThis.document = { baseURI: 'https://site.example/' };

beforeEach(() => {
  reset();
  runs.length = 0;
  answer((req) => (req.url.endsWith('.wasm') ? new Response(WASM, { headers: { 'content-type': 'application/wasm' } }) : json(200, { accessToken: 't' })));
});

test('the public object', () => {
  const sdk = createInbentaAuth('https://site.example/x.wasm');
  assert.ok(Object.isFrozen(sdk));
  assert.equal(sdk.version, globalThis.INBENTA_VERSION);
  assert.equal(sdk[Symbol.for('InbentaAuth.loader')], true);
});

test('creation loads the wasm once, reads the options once, and sends /auth early', async () => {
  const go = goImpl();
  program(go.impl);
  const sdk = createInbentaAuth('https://site.example/x.wasm');
  let reads = 0;
  const options = { authURL: 'https://api.example/v1' };
  Object.defineProperty(options, 'refresh', { enumerable: true, get() { reads++; return undefined; } });
  await assert.rejects(sdk.createFromDomainKey('DK', 'KEY', options), { code: 'INVALID_ARGUMENT' }, 'a getter is refused');
  const a = await sdk.createFromDomainKey('DK', 'KEY', { authURL: 'https://api.example/v1' });
  const b = await sdk.createFromAccessToken('TOKEN', 'KEY', { authURL: 'https://api.example/v1' });
  assert.equal(runs.length, 1, 'one wasm instance');
  assert.equal(await a.accessToken(), 'token of 1');
  assert.equal(await b.accessToken(), 'token of 2');
  const [dk, at] = go.made;
  assert.deepEqual([dk.name, dk.first, dk.apiKey, dk.options.authURL], ['createFromDomainKey', 'DK', 'KEY', 'https://api.example/v1']);
  assert.equal(dk.early.url, 'https://api.example/v1/auth', 'the early /auth went');
  assert.equal(at.early, undefined);
  assert.equal(requests.filter((r) => r.request.url.endsWith('/auth')).length, 1);
});

test('a failed load is forgotten: the next call loads again', async () => {
  program(goImpl().impl);
  const sdk = createInbentaAuth('https://site.example/x.wasm');
  answer(() => new Response('gone', { status: 404 }));
  await assert.rejects(sdk.load(), { code: 'WASM_LOAD_FAILED', status: 404 });
  answer(() => new Response(WASM, { headers: { 'content-type': 'application/wasm' } }));
  await sdk.load({ wasmURL: 'https://cdn.example/x.wasm' });
  assert.equal(requests.at(-1).request.url, 'https://cdn.example/x.wasm');
});

test('every path answers a coded rejection, never a throw', async () => {
  program(goImpl().impl);
  const sdk = createInbentaAuth('https://site.example/x.wasm');
  for (const call of [() => sdk.createFromDomainKey(1, 'KEY'), () => sdk.createFromAccessToken('T', 'KEY', 'x'),
    () => sdk.load({ loadTimeout: -1 }), () => sdk.load({ get wasmURL() { throw new Error('trap'); } })]) {
    await assert.rejects(call(), { code: 'INVALID_ARGUMENT' });
  }
  globalThis.Go = class { constructor() { throw new Error('Go program has already exited'); } };
  await assert.rejects(sdk.load(), { code: 'INTERNAL', message: /already exited/ });
});

test('outside a page, every call rejects with UNSUPPORTED_ENVIRONMENT and starts nothing', async () => {
  program(goImpl().impl);
  const sdk = createInbentaAuth(undefined);
  const { document } = globalThis;
  delete globalThis.document;
  try {
    for (const call of [() => sdk.createFromDomainKey('DK', 'KEY'), () => sdk.createFromAccessToken('T', 'KEY'), () => sdk.load()]) {
      await assert.rejects(call(), { code: 'UNSUPPORTED_ENVIRONMENT', message: /runs in web pages/ });
    }
    assert.equal(requests.length, 0);
    assert.equal(runs.length, 0);
  } finally {
    globalThis.document = document;
  }
});
