import './setup.js';
import { answer, json, requests, reset } from './fakes/fetch.js';
import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import { clientFactory } from '../src/client/client.js';
import { sdkError } from '../src/errors.js';

// fakeGo is the Go side's client methods for one token generation, each
// recording how it was called (as a plain function: this is undefined).
function fakeGo() {
  const calls = [];
  const method = (name, fn) => function goMethod(...args) {
    calls.push([name, this, ...args]);
    return fn(...args);
  };
  let generation = 1;
  return {
    calls,
    next: () => { generation++; },
    m: {
      verdict: method('verdict', (h, url) => (url.startsWith('https://bot.example/') ? generation : new Error('not served'))),
      headers: method('headers', () => [generation, 'KEY', 'tok' + generation]),
      token: method('token', async () => [generation, 'KEY', 'tok' + generation]),
      rejected: method('rejected', async () => null),
      failed: method('failed', (reason) => reason),
      accessToken: method('accessToken', async (h) => 'tok-of-' + h),
      close: method('close', () => undefined),
      setRefresh: method('setRefresh', async () => undefined),
      setRefreshErrorHandler: method('setRefreshErrorHandler', async () => undefined),
      on: method('on', async () => undefined),
      off: method('off', async () => undefined),
      flush: method('flush', () => undefined),
      apis: method('apis', () => ({ chatbot: 'https://bot.example/' })),
      expiration: method('expiration', () => 2e9),
      productHeaders: method('productHeaders', () => Object.freeze({ 'x-inbenta-env': 'production', 'x-inbenta-user-type': '0' })),
      session: method('session', async (h, product) => {
        if (product !== 'chatbot') {
          throw Object.assign(new Error('no sessions'), { code: 'INVALID_ARGUMENT' });
        }
      }),
      sessionVerdict: method('sessionVerdict', () => 0),
      sessionRejected: method('sessionRejected', async () => null),
      touch: method('touch', () => undefined),
      sessionId: method('sessionId', () => '7'),
      endSession: method('endSession', async () => undefined),
    },
  };
}

beforeEach(() => {
  reset();
  answer(() => json(200, {}));
});

test('a ready token goes at once: one verdict, header values once per generation', async () => {
  const go = fakeGo();
  const client = clientFactory(go.m)(5);
  await client.fetch('https://bot.example/a');
  await client.fetch('https://bot.example/b');
  go.next();
  await client.fetch('https://bot.example/c');
  assert.deepEqual(go.calls.filter(([n]) => n !== 'flush').map(([n, self, h]) => [n, self, h]),
    [['productHeaders', undefined, 5], ['verdict', undefined, 5], ['headers', undefined, 5], ['verdict', undefined, 5], ['verdict', undefined, 5], ['headers', undefined, 5]]);
  assert.deepEqual(requests.map((r) => r.request.headers.get('authorization')), ['Bearer tok1', 'Bearer tok1', 'Bearer tok2']);
});

test('a call that must wait goes through Go\'s token', async () => {
  const go = fakeGo();
  go.m.verdict = () => 0;
  const client = clientFactory(go.m)(1);
  await client.fetch('https://bot.example/a');
  assert.ok(go.calls.some(([n]) => n === 'token'));
});

test('a verdict that is an Error rejects, and nothing is sent', async () => {
  const client = clientFactory(fakeGo().m)(1);
  await assert.rejects(client.fetch('https://evil.example/'), /not served/);
  await assert.rejects(client.fetch(), { code: 'INVALID_ARGUMENT' });
  assert.equal(requests.length, 0);
});

test('methods are bound, and a forged client reaches no handle', async () => {
  const go = fakeGo();
  const wrap = clientFactory(go.m);
  const client = wrap(3);
  const { accessToken, fetch } = client;
  assert.equal(await accessToken(), 'tok-of-3');
  await fetch('https://bot.example/a');
  const proto = Object.getPrototypeOf(client);
  assert.equal(await proto.accessToken.call({ h: 3 }), 'tok-of-undefined');
  assert.equal(await proto.accessToken.call(Object.create(proto)), 'tok-of-undefined');
  assert.deepEqual(Object.keys(client).sort(), ['accessToken', 'close', 'fetch', 'off', 'on', 'session', 'setRefresh', 'setRefreshErrorHandler']);
  assert.deepEqual(client.apis, { chatbot: 'https://bot.example/' });
  assert.equal(client.expiration, 2e9);
});

test('arguments are checked before Go sees them, as rejections', async () => {
  const client = clientFactory(fakeGo().m)(1);
  for (const call of [() => client.on(1, () => {}), () => client.on('token', 'x'), () => client.off('x'.repeat(65), () => {}),
    () => client.setRefresh(5), () => client.setRefreshErrorHandler({})]) {
    await assert.rejects(call(), { code: 'INVALID_ARGUMENT' });
  }
  await client.setRefresh(null);
  await client.setRefresh(undefined);
});

test('creation events are flushed a task later; close drops the cached headers', async () => {
  const go = fakeGo();
  const client = clientFactory(go.m)(4);
  assert.ok(!go.calls.some(([n]) => n === 'flush'));
  await new Promise((r) => setTimeout(r, 0));
  assert.ok(go.calls.some(([n, , h]) => n === 'flush' && h === 4));
  await client.fetch('https://bot.example/a');
  client.close();
  await client.fetch('https://bot.example/b');
  assert.equal(go.calls.filter(([n]) => n === 'headers').length, 2);
});

test('init.signal: aborted before, or while the call waits for a token or its body', async () => {
  const go = fakeGo();
  const client = clientFactory(go.m)(1);
  const before = new AbortController();
  before.abort();
  await assert.rejects(client.fetch('https://bot.example/a', { signal: before.signal }), { code: 'ABORTED', name: 'AbortError' });
  assert.equal(requests.length, 0, 'nothing sent');

  const slow = fakeGo();
  slow.m.verdict = () => 0;
  slow.m.token = () => new Promise(() => {}); // a refresh that takes long
  const waiting = new AbortController();
  const call = clientFactory(slow.m)(1).fetch('https://bot.example/b', { signal: waiting.signal });
  setTimeout(() => waiting.abort(), 10);
  await assert.rejects(call, { code: 'ABORTED' });

  let cancelled = false;
  const endless = new ReadableStream({ pull(c) { c.enqueue(new Uint8Array(1)); return new Promise((r) => setTimeout(r, 5)); }, cancel() { cancelled = true; } });
  const reading = new AbortController();
  const upload = client.fetch('https://bot.example/c', { method: 'POST', body: endless, duplex: 'half', signal: reading.signal });
  setTimeout(() => reading.abort(), 20);
  await assert.rejects(upload, { code: 'ABORTED' });
  await new Promise((r) => setTimeout(r, 10));
  assert.ok(cancelled, 'the body\'s read was cancelled');
  assert.equal(requests.length, 0);
});

test('client.fetch sends the product headers Go hands over, once per client', async () => {
  const go = fakeGo();
  const client = clientFactory(go.m)(2);
  await client.fetch('https://bot.example/a');
  await client.fetch('https://bot.example/b', { headers: { 'x-inbenta-user-type': '3' } });
  assert.deepEqual(requests.map((r) => [r.request.headers.get('x-inbenta-env'), r.request.headers.get('x-inbenta-user-type')]),
    [['production', '0'], ['production', '3']]);
  assert.equal(go.calls.filter(([n]) => n === 'productHeaders').length, 1);
});

test('client.session: one object per product, whatever the number of calls; Go judges the product', async () => {
  const go = fakeGo();
  const client = clientFactory(go.m)(6);
  const all = await Promise.all(Array.from({ length: 20 }, () => client.session('chatbot')));
  assert.ok(all.every((s) => s === all[0]), 'the same object');
  assert.equal(await client.session('chatbot'), all[0]);
  assert.equal(all[0].product, 'chatbot');
  assert.equal(all[0].id, '7');
  assert.equal(go.calls.filter(([n]) => n === 'session').length, 21, 'each call asks Go: it starts the session once');
  assert.deepEqual(go.calls.find(([n]) => n === 'session').slice(2), [6, 'chatbot']);

  await assert.rejects(client.session('faq'), { code: 'INVALID_ARGUMENT' });
  for (const bad of [undefined, 1, { toString: () => 'chatbot' }, 'x'.repeat(65)]) {
    await assert.rejects(client.session(bad), { code: 'INVALID_ARGUMENT' });
  }
  const { session } = client;
  assert.equal(await session('chatbot'), all[0], 'bound');
});

test('close drops what the client\'s sessions hold', async () => {
  const go = fakeGo();
  const verdicts = [];
  let answer = () => ({ headers: [1, 'KEY', 'tok1'], session: 1, sessionToken: 's1', bearer: true, replay: 0 });
  go.m.sessionVerdict = (...args) => { verdicts.push(args.slice(3)); return answer(); };
  const client = clientFactory(go.m)(8);
  const s = await client.session('chatbot');
  await s.fetch('https://bot.example/v1/conversation/message');
  answer = () => 1;
  await s.fetch('https://bot.example/v1/conversation/message');
  assert.equal(requests[1].request.headers.get('x-inbenta-session'), 'Bearer s1', 'the values JS holds');
  client.close();
  answer = () => sdkError('CLOSED', 'closed');
  await assert.rejects(s.fetch('https://bot.example/v1/conversation/message'), { code: 'CLOSED' });
  assert.deepEqual(verdicts, [[0, 0], [1, 1], [0, 0]], 'after close, JS holds no session values');
});

test('apis are the current token\'s, and the last ones once closed', () => {
  const go = fakeGo();
  let holding = true;
  go.m.apis = () => (holding ? { chatbot: 'https://bot.example/' } : null);
  const wrap = clientFactory(go.m);
  const client = wrap(1);
  assert.deepEqual(client.apis, { chatbot: 'https://bot.example/' });
  holding = false; // closed: Go holds no token
  client.close();
  assert.deepEqual(client.apis, { chatbot: 'https://bot.example/' });
  assert.equal(wrap(2).apis, undefined, 'a client that never had any has none');
});
