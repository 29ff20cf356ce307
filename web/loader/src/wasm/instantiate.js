// wasm/instantiate.js: compiling and instantiating the wasm, checked
// against the hashes of the build it came with before any of it runs.
import { blockHash, canBlockHash } from '../blockhash.js';
import { loadError } from '../errors.js';
import { then } from '../intrinsics.js';
import {
  compileFailed, downloaded, fetchWasm, isWasm, mimeType, notThisBuild, notWasm, warnMIME,
} from './fetch.js';

// instantiate loads the wasm at url; hashes (null: none) are the build's,
// checked before it runs. gate (wasm/gate.js) may hold the compile back.
export async function instantiate(url, hashes, importObject, signal, gate) {
  if (typeof WebAssembly !== 'object' || WebAssembly === null) {
    throw loadError('this browser has no WebAssembly, or it is turned off');
  }
  if (hashes && canBlockHash) {
    return instantiateChecked(url, hashes, importObject, signal, gate);
  }
  // Without SubtleCrypto (a page that is not a secure context), fetch
  // checks the SRI hash itself.
  let response = await fetchWasm(url, hashes, signal);
  const type = mimeType(response);
  if (type === 'application/wasm' && typeof WebAssembly.instantiateStreaming === 'function') {
    try {
      return (await WebAssembly.instantiateStreaming(response, importObject)).instance;
    } catch (err) {
      // A CSP block or a broken module fails the same way again: only
      // retry what streaming itself refuses.
      if (!(err instanceof TypeError)) {
        throw compileFailed(url, err, response.status);
      }
    }
    response = await fetchWasm(url, hashes, signal);
  } else if (type !== 'application/wasm') {
    warnMIME(url, type);
  }
  const bytes = await downloaded(url, response);
  if (!isWasm(bytes)) {
    throw notWasm(url, response);
  }
  try {
    return (await WebAssembly.instantiate(bytes, importObject)).instance;
  } catch (err) {
    throw compileFailed(url, err, response.status);
  }
}

// hashedBytes is a Promise of a Response's bytes and their block hash.
async function hashedBytes(url, response) {
  const bytes = await downloaded(url, response);
  return { bytes, hash: await blockHash(bytes) };
}

// verifiedInstance checks bytes (WebAssembly, this build: hash is their
// block hash, made here unless given) and instantiates them.
async function verifiedInstance(url, hashes, response, bytes, importObject, hash) {
  if (!isWasm(bytes)) {
    throw notWasm(url, response);
  }
  if (await (hash === undefined ? blockHash(bytes) : hash) !== hashes.blocks) {
    throw notThisBuild(url, hashes, response.status);
  }
  try {
    return (await WebAssembly.instantiate(bytes, importObject)).instance;
  } catch (err) {
    throw compileFailed(url, err, response.status);
  }
}

// instantiateChecked compiles the wasm while it downloads and hashes a
// clone of the same bytes, read whole (the browser collects them: no
// script runs per chunk, which on a repeat visit or a fast link would hold
// up the main thread while V8 decodes the wasm): fetch's own integrity
// option would hold the whole body until it is hashed, and compiling could
// not overlap the download. Compiling runs none of the module's code; only
// a module whose hash matches is instantiated, so a wrong build never
// runs, not even its start function.
async function instantiateChecked(url, hashes, importObject, signal, gate) {
  const response = await fetchWasm(url, null, signal);
  const type = mimeType(response);
  if (type !== 'application/wasm' || typeof WebAssembly.compileStreaming !== 'function' || !response.body) {
    if (type !== 'application/wasm') {
      warnMIME(url, type);
    }
    return verifiedInstance(url, hashes, response, await downloaded(url, response), importObject);
  }
  await gate.open();
  // The fetch's own Response is compiled, and a clone of it hashed: V8
  // keys its cache of compiled code by the Response's URL, so a repeat
  // visit reuses the code (a Response made here has no URL and is compiled
  // again every time).
  const hashed = hashedBytes(url, response.clone());
  then(hashed, undefined, () => {}); // reported below, once
  let module;
  try {
    module = await WebAssembly.compileStreaming(response);
  } catch (err) {
    const { hash, bytes } = await hashed;
    if (err instanceof TypeError) {
      return verifiedInstance(url, hashes, response, bytes, importObject, hash);
    }
    if (!isWasm(bytes)) {
      throw notWasm(url, response);
    }
    if (hash !== hashes.blocks) {
      throw notThisBuild(url, hashes, response.status);
    }
    throw compileFailed(url, err, response.status);
  }
  if ((await hashed).hash !== hashes.blocks) {
    throw notThisBuild(url, hashes, response.status);
  }
  try {
    return await WebAssembly.instantiate(module, importObject);
  } catch (err) {
    throw compileFailed(url, err, response.status);
  }
}
