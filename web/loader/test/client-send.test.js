import './setup.js';
import { answer, json, requests, reset } from './fakes/fetch.js';
import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import { plainCall } from '../src/client/call.js';
import { REPLAY_SESSION, REPLAY_TOKEN, createSender, sessionHeaders, tokenHeaders } from '../src/client/send.js';

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

const NONE = { names: [], values: {} };
const rec = (extra = NONE) => ({ h: 9, headers: null, extra });

test('tokenHeaders names Go\'s header values', () => {
  assert.deepEqual(tokenHeaders([3, 'K', 'T']), { generation: 3, key: 'K', token: 'T' });
  assert.equal(tokenHeaders(null), null);
  assert.equal(tokenHeaders(undefined), null);
});

test('a call goes with the key and the token', async () => {
  const { send } = createSender(goSide());
  const res = await send(rec(), plainCall('https://bot.example/v1', { headers: { authorization: 'mine', x: '1' } }), tokenHeaders([1, 'KEY', 'tok1']), REPLAY_TOKEN);
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
  const res = await createSender(go).send(r, plainCall('https://bot.example/v1', { method: 'POST', body: '{"m":1}' }), tokenHeaders([1, 'KEY', 'tok1']), REPLAY_TOKEN);
  assert.equal(res.status, 200);
  assert.equal(requests.length, 2);
  assert.equal(requests[1].request.headers.get('authorization'), 'Bearer tok2');
  assert.equal(await requests[1].request.text(), '{"m":1}', 'the same body again');
  assert.deepEqual(go.calls, [['rejected', 9, 'https://bot.example/v1', 1, 403, '{"Message":"User is not authorized to access this resource with an explicit deny"}']]);
  assert.deepEqual(r.headers, { generation: 2, key: 'KEY', token: 'tok2' });
});

test('a refusal that is not the token\'s goes to the page, and a replay is never replayed', async () => {
  answer(() => json(401, { message: 'Unauthorized' }));
  const notTheToken = await createSender(goSide({ replay: null })).send(rec(), plainCall('https://bot.example/v1'), tokenHeaders([1, 'K', 't']), REPLAY_TOKEN);
  assert.equal(notTheToken.status, 401);
  assert.equal(await notTheToken.text(), '{"message":"Unauthorized"}', 'the page reads the body: Go read a copy');
  reset();
  const again = await createSender(goSide()).send(rec(), plainCall('https://bot.example/v1'), tokenHeaders([1, 'K', 't']), REPLAY_TOKEN);
  assert.equal(again.status, 401);
  assert.equal(requests.length, 2, 'one replay, whatever it answers');
});

test('a large refusal is not read to judge it', async () => {
  answer(() => new Response('x'.repeat(5000), { status: 403 }));
  const go = goSide({ replay: null });
  await createSender(go).send(rec(), plainCall('https://bot.example/v1'), tokenHeaders([1, 'K', 't']), REPLAY_TOKEN);
  assert.equal(go.calls[0][5], undefined);
});

test('bad arguments are INVALID_ARGUMENT; a fetch that fails is Go\'s to name', async () => {
  const { send } = createSender(goSide());
  await assert.rejects(send(rec(), plainCall('https://bot.example/', { method: 'GET', body: 'x' }), tokenHeaders([1, 'K', 't']), REPLAY_TOKEN), /cannot have a body/);
  await assert.rejects(send(rec(), plainCall('https://bot.example/', { method: 'TRACE' }), tokenHeaders([1, 'K', 't']), REPLAY_TOKEN), /not a method/);
  answer(() => { throw new TypeError('Failed to fetch'); });
  await assert.rejects(send(rec(), plainCall('https://bot.example/'), tokenHeaders([1, 'K', 't']), REPLAY_TOKEN), { code: 'NETWORK' });
});

test('sendWhenReady reads the body, then waits for Go\'s token', async () => {
  const go = goSide();
  const r = rec();
  await createSender(go).sendWhenReady(r, plainCall('https://bot.example/v1', { method: 'POST', body: new Blob(['blob']) }));
  assert.deepEqual(go.calls, [['token', 9, 'https://bot.example/v1']]);
  assert.equal(await requests[0].request.text(), 'blob');
  assert.equal(r.headers.generation, 1);
});

test('redirects are never followed, whatever the page asked', async () => {
  // (What a browser answers, an opaque redirect, is tested in the browsers.)
  for (const input of ['https://bot.example/v1', new Request('https://bot.example/v1', { redirect: 'follow' })]) {
    const call = plainCall(input, { redirect: 'follow' });
    assert.equal(call.init.redirect, 'manual');
    await createSender(goSide()).send(rec(), call, tokenHeaders([1, 'K', 't']), REPLAY_TOKEN);
    assert.equal(requests.at(-1).request.redirect, 'manual');
  }
});

test('a body stream that errors rejects with a coded Error', async () => {
  const broken = new ReadableStream({ pull(c) { c.error('boom'); } });
  const call = plainCall('https://bot.example/v1', { method: 'POST', body: broken, duplex: 'half' });
  await assert.rejects(createSender(goSide()).sendWhenReady(rec(), call), (e) => e.code === 'INVALID_ARGUMENT' && e.cause === 'boom');
  assert.equal(requests.length, 0);
});

const PRODUCT = {
  names: ['x-inbenta-env', 'x-inbenta-user-type', 'x-inbenta-source'],
  values: Object.freeze({ 'x-inbenta-env': 'development', 'x-inbenta-user-type': '2', 'x-inbenta-source': 'web' }),
};

test('the product headers go with the token; the page\'s own value for one wins, never for the key or the token', async () => {
  const { send } = createSender(goSide());
  await send(rec(PRODUCT), plainCall('https://bot.example/v1', {
    headers: { 'X-Inbenta-Env': 'production', 'x-inbenta-key': 'page', authorization: 'Bearer page' },
  }), tokenHeaders([1, 'KEY', 'tok1']), REPLAY_TOKEN);
  const { headers } = requests[0].request;
  assert.equal(headers.get('x-inbenta-env'), 'production', 'the page set it');
  assert.equal(headers.get('x-inbenta-user-type'), '2');
  assert.equal(headers.get('x-inbenta-source'), 'web');
  assert.equal(headers.get('x-inbenta-key'), 'KEY');
  assert.equal(headers.get('authorization'), 'Bearer tok1');
  assert.equal(headers.get('x-inbenta-session'), null, 'client.fetch sends no session');
});

test('sessionHeaders names Go\'s session values, and makes the header in the product\'s form', () => {
  assert.deepEqual(sessionHeaders({ headers: [3, 'K', 'T'], session: 2, sessionToken: 's2', bearer: true, replay: 0 }),
    { generation: 3, key: 'K', token: 'T', session: 2, value: 'Bearer s2' });
  assert.equal(sessionHeaders({ headers: [3, 'K', 'T'], session: 1, sessionToken: 'raw', bearer: false }).value, 'raw');
  assert.equal(sessionHeaders(null), null);
  assert.equal(sessionHeaders(undefined), null);
});

// sessionSide is a fake of the Go methods a session call uses: judge
// answers sessionRejected in turn.
function sessionSide(...judge) {
  const go = goSide();
  go.session = async (h, product, url) => {
    go.calls.push(['session', h, product, url]);
    return { headers: [1, 'KEY', 'tok1'], session: 1, sessionToken: 's1', bearer: true, replay: 0 };
  };
  go.sessionRejected = async (...args) => {
    go.calls.push(['sessionRejected', ...args.slice(0, 5), args[7]]);
    return judge.shift() ?? null;
  };
  go.touch = (...args) => { go.calls.push(['touch', ...args]); };
  return go;
}

const srec = () => ({ h: 9, product: 'chatbot', headers: null, extra: PRODUCT });
const expired = () => json(400, { errors: [{ code: 400, message: 'Session expired' }] });

test('a session call carries the session; an answer counts as the session\'s use, from when it left', async () => {
  const go = sessionSide();
  const r = srec();
  const before = Date.now();
  const res = await createSender(go).sendWhenReady(r, plainCall('https://bot.example/v1/conversation/message', { method: 'POST', body: '{}' }));
  assert.equal(res.status, 200);
  const { headers } = requests[0].request;
  assert.equal(headers.get('x-inbenta-session'), 'Bearer s1');
  assert.equal(headers.get('authorization'), 'Bearer tok1');
  assert.equal(headers.get('x-inbenta-env'), 'development');
  assert.deepEqual(go.calls.map((c) => c.slice(0, 4)), [['session', 9, 'chatbot', 'https://bot.example/v1/conversation/message'], ['touch', 9, 'chatbot', 1]]);
  const sent = go.calls[1][4];
  assert.ok(sent >= before && sent <= Date.now(), 'Date.now() when it left');
  assert.equal(r.headers.value, 'Bearer s1');
});

test('the page\'s x-inbenta-session never replaces the SDK\'s', async () => {
  const go = sessionSide();
  await createSender(go).send(srec(), plainCall('https://bot.example/v1', { headers: { 'x-inbenta-session': 'mine' } }),
    sessionHeaders({ headers: [1, 'K', 't'], session: 4, sessionToken: 'raw', bearer: false }), REPLAY_TOKEN | REPLAY_SESSION);
  assert.equal(requests[0].request.headers.get('x-inbenta-session'), 'raw');
});

test('"Session expired" is replayed once with the session Go gives, then a refused token once: one of each, never a loop', async () => {
  let n = 0;
  answer(() => [expired, () => json(403, { Message: 'explicit deny' }), expired][n++]());
  const go = sessionSide(
    { headers: [1, 'KEY', 'tok1'], session: 2, sessionToken: 's2', bearer: true, replay: REPLAY_SESSION },
    { headers: [2, 'KEY', 'tok2'], session: 2, sessionToken: 's2', bearer: true, replay: REPLAY_TOKEN },
  );
  const r = srec();
  const res = await createSender(go).send(r, plainCall('https://bot.example/v1/conversation/message', { method: 'POST', body: '{"m":1}' }),
    sessionHeaders({ headers: [1, 'KEY', 'tok1'], session: 1, sessionToken: 's1', bearer: true }), REPLAY_TOKEN | REPLAY_SESSION);
  assert.equal(res.status, 400, 'the third answer goes to the page');
  assert.equal(requests.length, 3);
  assert.deepEqual(requests.map((q) => [q.request.headers.get('x-inbenta-session'), q.request.headers.get('authorization')]),
    [['Bearer s1', 'Bearer tok1'], ['Bearer s2', 'Bearer tok1'], ['Bearer s2', 'Bearer tok2']]);
  assert.equal(await requests[2].request.text(), '{"m":1}', 'the same body each time');
  assert.deepEqual(go.calls.filter((c) => c[0] === 'sessionRejected'), [
    ['sessionRejected', 9, 'chatbot', 'https://bot.example/v1/conversation/message', 1, 1, REPLAY_TOKEN | REPLAY_SESSION],
    ['sessionRejected', 9, 'chatbot', 'https://bot.example/v1/conversation/message', 1, 2, REPLAY_TOKEN],
    ['sessionRejected', 9, 'chatbot', 'https://bot.example/v1/conversation/message', 2, 2, 0],
  ], 'Go judges each 4xx, knowing which replays are left');
  assert.ok(!go.calls.some((c) => c[0] === 'touch'), 'no use is counted that Go did not judge');
  assert.equal(r.headers.token, 'tok2');
});

test('a 4xx Go does not replay goes to the page, its body unread', async () => {
  answer(() => json(404, { errors: [{ code: 404, message: 'Not found' }] }));
  const go = sessionSide();
  const res = await createSender(go).send(srec(), plainCall('https://bot.example/v1/x'),
    sessionHeaders({ headers: [1, 'K', 't'], session: 1, sessionToken: 's', bearer: true }), REPLAY_TOKEN | REPLAY_SESSION);
  assert.equal(res.status, 404);
  assert.equal(await res.text(), '{"errors":[{"code":404,"message":"Not found"}]}');
  assert.equal(go.calls.length, 1);
});
