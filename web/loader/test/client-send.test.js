import './setup.js';
import { answer, json, requests, reset } from './fakes/fetch.js';
import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import { plainCall } from '../src/client/call.js';
import { createSender, tokenHeaders } from '../src/client/send.js';

// goSide is a fake of the Go methods the sender calls.
function goSide({ replay = [2, 'KEY', 'tok2'] } = {}) {
  const calls = [];
  return {
    calls,
    token: async (h, url) => { calls.push(['token', h, url]); return [1, 'KEY', 'tok1']; },
    rejected: async (h, url, gen, status, text) => { calls.push(['rejected', h, url, gen, status, text]); return replay; },
    failed: (reason) => Object.assign(new Error('NETWORK'), { code: 'NETWORK', cause: reason }),
  };
}

beforeEach(() => {
  reset();
  answer(() => json(200, { ok: true }));
});

const rec = () => ({ h: 9, headers: null });

test('tokenHeaders names Go\'s header values', () => {
  assert.deepEqual(tokenHeaders([3, 'K', 'T']), { generation: 3, key: 'K', token: 'T' });
  assert.equal(tokenHeaders(null), null);
  assert.equal(tokenHeaders(undefined), null);
});

test('a call goes with the key and the token', async () => {
  const { send } = createSender(goSide());
  const res = await send(rec(), plainCall('https://bot.example/v1', { headers: { authorization: 'mine', x: '1' } }), tokenHeaders([1, 'KEY', 'tok1']), false);
  assert.equal(res.status, 200);
  const { request } = requests[0];
  assert.equal(request.headers.get('x-inbenta-key'), 'KEY');
  assert.equal(request.headers.get('authorization'), 'Bearer tok1', 'the SDK\'s, always');
  assert.equal(request.headers.get('x'), '1');
});

test('a refused token is replayed once with the token Go gives', async () => {
  answer(() => (requests.length === 1 ? json(403, { Message: 'User is not authorized to access this resource with an explicit deny' }) : json(200, {})));
  const go = goSide();
  const r = rec();
  const res = await createSender(go).send(r, plainCall('https://bot.example/v1', { method: 'POST', body: '{"m":1}' }), tokenHeaders([1, 'KEY', 'tok1']), false);
  assert.equal(res.status, 200);
  assert.equal(requests.length, 2);
  assert.equal(requests[1].request.headers.get('authorization'), 'Bearer tok2');
  assert.equal(await requests[1].request.text(), '{"m":1}', 'the same body again');
  assert.deepEqual(go.calls, [['rejected', 9, 'https://bot.example/v1', 1, 403, '{"Message":"User is not authorized to access this resource with an explicit deny"}']]);
  assert.deepEqual(r.headers, { generation: 2, key: 'KEY', token: 'tok2' });
});

test('a refusal that is not the token\'s goes to the page, and a replay is never replayed', async () => {
  answer(() => json(401, { message: 'Unauthorized' }));
  const notTheToken = await createSender(goSide({ replay: null })).send(rec(), plainCall('https://bot.example/v1'), tokenHeaders([1, 'K', 't']), false);
  assert.equal(notTheToken.status, 401);
  assert.equal(await notTheToken.text(), '{"message":"Unauthorized"}', 'the page reads the body: Go read a copy');
  reset();
  const again = await createSender(goSide()).send(rec(), plainCall('https://bot.example/v1'), tokenHeaders([1, 'K', 't']), false);
  assert.equal(again.status, 401);
  assert.equal(requests.length, 2, 'one replay, whatever it answers');
});

test('a large refusal is not read to judge it', async () => {
  answer(() => new Response('x'.repeat(5000), { status: 403 }));
  const go = goSide({ replay: null });
  await createSender(go).send(rec(), plainCall('https://bot.example/v1'), tokenHeaders([1, 'K', 't']), false);
  assert.equal(go.calls[0][5], undefined);
});

test('bad arguments are INVALID_ARGUMENT; a fetch that fails is Go\'s to name', async () => {
  const { send } = createSender(goSide());
  await assert.rejects(send(rec(), plainCall('https://bot.example/', { method: 'GET', body: 'x' }), tokenHeaders([1, 'K', 't']), false), /cannot have a body/);
  await assert.rejects(send(rec(), plainCall('https://bot.example/', { method: 'TRACE' }), tokenHeaders([1, 'K', 't']), false), /not a method/);
  answer(() => { throw new TypeError('Failed to fetch'); });
  await assert.rejects(send(rec(), plainCall('https://bot.example/'), tokenHeaders([1, 'K', 't']), false), { code: 'NETWORK' });
});

test('sendAfterToken reads the body, then waits for Go\'s token', async () => {
  const go = goSide();
  const r = rec();
  await createSender(go).sendAfterToken(r, plainCall('https://bot.example/v1', { method: 'POST', body: new Blob(['blob']) }));
  assert.deepEqual(go.calls, [['token', 9, 'https://bot.example/v1']]);
  assert.equal(await requests[0].request.text(), 'blob');
  assert.equal(r.headers.generation, 1);
});

test('redirects are never followed, whatever the page asked', async () => {
  // (What a browser answers, an opaque redirect, is tested in the browsers.)
  for (const input of ['https://bot.example/v1', new Request('https://bot.example/v1', { redirect: 'follow' })]) {
    const call = plainCall(input, { redirect: 'follow' });
    assert.equal(call.init.redirect, 'manual');
    await createSender(goSide()).send(rec(), call, tokenHeaders([1, 'K', 't']), false);
    assert.equal(requests.at(-1).request.redirect, 'manual');
  }
});

test('a body stream that errors rejects with a coded Error', async () => {
  const broken = new ReadableStream({ pull(c) { c.error('boom'); } });
  const call = plainCall('https://bot.example/v1', { method: 'POST', body: broken, duplex: 'half' });
  await assert.rejects(createSender(goSide()).sendAfterToken(rec(), call), (e) => e.code === 'INVALID_ARGUMENT' && e.cause === 'boom');
  assert.equal(requests.length, 0);
});
