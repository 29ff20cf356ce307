import './setup.js';
import { answer, json, requests, reset } from './fakes/fetch.js';
import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import { sdkError } from '../src/errors.js';
import { REPLAY_SESSION, REPLAY_TOKEN, createSender } from '../src/client/send.js';
import { sessionFactory } from '../src/client/session.js';

const URL_ = 'https://bot.example/prod/chatbot/v1/conversation/message';
const values = (gen, session, replay = 0) => ({ headers: [gen, 'KEY', 'tok' + gen], session, sessionToken: 's' + session, bearer: true, replay });

// fakeGo is the Go side's session methods over a current token and
// session generation, recording each call (as a plain function).
function fakeGo() {
  const calls = [];
  const state = { gen: 1, session: 1, ready: true, id: 'c1' };
  const method = (name, fn) => function goMethod(...args) {
    calls.push([name, this, ...args]);
    return fn(...args);
  };
  return {
    calls,
    state,
    m: {
      sessionVerdict: method('sessionVerdict', (h, product, url, gen, session) => {
        if (!url.startsWith('https://bot.example/prod/chatbot')) {
          return sdkError('INVALID_ARGUMENT', 'not under the base');
        }
        if (!state.ready) {
          return 0;
        }
        return gen === state.gen && session === state.session ? 1 : values(state.gen, state.session);
      }),
      session: method('session', async () => values(state.gen, state.session)),
      sessionRejected: method('sessionRejected', async () => null),
      touch: method('touch', () => undefined),
      endSession: method('endSession', async () => undefined),
      sessionId: method('sessionId', () => state.id),
      token: method('token', async () => [state.gen, 'KEY', 'tok' + state.gen]),
      rejected: method('rejected', async () => null),
      failed: method('failed', (reason) => reason),
    },
  };
}

const client = { h: 4, extra: { names: ['x-inbenta-env'], values: Object.freeze({ 'x-inbenta-env': 'production' }) } };
const open = (go) => sessionFactory(go.m, createSender(go.m)).open(client, 'chatbot');

beforeEach(() => {
  reset();
  answer(() => json(200, {}));
});

test('a ready session goes at once: one verdict a call, the values once per generation', async () => {
  const go = fakeGo();
  const s = open(go);
  await s.fetch(URL_, { method: 'POST', body: '{}' });
  await s.fetch(URL_, { method: 'POST', body: '{}' });
  go.state.session = 2; // renewed
  await s.fetch(URL_, { method: 'POST', body: '{}' });
  assert.deepEqual(go.calls.filter(([n]) => n === 'sessionVerdict').map((c) => c.slice(1)), [
    [undefined, 4, 'chatbot', URL_, 0, 0], [undefined, 4, 'chatbot', URL_, 1, 1], [undefined, 4, 'chatbot', URL_, 1, 1],
  ]);
  assert.deepEqual(requests.map((r) => r.request.headers.get('x-inbenta-session')), ['Bearer s1', 'Bearer s1', 'Bearer s2']);
  assert.deepEqual(requests.map((r) => r.request.headers.get('x-inbenta-env')), ['production', 'production', 'production']);
  assert.deepEqual(go.calls.filter(([n]) => n === 'touch').map((c) => c.slice(2, 5)), [[4, 'chatbot', 1], [4, 'chatbot', 1], [4, 'chatbot', 2]]);
  assert.ok(!go.calls.some(([n]) => n === 'session'), 'no Promise round trip');
});

test('a call that must wait for its session goes through Go\'s session', async () => {
  const go = fakeGo();
  go.state.ready = false;
  const res = await open(go).fetch(URL_);
  assert.equal(res.status, 200);
  assert.deepEqual(go.calls.find(([n]) => n === 'session').slice(2), [4, 'chatbot', URL_]);
  assert.equal(requests[0].request.headers.get('x-inbenta-session'), 'Bearer s1');
});

test('"Session expired" is handed to Go with both replays left', async () => {
  let n = 0;
  answer(() => (n++ === 0 ? json(400, { errors: [{ code: 400, message: 'Session expired' }] }) : json(200, {})));
  const go = fakeGo();
  go.m.sessionRejected = async (...args) => { go.calls.push(['sessionRejected', ...args]); return values(1, 2, REPLAY_SESSION); };
  const res = await open(go).fetch(URL_);
  assert.equal(res.status, 200);
  const judged = go.calls.find(([n]) => n === 'sessionRejected');
  assert.deepEqual(judged.slice(1, 9), [4, 'chatbot', URL_, 1, 1, 400, '{"errors":[{"code":400,"message":"Session expired"}]}', REPLAY_TOKEN | REPLAY_SESSION]);
  assert.deepEqual(requests.map((r) => r.request.headers.get('x-inbenta-session')), ['Bearer s1', 'Bearer s2']);
});

test('a verdict that is an Error rejects, and nothing is sent', async () => {
  const s = open(fakeGo());
  await assert.rejects(s.fetch('https://bot.example/prod/search/v1/x'), { code: 'INVALID_ARGUMENT' });
  await assert.rejects(s.fetch(), { code: 'INVALID_ARGUMENT' });
  const aborted = new AbortController();
  aborted.abort();
  await assert.rejects(s.fetch(URL_, { signal: aborted.signal }), { code: 'ABORTED' });
  assert.equal(requests.length, 0);
});

test('product, id, end; methods are bound, and a forged session reaches no handle', async () => {
  const go = fakeGo();
  const s = open(go);
  assert.equal(s.product, 'chatbot');
  assert.throws(() => { 'use strict'; s.product = 'search'; }, TypeError);
  assert.equal(s.id, 'c1');
  go.state.id = 'c2';
  assert.equal(s.id, 'c2', 'the current conversation, read from Go');
  assert.deepEqual(Object.keys(s).sort(), ['end', 'fetch', 'product']);

  const { fetch, end } = s;
  await fetch(URL_);
  await end();
  assert.deepEqual(go.calls.find(([n]) => n === 'endSession').slice(1), [undefined, 4, 'chatbot']);
  await fetch(URL_);
  assert.deepEqual(go.calls.filter(([n]) => n === 'sessionVerdict').map((c) => c.slice(5)), [[0, 0], [0, 0]],
    'end() drops the values JS held');

  const proto = Object.getPrototypeOf(s);
  proto.end.call({ h: 4, product: 'chatbot' });
  assert.deepEqual(go.calls.at(-1).slice(2), [undefined, ''], 'no handle, no product');
});
