import './setup.js';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { blockHash, canBlockHash } from '../src/blockhash.js';

const BLOCK = globalThis.INBENTA_HASH_BLOCK;
const sha384 = (...parts) => {
  const h = createHash('sha384');
  parts.forEach((p) => h.update(p));
  return h.digest();
};

test('the hash of the blocks\' hashes', async () => {
  assert.ok(canBlockHash);
  assert.equal(await blockHash(new ArrayBuffer(0)), sha384().toString('base64'));
  const data = Buffer.alloc(2 * BLOCK + 3);
  for (let i = 0; i < data.length; i++) {
    data[i] = (i * 7) & 0xff;
  }
  const want = sha384(sha384(data.subarray(0, BLOCK)), sha384(data.subarray(BLOCK, 2 * BLOCK)), sha384(data.subarray(2 * BLOCK))).toString('base64');
  const copy = new Uint8Array(data).buffer;
  assert.equal(await blockHash(copy), want);
  assert.deepEqual(new Uint8Array(copy), new Uint8Array(data), 'the bytes are not changed');
});
