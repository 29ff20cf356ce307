// blockhash.js: the wasm's hash as the loader checks it, made as the bytes
// arrive. It is the SHA-384 of the SHA-384s of the file's consecutive
// BLOCK-byte blocks (the last one shorter), in base64: web/loader.BlockHash
// makes the same at build time. Two files with the same hash have the same
// blocks, unless SHA-384 collides.
//
// Why blocks: Chromium's SubtleCrypto hashes one 2.5 MB buffer in 15-35 ms
// on the main thread, but the same bytes in 256 KiB blocks in about 5 ms all
// told; and each block is hashed as soon as it has downloaded, so the check
// ends with the download instead of starting after it.

// web/loader.HashBlock, filled in by the build.
const BLOCK = INBENTA_HASH_BLOCK;
const DIGEST_BYTES = 48;

// Taken when the loader runs: a page that patches them later cannot steer
// the check. Without SubtleCrypto (not a secure context) canBlockHash is
// false, and fetch checks the standard SRI hash instead.
const subtle = typeof crypto === 'object' && crypto !== null ? crypto.subtle : undefined;
const digest = subtle ? subtle.digest : undefined;
const { apply } = Reflect;
const NativePromise = Promise;
const all = (promises) => apply(NativePromise.all, NativePromise, [promises]);
const sha384 = (bytes) => apply(digest, subtle, ['SHA-384', bytes]);
const btoaFn = globalThis.btoa;

export const canBlockHash = typeof digest === 'function';

// blockHasher takes a file's bytes in chunks of any size (add), then
// answers its hash (hash) and, for error reports, the bytes (bytes).
export function blockHasher() {
  const digests = [];
  const blocks = [];
  let block = new Uint8Array(BLOCK);
  let filled = 0;
  return {
    add(chunk) {
      for (let at = 0; at < chunk.length;) {
        const n = BLOCK - filled < chunk.length - at ? BLOCK - filled : chunk.length - at;
        block.set(chunk.subarray(at, at + n), filled);
        filled += n;
        at += n;
        if (filled === BLOCK) {
          digests[digests.length] = sha384(block);
          blocks[blocks.length] = block;
          block = new Uint8Array(BLOCK);
          filled = 0;
        }
      }
    },
    // hash is a Promise of the hash of every byte added so far; add
    // nothing after it.
    async hash() {
      if (filled > 0) {
        const last = block.subarray(0, filled);
        digests[digests.length] = sha384(last);
        blocks[blocks.length] = last;
        filled = 0;
      }
      const sums = await all(digests);
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
    },
    bytes() {
      let size = filled;
      for (let i = 0; i < blocks.length; i++) {
        size += blocks[i].length;
      }
      const out = new Uint8Array(size);
      let at = 0;
      for (let i = 0; i < blocks.length; i++) {
        out.set(blocks[i], at);
        at += blocks[i].length;
      }
      out.set(block.subarray(0, filled), at);
      return out.buffer;
    },
  };
}

// blockHash is a Promise of the hash of bytes (an ArrayBuffer).
export function blockHash(bytes) {
  const h = blockHasher();
  h.add(new Uint8Array(bytes));
  return h.hash();
}
