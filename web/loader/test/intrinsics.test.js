import './setup.js';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as intrinsics from '../src/intrinsics.js';

test('built-ins replaced after the loader ran do not steer it', async () => {
  const saved = { fetch: globalThis.fetch, parse: JSON.parse, set: Headers.prototype.set, status: Object.getOwnPropertyDescriptor(Response.prototype, 'status') };
  let fetched = 0;
  globalThis.fetch = async () => { fetched++; return new Response(); };
  JSON.parse = () => ({ evil: true });
  Headers.prototype.set = () => { throw new Error('patched'); };
  Object.defineProperty(Response.prototype, 'status', { get: () => 200, configurable: true });
  try {
    const headers = new Headers();
    intrinsics.headersSet(headers, 'a', '1');
    assert.equal(headers.get('a'), '1');
    assert.deepEqual(intrinsics.parseJSON('{"a":1}'), { a: 1 });
    assert.equal(intrinsics.responseStatus(new Response(null, { status: 404 })), 404);
    assert.equal(fetched, 0);
  } finally {
    globalThis.fetch = saved.fetch;
    JSON.parse = saved.parse;
    Headers.prototype.set = saved.set;
    Object.defineProperty(Response.prototype, 'status', saved.status);
  }
});

test('fetch is the page\'s, taken when the SDK is first used', async () => {
  const saved = globalThis.fetch;
  const seen = [];
  globalThis.fetch = async (input) => { seen.push('first ' + input); return new Response(); };
  try {
    await intrinsics.pageFetch('https://a.example/1');
    globalThis.fetch = async (input) => { seen.push('later ' + input); return new Response(); };
    await intrinsics.pageFetch('https://a.example/2');
  } finally {
    globalThis.fetch = saved;
  }
  assert.deepEqual(seen, ['first https://a.example/1', 'first https://a.example/2']);
});

test('getters are read for what the value is', () => {
  const url = new URL('https://a.example/');
  Object.defineProperty(url, 'href', { value: 'https://b.example/' });
  assert.equal(intrinsics.urlHref(url), 'https://a.example/');
  assert.throws(() => intrinsics.urlHref({ href: 'https://b.example/' }), TypeError);
  assert.equal(intrinsics.getterOf(undefined, 'x'), null, 'a class the engine lacks');
});

test('text round-trips through the captured codecs', () => {
  const bytes = intrinsics.encode('héllo');
  assert.equal(intrinsics.decode(new intrinsics.NativeTextDecoder(), bytes), 'héllo');
});
