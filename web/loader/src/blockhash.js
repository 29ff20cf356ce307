// blockhash.js: the wasm's hash as the loader checks it. It is the SHA-384
// of the SHA-384s of the file's consecutive HASH_BLOCK-byte blocks (the
// last one shorter), in base64: web/loader.BlockHash makes the same at
// build time. Two files with the same hash have the same blocks, unless
// SHA-384 collides. Blocks, because SubtleCrypto hashes small buffers far
// faster on the main thread than one large one (docs/performance.md).
import { HASH_BLOCK as BLOCK } from './defines.js';

const DIGEST_BYTES = 48;

// Taken when the loader runs: a page that patches them later cannot steer
// the check. Without SubtleCrypto (not a secure context) canBlockHash is
// false, and fetch checks the standard SRI hash instead.
const subtle = typeof crypto === 'object' && crypto !== null ? crypto.subtle : undefined;
const digest = subtle ? subtle.digest : undefined;
const { apply } = Reflect;
const sha384 = (bytes) => apply(digest, subtle, ['SHA-384', bytes]);
const btoaFn = globalThis.btoa;

export const canBlockHash = typeof digest === 'function';

// blockHash is a Promise of the hash of bytes (an ArrayBuffer).
export async function blockHash(bytes) {
  const data = new Uint8Array(bytes);
  const digests = [];
  for (let at = 0; at < data.length; at += BLOCK) {
    digests[digests.length] = sha384(data.subarray(at, at + BLOCK));
  }
  const sums = [];
  for (let i = 0; i < digests.length; i++) {
    sums[i] = await digests[i]; // all were started at once
  }
  const joined = new Uint8Array(sums.length * DIGEST_BYTES);
  for (let i = 0; i < sums.length; i++) {
    joined.set(new Uint8Array(sums[i]), i * DIGEST_BYTES);
  }
  const sum = new Uint8Array(await sha384(joined));
  let bin = '';
  for (let i = 0; i < sum.length; i++) {
    bin += String.fromCharCode(sum[i]);
  }
  return btoaFn(bin);
}
