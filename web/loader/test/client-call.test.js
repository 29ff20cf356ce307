import './setup.js';
import assert from 'node:assert/strict';
import { before, test } from 'node:test';

let plainCall;
let MAX_BODY;
before(async () => {
  globalThis.location = { href: 'https://site.example/app/' };
  ({ plainCall, MAX_BODY } = await import('../src/client/call.js'));
});

const text = async (call) => new TextDecoder().decode(await call.bodyP);

test('a URL string or object becomes one absolute URL', () => {
  assert.equal(plainCall('../x?q=1').url, 'https://site.example/x?q=1');
  assert.equal(plainCall(new URL('https://bot.example/v1')).url, 'https://bot.example/v1');
  let asked = 0;
  const shifty = { toString() { return ++asked === 1 ? 'https://bot.example/a' : 'https://evil.example/'; } };
  assert.equal(plainCall(shifty).url, 'https://bot.example/a');
  assert.equal(asked, 1, 'stringified once');
  assert.throws(() => plainCall(undefined), { code: 'INVALID_ARGUMENT' });
  assert.throws(() => plainCall('http://[x'), /is not a URL/);
});

test('a URL object that lies about its href is read for what it is', () => {
  const url = new URL('https://bot.example/v1');
  Object.defineProperty(url, 'href', { value: 'https://evil.example/' });
  assert.equal(plainCall(url).url, 'https://bot.example/v1');
});

test('a simple init goes as it is; other members make the call a Request', () => {
  const simple = plainCall('https://bot.example/', { method: 'POST', headers: { a: '1' }, body: '{}' });
  assert.equal(simple.simple, true);
  assert.equal(simple.init.body, '{}');
  assert.equal(simple.init.headers.get('a'), '1');
  assert.equal(simple.bodyP, null);
  const other = plainCall('https://bot.example/', { mode: 'cors', unknown: 1 });
  assert.equal(other.simple, false);
  assert.equal(other.init.mode, 'cors');
  assert.ok(!('unknown' in other.init) || other.init.unknown === undefined);
});

test('only the init\'s own data properties count', () => {
  const init = Object.create({ method: 'DELETE' });
  init.headers = { a: '1' };
  assert.equal(plainCall('https://bot.example/', init).init.method, undefined);
  assert.throws(() => plainCall('https://bot.example/', { get method() { return 'GET'; } }), { code: 'INVALID_ARGUMENT' });
  assert.throws(() => plainCall('https://bot.example/', 5), /init must be an object/);
  assert.throws(() => plainCall('https://bot.example/', { headers: [['bad header', 'x']] }), /not valid headers/);
});

test('a Request input: its fields through Request.prototype, its body read once', async () => {
  const req = new Request('https://bot.example/v1', { method: 'PUT', headers: { a: '1' }, body: 'hello' });
  const copy = req.clone();
  const call = plainCall(req);
  assert.equal(call.url, 'https://bot.example/v1');
  assert.equal(call.init.method, 'PUT');
  assert.equal(call.init.headers.get('a'), '1');
  assert.equal(call.simple, false);
  assert.equal(await text(call), 'hello');
  const overridden = plainCall(copy, { body: 'other' });
  assert.equal(overridden.init.body, 'other', 'the init\'s body wins');
});

test('a body that is not a string is read once, with the type it implies', async () => {
  const form = new URLSearchParams({ q: 'hi' });
  const call = plainCall('https://bot.example/', { method: 'POST', body: form });
  assert.equal(call.simple, false);
  assert.equal(await text(call), 'q=hi');
  assert.match(call.init.headers.get('content-type'), /application\/x-www-form-urlencoded/);
  const typed = plainCall('https://bot.example/', { method: 'POST', body: form, headers: { 'content-type': 'text/plain' } });
  assert.equal(typed.init.headers.get('content-type'), 'text/plain', 'the page\'s own type wins');
  const big = plainCall('https://bot.example/', { method: 'POST', body: new Uint8Array(MAX_BODY + 1) });
  assert.equal(await big.bodyP, null, 'too large to replay');
});
