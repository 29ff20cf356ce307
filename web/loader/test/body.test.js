import './setup.js';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parsedBody, readLimited, text } from '../src/body.js';

const stream = (...chunks) => new ReadableStream({
  start(c) {
    for (const chunk of chunks) {
      c.enqueue(new TextEncoder().encode(chunk));
    }
    c.close();
  },
});

test('readLimited joins the chunks', async () => {
  assert.equal(text(await readLimited(stream('ab', 'cd', ''), 4)), 'abcd');
});

test('readLimited stops past the limit and cancels the rest', async () => {
  let cancelled = false;
  const endless = new ReadableStream({
    pull(c) { c.enqueue(new Uint8Array(1024)); },
    cancel() { cancelled = true; },
  });
  assert.equal(await readLimited(endless, 4096), null);
  await new Promise((r) => setTimeout(r, 0));
  assert.ok(cancelled);
});

test('parsedBody parses JSON, and says when it is not or is too large', async () => {
  assert.deepEqual({ ...(await parsedBody(stream('{"a":[1]}'), 100)) }, { json: { a: [1] } });
  assert.deepEqual({ ...(await parsedBody(stream('<html>'), 100)) }, { json: undefined });
  assert.deepEqual({ ...(await parsedBody(null, 100)) }, { json: undefined }, 'no body is no JSON');
  assert.deepEqual({ ...(await parsedBody(stream('{"a":1}'), 3)) }, { tooLarge: true });
});

test('a JSON.parse the page replaced later does not read the answer', async () => {
  const parse = JSON.parse;
  JSON.parse = () => ({ apis: { chatbot: 'https://evil.example' } });
  try {
    assert.deepEqual((await parsedBody(stream('{"apis":{}}'), 100)).json, { apis: {} });
  } finally {
    JSON.parse = parse;
  }
});
