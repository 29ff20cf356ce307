import './setup.js';
import { answer, requests, reset } from './fakes/fetch.js';
import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import { boot } from '../src/boot.js';
import { createGate } from '../src/wasm/gate.js';
import { HASHES, WASM, program, runs } from './fakes/go.js';

const URL_ = 'https://site.example/x.wasm';
const options = (more) => ({ url: URL_, hashes: HASHES, seconds: 5, gate: createGate(), kit: { k: 1 }, onExit() {}, ...more });

beforeEach(() => {
  reset();
  runs.length = 0;
  answer(() => new Response(WASM, { headers: { 'content-type': 'application/wasm' } }));
});

test('boot runs the program with the kit and answers its implementation', async () => {
  const impl = { createFromDomainKey() {} };
  program(impl);
  let exited = 0;
  assert.equal(await boot(options({ onExit: () => exited++ })), impl);
  assert.equal(runs[0].kit.k, 1);
  assert.ok(runs[0].instance instanceof WebAssembly.Instance);
  assert.equal(globalThis.__inbentaAuthBoot, undefined, 'the handoff is gone');
  const error = console.error;
  console.error = () => {};
  try {
    runs[0].end(0);
    await new Promise((r) => setTimeout(r, 0));
  } finally {
    console.error = error;
  }
  assert.equal(exited, 1, 'onExit: the next call loads again');
});

test('a program that stops before it is ready fails the load', async () => {
  program(null);
  const error = console.error;
  console.error = () => {};
  try {
    await assert.rejects(boot(options()), { code: 'WASM_LOAD_FAILED', message: /stopped before it was ready/ });
  } finally {
    console.error = error;
  }
});

test('without wasm_exec.js, the load says to include it', async () => {
  delete globalThis.Go;
  await assert.rejects(boot(options()), { code: 'WASM_LOAD_FAILED', message: /wasm_exec.js is missing/ });
  assert.equal(requests.length, 0);
});

test('a load that stalls fails at its timeout, retryable, and is aborted', async () => {
  program({});
  let aborted = false;
  answer((req) => new Promise((_, reject) => req.signal.addEventListener('abort', () => { aborted = true; reject(req.signal.reason); })));
  await assert.rejects(boot(options({ seconds: 0.05 })), { code: 'WASM_LOAD_FAILED', retryable: true, message: /did not load within 0.05 s/ });
  assert.ok(aborted);
});
