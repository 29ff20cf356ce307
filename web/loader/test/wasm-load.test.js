import './setup.js';
import { answer, requests, reset } from './fakes/fetch.js';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { beforeEach, test } from 'node:test';
import { createGate } from '../src/wasm/gate.js';
import { fetchWasm } from '../src/wasm/fetch.js';
import { instantiate } from '../src/wasm/instantiate.js';

// An empty module: a valid wasm, and its hashes as make build writes them.
const WASM = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);
const sha = (b) => createHash('sha384').update(b).digest();
const HASHES = { sri: 'sha384-' + sha(WASM).toString('base64'), blocks: sha(sha(WASM)).toString('base64') };
const URL_ = 'https://site.example/inbenta-auth.wasm';
const wasm = (body = WASM, type = 'application/wasm', status = 200) => new Response(body, { status, headers: { 'content-type': type } });

beforeEach(reset);

test('fetchWasm asks for the SRI hash only where it checks none itself', async () => {
  answer(() => wasm());
  await fetchWasm(URL_, HASHES);
  await fetchWasm(URL_, null);
  assert.equal(requests[0].init.integrity, HASHES.sri);
  assert.equal(requests[1].init.integrity, undefined);
});

test('HTTP errors are WASM_LOAD_FAILED, retryable when retrying can help', async () => {
  for (const [status, retryable] of [[404, false], [403, false], [429, true], [503, true]]) {
    answer(() => wasm('no', 'text/plain', status));
    await assert.rejects(fetchWasm(URL_, null), { code: 'WASM_LOAD_FAILED', status, retryable, message: `InbentaAuth: cannot fetch ${URL_}: HTTP ${status}` });
  }
});

test('a failed fetch with integrity is diagnosed', async () => {
  const cases = {
    network: [() => { throw new TypeError('Failed to fetch'); }, /cannot fetch .* \(network error, CORS refusal/],
    'another build': [(req) => (req.integrity ? Promise.reject(new TypeError('integrity')) : wasm(new Uint8Array([0, 0x61, 0x73, 0x6d, 2, 0, 0, 0]))), /is not the inbenta-auth.wasm this loader was built with/],
    'a page': [(req) => (req.integrity ? Promise.reject(new TypeError('integrity')) : wasm('<html>', 'text/html')), /is not WebAssembly: the server answered HTTP 200 with text\/html/],
  };
  for (const [name, [fn, message]] of Object.entries(cases)) {
    answer(fn);
    await assert.rejects(fetchWasm(URL_, HASHES), { code: 'WASM_LOAD_FAILED', message }, name);
  }
});

test('offline, the fetch waits for the online event, then tries again', async () => {
  const events = new EventTarget();
  globalThis.addEventListener = events.addEventListener.bind(events);
  globalThis.removeEventListener = events.removeEventListener.bind(events);
  Object.defineProperty(globalThis, 'navigator', { value: { onLine: false }, configurable: true, writable: true });
  try {
    answer(() => { throw new TypeError('offline'); });
    const loading = fetchWasm(URL_, null, new AbortController().signal);
    await new Promise((r) => setTimeout(r, 10));
    assert.equal(requests.length, 1);
    answer(() => wasm());
    globalThis.navigator.onLine = true;
    events.dispatchEvent(new Event('online'));
    assert.equal((await loading).status, 200);
    assert.equal(requests.length, 2);
  } finally {
    delete globalThis.navigator;
  }
});

test('instantiate checks the hashes before the module runs', async () => {
  answer(() => wasm());
  const instance = await instantiate(URL_, HASHES, {}, undefined, createGate());
  assert.ok(instance instanceof WebAssembly.Instance);
  await assert.rejects(instantiate(URL_, { ...HASHES, blocks: 'x' }, {}, undefined, createGate()), /is not the inbenta-auth.wasm this loader was built with/);
  answer(() => wasm('<!doctype html>', 'application/wasm'));
  await assert.rejects(instantiate(URL_, HASHES, {}, undefined, createGate()), /is not WebAssembly/);
});

test('a wasm served with another type is still checked and compiled, with a warning', async (t) => {
  const warn = t.mock.method(console, 'warn', () => {});
  answer(() => wasm(WASM, 'application/octet-stream'));
  assert.ok(await instantiate(URL_, HASHES, {}, undefined, createGate()) instanceof WebAssembly.Instance);
  assert.ok(await instantiate(URL_, null, {}, undefined, createGate()) instanceof WebAssembly.Instance);
  assert.equal(warn.mock.callCount(), 2);
  assert.match(warn.mock.calls[0].arguments[0], /Serve \.wasm files as Content-Type: application\/wasm/);
});
