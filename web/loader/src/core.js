// core.js: the InbentaAuth SDK around one wasm instance, shared by both
// loaders: classic.js (inbenta-auth.js, the InbentaAuth global) and
// module.js (inbenta-auth.mjs). `make build` (web/cmd/build) bundles each
// with esbuild into web/dist, minified, with the wasm's hash filled in.
// No eval: the loaders run under a CSP that allows only 'self' and
// 'wasm-unsafe-eval'.
//
// The body keeps the indentation it had inside the classic script's
// wrapper, so that history and merges follow it.
import { blockHash, canBlockHash } from './blockhash.js';

  // createInbentaAuth is the SDK's API around one wasm instance, loaded on
  // first use. defaultWasmURL is where the wasm is when options.wasmURL is
  // not given: next to the loader.
  export function createInbentaAuth(defaultWasmURL) {
    // The bundle's version: InbentaAuth.version, and integrity.json's.
    const VERSION = '0.1.0';
    // The hashes of the inbenta-auth.wasm built with this loader, filled in
    // by make build (esbuild's define; null for a bundle built without one:
    // nothing to check): its SRI hash, which names it and which fetch checks
    // where SubtleCrypto is missing, and its block hash (blockhash.js), which
    // the loader checks as it downloads. Only the default URL is checked: a
    // page that sets wasmURL may serve another build of it.
    const WASM_HASHES = INBENTA_WASM_HASHES;

    let loading = null;

    // The timers and AbortController, taken before the page can patch them.
    const { setTimeout: startTimer, clearTimeout: stopTimer, AbortController: NativeAbortController } = globalThis;

    // compileGate is the claim of the early /auth of the first client
    // created (create) while the wasm loads, or null. The wasm's compile
    // waits for it, at most GATE_MS: on a repeat visit the wasm comes from
    // the HTTP cache and V8 decodes it in one long main-thread task, behind
    // which the lock manager's answers to the claim, and so the /auth,
    // would wait.
    let compileGate = null;
    const GATE_MS = 50;

    // gateOpen is a Promise that settles when compileGate does, or GATE_MS
    // from now; undefined when there is nothing to wait for.
    function gateOpen() {
      const gate = compileGate;
      compileGate = null;
      if (gate === null || sharing === null) {
        return undefined;
      }
      return new sharing.Promise((resolve) => {
        const timer = sharing.later(resolve, GATE_MS);
        then(gate, () => {
          sharing.cancelLater(timer);
          resolve();
        }, resolve);
      });
    }

    function loadError(message, details) {
      return sdkError('WASM_LOAD_FAILED', message, details);
    }

    function describe(err) {
      const text = String((err && err.message) || err);
      if (/Content[- ]Security[- ]Policy|CSP|unsafe-eval/i.test(text)) {
        return "WebAssembly was blocked by the page's Content-Security-Policy: add 'wasm-unsafe-eval' to script-src (" + text + ')';
      }
      return text;
    }

    // downloaded is the body's bytes (read from a Response or a promise of
    // them); a failure to read them is a fetch failure.
    async function downloaded(url, bytes) {
      try {
        return await (bytes instanceof Response ? bytes.arrayBuffer() : bytes);
      } catch (err) {
        throw fetchFailed(url, err);
      }
    }

    function fetchFailed(url, err) {
      return loadError('cannot fetch ' + url + ' (network error, CORS refusal, or a CSP connect-src that does not allow it): ' +
        describe(err), { retryable: true, cause: err });
    }

    function httpFailed(url, status) {
      return loadError('cannot fetch ' + url + ': HTTP ' + status, { status, retryable: status === 429 || status >= 500 });
    }

    // mimeType is the Content-Type as WebAssembly.instantiateStreaming judges
    // it: trimmed and case-insensitive, with no parameters allowed.
    function mimeType(response) {
      return (response.headers.get('content-type') || '').trim().toLowerCase();
    }

    // isWasm reports whether bytes start with WebAssembly's magic number.
    function isWasm(bytes) {
      const b = new Uint8Array(bytes, 0, Math.min(4, bytes.byteLength));
      return b.length === 4 && b[0] === 0 && b[1] === 0x61 && b[2] === 0x73 && b[3] === 0x6d;
    }

    function notWasm(url, response) {
      return loadError(url + ' is not WebAssembly: the server answered HTTP ' + response.status + ' with ' +
        (mimeType(response) || 'no Content-Type') + ' (a wrong path, or a site that answers unknown paths with a page?)',
      { status: response.status });
    }

    function compileFailed(url, err, status) {
      return loadError('cannot compile ' + url + ': ' + describe(err), { status, cause: err });
    }

    // fetchWasm fetches url, checking its SRI hash when hashes is not null.
    async function fetchWasm(url, hashes, signal) {
      const init = hashes ? { integrity: hashes.sri, signal } : { signal };
      let response;
      for (;;) {
        try {
          response = await fetch(url, init);
          break;
        } catch (err) {
          // Offline, the load waits to be online (bounded bounds it); the
          // fetch comes first all the same: a service worker may answer it.
          if (signal === undefined || signal.aborted || !offline()) {
            throw hashes ? await diagnose(url, hashes, err, signal) : fetchFailed(url, err);
          }
          await backOnline(signal);
        }
      }
      if (!response.ok) {
        throw httpFailed(url, response.status);
      }
      return response;
    }

    // diagnose tells why a fetch with integrity failed: a network error, an
    // HTTP error and a hash mismatch all look the same. It asks once more
    // without the hash; those bytes are only looked at, never compiled.
    async function diagnose(url, hashes, err, signal) {
      let response;
      let bytes;
      try {
        response = await fetch(url, { cache: 'no-store', signal });
        bytes = response.ok ? await response.arrayBuffer() : null;
      } catch {
        return fetchFailed(url, err);
      }
      if (!response.ok) {
        return httpFailed(url, response.status);
      }
      if (!isWasm(bytes)) {
        return notWasm(url, response);
      }
      const e = notThisBuild(url, hashes, response.status);
      e.cause = err;
      return e;
    }

    function notThisBuild(url, hashes, status) {
      return loadError(url + ' is not the inbenta-auth.wasm this loader was built with (it does not match ' + hashes.sri +
        '): serve the files of one build together', { status });
    }

    // hashedBytes is a Promise of a Response's bytes and their block hash.
    async function hashedBytes(url, response) {
      const bytes = await downloaded(url, response);
      return { bytes, hash: await blockHash(bytes) };
    }

    // verifiedInstance checks bytes (WebAssembly, this build: hash is
    // their block hash, made here unless given) and instantiates them.
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
    // script runs per chunk, which on a repeat visit or a fast link would
    // hold up the main thread while V8 decodes the wasm): fetch's own
    // integrity option would hold the whole body until it is hashed, and
    // compiling could not overlap the download. Compiling runs none of the
    // module's code; only a module whose hash matches is instantiated, so a
    // wrong build never runs, not even its start function.
    async function instantiateChecked(url, hashes, importObject, signal) {
      const response = await fetchWasm(url, null, signal);
      const type = mimeType(response);
      if (type !== 'application/wasm' || typeof WebAssembly.compileStreaming !== 'function' || !response.body) {
        if (type !== 'application/wasm') {
          warnMIME(url, type);
        }
        return verifiedInstance(url, hashes, response, await downloaded(url, response), importObject);
      }
      await gateOpen();
      // The fetch's own Response is compiled, and a clone of it hashed: V8
      // keys its cache of compiled code by the Response's URL, so a repeat
      // visit reuses the code (a Response made here has no URL and is
      // compiled again every time).
      const hashed = hashedBytes(url, response.clone());
      hashed.catch(() => {}); // reported below, once
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

    function warnMIME(url, type) {
      console.warn('InbentaAuth: ' + url + ' was served as ' + (type || 'no Content-Type') +
        ', not application/wasm, so it is compiled without streaming (slower). Serve .wasm files as Content-Type: application/wasm.');
    }

    // instantiate loads the wasm at url; hashes (null: none) are the
    // build's, checked before it runs.
    async function instantiate(url, hashes, importObject, signal) {
      if (typeof WebAssembly !== 'object' || WebAssembly === null) {
        throw loadError('this browser has no WebAssembly, or it is turned off');
      }
      if (hashes && canBlockHash) {
        return instantiateChecked(url, hashes, importObject, signal);
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

    // @bridge-kit-begin
    // sdkError is the SDK's Error, made here for the Go side too (kit.error):
    // a stable code, retryable, and the status and cause when there are
    // some. Fields are defined, not assigned, so a setter a page put on
    // Error.prototype never runs.
    function sdkError(code, message, { status, retryable = false, cause } = {}) {
      const err = new Error('InbentaAuth: ' + message);
      const define = (name, value) =>
        Object.defineProperty(err, name, { __proto__: null, value, writable: true, configurable: true, enumerable: false });
      define('name', 'InbentaAuthError');
      define('code', code);
      define('retryable', retryable);
      if (status !== undefined) {
        define('status', status);
      }
      if (cause !== undefined) {
        define('cause', cause);
      }
      return err;
    }

    // undetectable is true of document.all alone: an object whose typeof is
    // 'undefined' and that == null, which a check written x != null (as a
    // minifier writes x !== undefined && x !== null) takes for absent.
    function undetectable(value) {
      return typeof value === 'undefined' && value !== undefined;
    }

    function invalid(message, cause) {
      return sdkError('INVALID_ARGUMENT', message, cause === undefined ? {} : { cause });
    }

    // The stream readers the SDK reads bodies with, taken when the loader
    // runs, and readLimited: a stream's bytes, or null past limit bytes.
    const streamReader = Function.prototype.call.bind(ReadableStream.prototype.getReader);
    const readerProto = Object.getPrototypeOf(new ReadableStream().getReader());
    const readChunk = Function.prototype.call.bind(readerProto.read);
    const cancelReader = Function.prototype.call.bind(readerProto.cancel);
    const encoder = new TextEncoder();

    // readLimited reads a stream's bytes, refusing more than limit.
    async function readLimited(stream, limit) {
      const reader = streamReader(stream);
      const chunks = [];
      let size = 0;
      for (;;) {
        const { done, value } = await readChunk(reader);
        if (done) {
          break;
        }
        size += value.byteLength;
        if (size > limit) {
          cancelReader(reader).then(undefined, () => {});
          return null;
        }
        chunks[chunks.length] = value;
      }
      const out = new Uint8Array(size);
      let at = 0;
      for (let i = 0; i < chunks.length; i++) {
        out.set(chunks[i], at);
        at += chunks[i].byteLength;
      }
      return out;
    }

    // parsedBody reads an Auth API answer's body (a stream, or null) up to
    // limit bytes and parses it: {json} (undefined when it is not JSON), or
    // {tooLarge}. The text never reaches Go, so neither does a copy of a
    // token in it.
    async function parsedBody(body, limit) {
      const bytes = body === null ? new Uint8Array(0) : await readLimited(body, limit);
      if (bytes === null) {
        return { __proto__: null, tooLarge: true };
      }
      try {
        return { __proto__: null, json: JSON.parse(new TextDecoder().decode(bytes)) };
      } catch {
        return { __proto__: null, json: undefined };
      }
    }

    // Limits on what a page passes: options and hook answers are small data.
    const MAX_STRING = 16384;
    const MAX_NODES = 1000;
    const MAX_DEPTH = 8;

    // plainData copies a page's JSON-like value (options, labels, a hook's
    // answer) into null-prototype objects before anything of it reaches Go:
    // only own data properties count (an inherited or getter property is not
    // the page's argument, but whatever else shares the page), strings are
    // bounded before they are copied, and a value Go cannot take (BigInt,
    // Symbol, document.all) is INVALID_ARGUMENT. what names it in errors.
    function plainData(value, what, budget = { nodes: MAX_NODES }, depth = 0) {
      if (--budget.nodes < 0 || depth > MAX_DEPTH) {
        throw invalid(what + ' is too large or too deep');
      }
      switch (typeof value) {
        case 'string':
          if (value.length > MAX_STRING) {
            throw invalid(what + ' is longer than ' + MAX_STRING + ' characters');
          }
          return value;
        case 'number':
        case 'boolean':
          return value;
        case 'undefined':
          if (value === undefined) {
            return undefined;
          }
          break; // document.all
        case 'object': {
          if (value === null) {
            return null;
          }
          let keys;
          let isArray;
          try {
            isArray = Array.isArray(value);
            keys = Object.keys(value);
          } catch (err) {
            throw invalid(what + ' could not be read', err);
          }
          if (keys.length > budget.nodes) {
            throw invalid(what + ' is too large or too deep');
          }
          const out = isArray ? [] : Object.create(null);
          for (let i = 0; i < keys.length; i++) {
            let d;
            try {
              d = Object.getOwnPropertyDescriptor(value, keys[i]);
            } catch (err) {
              throw invalid(what + ' could not be read', err);
            }
            if (d === undefined) {
              continue;
            }
            if (!Object.hasOwn(d, 'value')) {
              throw invalid(what + ' has a getter (' + keys[i] + '): pass plain data');
            }
            const v = plainData(d.value, what, budget, depth + 1);
            Object.defineProperty(out, keys[i], { __proto__: null, value: v, writable: true, enumerable: true, configurable: true });
          }
          return out;
        }
      }
      throw invalid(what + ' must be JSON-like data, not ' + (typeof value === 'undefined' ? 'document.all' : 'a ' + typeof value));
    }

    // Pages of one origin that keep the same token share it
    // (shareAcrossTabs; the policy is Go's, sdk/share.go): a Web Lock
    // decides which page gets a new token, a BroadcastChannel carries it
    // (in memory: nothing is stored), and every client holds a shared
    // "peer" lock while it is open, so that a page can count the others
    // (locks.query) and stop waiting for answers once they all answered.
    // The APIs are captured when the loader runs; null where one is missing,
    // and every page keeps its own token, as without sharing.
    const sharing = captureSharing();
    const SHARE_PREFIX = 'inbenta-auth/1\n';
    // No page holds the exchange lock longer, whatever becomes of it.
    const MAX_LOCK_HOLD = 60000;

    function captureSharing() {
      try {
        const locks = typeof navigator === 'object' && navigator !== null ? navigator.locks : undefined;
        const Channel = globalThis.BroadcastChannel;
        if (typeof Channel !== 'function' || typeof locks !== 'object' || locks === null) {
          return null;
        }
        const { apply } = Reflect;
        const lockProto = Object.getPrototypeOf(locks);
        const { request, query } = lockProto;
        const { postMessage, close } = Channel.prototype;
        const { addEventListener } = EventTarget.prototype;
        const { getOwnPropertyDescriptor, hasOwn } = Object;
        const { setTimeout, clearTimeout, AbortController: Abort, Promise: NativePromise } = globalThis;
        const global = globalThis;
        const names = (list) => {
          const out = [];
          for (let i = 0; i < list.length; i++) {
            out[out.length] = list[i].name;
          }
          return out;
        };
        const id = new Uint8Array(8);
        crypto.getRandomValues(id);
        return Object.freeze({
          // instance names this wasm instance: messages from it are its own.
          instance: Array.from(id, (b) => (b + 256).toString(16).slice(1)).join('') + '.',
          request: (name, options, granted) => apply(request, locks, [name, options, granted]),
          // lockNames is a Promise of the names of the origin's locks, held and pending.
          lockNames: () => apply(query, locks, []).then((state) => ({ held: names(state.held), pending: names(state.pending) })),
          open(name, onMessage) {
            const channel = new Channel(name);
            apply(addEventListener, channel, ['message', onMessage]);
            return { post: (m) => apply(postMessage, channel, [m]), close: () => apply(close, channel, []) };
          },
          // own is m's own data property key: a message is a structured
          // clone, but its prototype is this page's Object.prototype.
          own(m, key) {
            const d = typeof m === 'object' && m !== null ? getOwnPropertyDescriptor(m, key) : undefined;
            return d !== undefined && hasOwn(d, 'value') ? d.value : undefined;
          },
          // Timers run with the global as this: a method call would throw.
          later: (fn, ms) => apply(setTimeout, global, [fn, ms]),
          cancelLater: (timer) => apply(clearTimeout, global, [timer]),
          Abort, Promise: NativePromise,
        });
      } catch {
        return null;
      }
    }

    // holdLock is a Promise of the release of lock name, or of null when
    // it is not had (options.ifAvailable and taken, or options.signal
    // aborted). maxHold > 0 releases it by itself after that many ms.
    function holdLock(name, options, maxHold) {
      return new sharing.Promise((resolve) => {
        sharing.request(name, options, (lock) => {
          if (lock === null) {
            resolve(null);
            return undefined;
          }
          return new sharing.Promise((done) => {
            let timer;
            const release = () => {
              sharing.cancelLater(timer);
              done();
            };
            if (maxHold > 0) {
              timer = sharing.later(release, maxHold);
            }
            resolve(release);
          });
        }).then(undefined, () => resolve(null));
      });
    }

    const peerPrefix = (group) => SHARE_PREFIX + group + '\npeer\n';
    const markPrefix = (group) => SHARE_PREFIX + group + '\nmark\n';
    const exchangeLock = (group) => SHARE_PREFIX + group + '\nexchange';

    // othersIn reads a lockNames answer for group: how many clients are
    // open in other wasm instances, and the Set of marks they left
    // (sdk.Mark: a client holds a lock named markPrefix + client + '\n' +
    // mark while it keeps the token it obtained last).
    function othersIn(group, names) {
      const peers = peerPrefix(group);
      const marks = markPrefix(group);
      const others = new Set();
      const left = new Set();
      const read = (list, held) => {
        for (let i = 0; i < list.length; i++) {
          const name = list[i];
          if (held && name.startsWith(peers) && !name.startsWith(peers + sharing.instance)) {
            others.add(name);
          } else if (name.startsWith(marks) && !name.startsWith(marks + sharing.instance)) {
            const client = name.slice(marks.length);
            left.add(client.slice(client.indexOf('\n') + 1));
          }
        }
      };
      read(names.held, true);
      read(names.pending, false);
      return { others: others.size, marks: left };
    }

    // othersOpen counts the clients of group open in other wasm instances.
    function othersOpen(group) {
      return sharing.lockNames().then((names) => othersIn(group, names).others, () => 0);
    }

    // The exchange locks the loader claimed for an early /auth (earlyAuth),
    // by group: Promises of their release (null when not had), which the
    // first lock() of the group's client takes over.
    const claims = new Map();

    // claimExchange takes group's exchange lock for the loader's early
    // /auth when no client of the group is open in another page (it would
    // have a token to share) and none is exchanging. It answers whether to
    // send, and a drop() for when the client is created or failed.
    function claimExchange(group) {
      if (sharing === null) {
        return { send: Promise.resolve(true), drop() {} };
      }
      if (claims.has(group)) { // another client of this page claimed it
        return { send: Promise.resolve(false), drop() {} };
      }
      // The lock is asked for first and the others counted at once, not
      // after it (the lock manager answers each in 20-270 ms on a busy
      // machine): it answers them in that order, so a page that announced
      // a token before releasing the lock is counted.
      const held = holdLock(exchangeLock(group), { ifAvailable: true }, MAX_LOCK_HOLD);
      const others = sharing.Promise.resolve().then(() => othersOpen(group)).then(undefined, () => 0);
      // Never rejects: whatever a page did to the built-ins, no claim is no early /auth.
      const claim = held
        .then((release) => others.then((n) => {
          if (release !== null && n > 0) {
            release();
            return null;
          }
          return release;
        }))
        .then(undefined, () => null);
      claims.set(group, claim);
      return {
        send: claim.then((release) => release !== null),
        drop() {
          if (claims.get(group) === claim) {
            claims.delete(group);
            claim.then((release) => release && release());
          }
        },
      };
    }

    // peerHub is a client's side of its group (jsbridge/peers.go): id is
    // its Go handle, deliver(id, type, value) hands Go what the other pages
    // say, and answers their asks.
    function peerHub(group, id, deliver) {
      const from = sharing.instance + id;
      const asks = new Map();
      let open = true;
      let leave = null;
      let asked = 0;
      // alone: the exchange lock this client holds is the one the loader
      // claimed when no other page was open. No page can have a token then
      // (only the lock's holder gets one), so the next ask asks no one.
      let alone = false;
      holdLock(peerPrefix(group) + from, { mode: 'shared' }, 0).then((release) => {
        if (open) {
          leave = release;
        } else if (release !== null) {
          release();
        }
      });
      // marked: a Promise of the release of this client's mark (or null).
      let marked = sharing.Promise.resolve(null);
      const channel = sharing.open(SHARE_PREFIX + group, (event) => {
        const m = event.data;
        const sender = sharing.own(m, 'from');
        if (!open || sharing.own(m, 'v') !== 1 || typeof sender !== 'string' || sender.startsWith(sharing.instance)) {
          return;
        }
        try {
          switch (sharing.own(m, 'type')) {
            case 'ask':
              channel.post({ v: 1, from, type: 'have', to: sender, ask: sharing.own(m, 'ask'), token: deliver(id, 'ask') || null });
              break;
            case 'have': {
              const waiting = sharing.own(m, 'to') === from ? asks.get(sharing.own(m, 'ask')) : undefined;
              if (waiting !== undefined) {
                waiting(sender, sharing.own(m, 'token'));
              }
              break;
            }
            case 'token':
              deliver(id, 'token', plainData(sharing.own(m, 'token'), 'a shared token'));
              break;
            case 'refused':
              if (typeof sharing.own(m, 'fp') === 'string') {
                deliver(id, 'refused', sharing.own(m, 'fp'));
              }
              break;
          }
        } catch {
          // a message that is not data (plainData refused it): not a peer's
        }
      });
      // joined: the marks the other pages had left when this client began
      // to listen (or later: a later look only waits for less). Their
      // tokens were announced before: Go does not wait for those
      // announcements. When the loader's claim found no other page, none
      // can have left a mark since: a mark comes with a token, and a token
      // with the exchange lock, which the claim holds.
      const claim = claims.get(group);
      const joined = (claim === undefined ? sharing.Promise.resolve(null) : claim).then((release) => release !== null
        ? new Set()
        : sharing.lockNames().then((names) => othersIn(group, names).marks)).then(undefined, () => new Set());
      return Object.freeze({
        // lock() waits for the group's exchange lock: {held: a Promise of
        // its release (null if not had), cancel()}.
        lock() {
          const claim = claims.get(group);
          claims.delete(group);
          alone = false;
          const abort = new sharing.Abort();
          const request = () => holdLock(exchangeLock(group), { signal: abort.signal }, MAX_LOCK_HOLD);
          const held = claim === undefined ? request() : claim.then((release) => {
            alone = release !== null;
            return release || request();
          });
          return Object.freeze({
            held,
            cancel() {
              abort.abort();
              held.then((release) => release && release());
            },
          });
        },
        // ask(ms) is a Promise of {tokens, marks, all}: the tokens the
        // other pages hold, once every open one answered or ms passed, the
        // marks they left since this client joined, and whether some page
        // is open and every one answered.
        ask(ms) {
          if (alone) {
            alone = false;
            return sharing.Promise.resolve({ tokens: [], marks: [], all: false });
          }
          const found = joined.then((old) => sharing.lockNames().then((names) => {
            const now = othersIn(group, names);
            const marks = [];
            now.marks.forEach((mark) => {
              if (!old.has(mark)) {
                marks[marks.length] = mark;
              }
            });
            return { others: now.others, marks };
          }), () => ({ others: 0, marks: [] }));
          return found.then(({ others, marks }) => new sharing.Promise((resolve) => {
            const tokens = [];
            if (!open || others === 0) {
              resolve({ tokens, marks, all: false });
              return;
            }
            const ask = from + ':' + ++asked;
            const answered = new Set();
            const finish = () => {
              sharing.cancelLater(timer);
              asks.delete(ask);
              resolve({ tokens, marks, all: answered.size >= others });
            };
            const timer = sharing.later(finish, ms);
            asks.set(ask, (peer, token) => {
              if (answered.has(peer)) {
                return;
              }
              answered.add(peer);
              if (token !== null && token !== undefined) {
                try {
                  tokens[tokens.length] = plainData(token, 'a shared token');
                } catch {
                  // not a token: ignored
                }
              }
              if (answered.size >= others) {
                finish();
              }
            });
            channel.post({ v: 1, from, type: 'ask', ask });
          }));
        },
        // announce(token, mark) tells the other pages of a token this
        // client obtained. Its mark goes to the lock manager first, in place
        // of the previous one: the page that gets the exchange lock next
        // finds it there, though the message may reach it late.
        announce(token, mark) {
          if (open) {
            const previous = marked;
            marked = holdLock(markPrefix(group) + from + '\n' + mark, { mode: 'shared' }, 0);
            previous.then((release) => release && release());
            channel.post({ v: 1, from, type: 'token', token });
          }
        },
        // refused(fp) tells them of a refused token's fingerprint.
        refused(fp) {
          if (open) {
            channel.post({ v: 1, from, type: 'refused', fp });
          }
        },
        close() {
          open = false;
          channel.close();
          if (leave !== null) {
            leave();
          }
          marked.then((release) => release && release());
        },
      });
    }

    // bridgeKit is handed to the Go side (jsbridge/kit.go): each function
    // does in one call what would take Go several, and hands Go fewer JS
    // values, which Go holds until its garbage collector runs.
    function bridgeKit() {
      // Captured now, as the Go side captures its globals: a page that
      // replaces them later cannot swap what the SDK sends through.
      const { Promise } = globalThis;
      const pending = new Map();
      const watch = (p, id, deliver) => {
        Promise.resolve(p).then(
          (value) => deliver(id, true, value),
          (reason) => deliver(id, false, reason),
        );
      };
      return Object.freeze({
        promise(id) {
          return new Promise((resolve, reject) => pending.set(id, { resolve, reject }));
        },
        settle(id, ok, value) {
          const p = pending.get(id);
          if (p) {
            pending.delete(id);
            (ok ? p.resolve : p.reject)(value);
          }
        },
        watch,
        // hook(fn, reason) runs the page's refresh hook in a microtask, not
        // now: calls a page makes in the same task then all join this one
        // refresh, even when the hook throws at once.
        hook(fn, reason) {
          return Promise.resolve().then(() => fn({ reason }));
        },
        plain: plainData,
        // answer(response, limit) is an Auth API answer's body, at most limit
        // bytes, parsed: JSON.parse's value, or undefined when it is not
        // JSON; a RangeError when it is larger. The body never reaches Go as
        // text, so no copy of a token in it stays in Go's memory.
        async answer(response, limit) {
          const parsed = await parsedBody(response.body, limit);
          if (parsed.tooLarge) {
            throw new RangeError('larger than ' + limit + ' bytes');
          }
          return parsed.json;
        },
        // bytes(text) is text's UTF-8, for Go to copy into memory it owns.
        bytes: (text) => encoder.encode(text),
        // bearer(headers, token) sets headers.authorization: the header
        // string is made here, not in Go.
        bearer(headers, token) {
          Object.defineProperty(headers, 'authorization', { __proto__: null, value: 'Bearer ' + token, enumerable: true });
        },
        // record(frozen, name, value, ...) is an object with those own
        // properties, defined rather than assigned (Go's js.ValueOf assigns,
        // which would run a setter a page put on Object.prototype).
        record(frozen, ...pairs) {
          const out = {};
          for (let i = 0; i + 1 < pairs.length; i += 2) {
            Object.defineProperty(out, pairs[i], { __proto__: null, value: pairs[i + 1], writable: !frozen, enumerable: true, configurable: !frozen });
          }
          return frozen ? Object.freeze(out) : out;
        },
        error(code, message, retryable, status, cause) {
          return sdkError(code, message, { retryable, status: status === 0 ? undefined : status, cause });
        },
        // peers(group, id, deliver) is a client's side of its group, or
        // null where the browser cannot share (see peerHub).
        peers: (group, id, deliver) => (sharing === null ? null : peerHub(group, id, deliver)),
      });
    }
    // @bridge-kit-end

    // The built-ins the loader's own requests use (readLimited, earlyAuth),
    // captured when the loader runs, before any later script of the page.
    // Getters are taken from the prototypes and called on the value, so an
    // object that lies about itself (an own `href`, a subclass getter, a fake
    // with URL.prototype) is read for what it is.
    const apply = Reflect.apply;
    const uncurry = (fn) => (self, ...args) => apply(fn, self, args);
    // getterOf is C.prototype's getter of name, or null where an engine has none.
    const getterOf = (C, name) => {
      const d = Object.getOwnPropertyDescriptor(C.prototype, name);
      return d && d.get ? uncurry(d.get) : null;
    };
    const loaderFetch = globalThis.fetch;
    const then = uncurry(Promise.prototype.then);
    const responseStatus = getterOf(Response, 'status');
    const responseType = getterOf(Response, 'type');
    const responseHeaders = getterOf(Response, 'headers');
    const responseBody = getterOf(Response, 'body');
    const headersEach = uncurry(Headers.prototype.forEach);
    const NativeTextDecoder = globalThis.TextDecoder;
    const decode = uncurry(NativeTextDecoder.prototype.decode);

    // What Go's checks of an /auth request accept (sdk.AuthBase, sdk's
    // Credentials.Validate), at least as strictly: earlyAuth sends nothing
    // the Go side would refuse to send. Go compares the request with its
    // own and sends that instead when they differ, so this only decides
    // whether to send early.
    const AUTH_BASE = /^https?:\/\/[^/?#@\\:][^/?#@\\]*(\/[^?#]*)?$/i;
    const HEADER_SAFE = /^[\x21-\x7e]{1,8192}$/;
    // Go's: sdk.DefaultAuthURL and sdk.MaxAnswerBytes, filled in by make build.
    const DEFAULT_AUTH_URL = INBENTA_DEFAULT_AUTH_URL;
    const MAX_ANSWER = INBENTA_MAX_ANSWER;

    // The options that let earlyAuth send: those it checks itself (authURL)
    // or that only the loader reads (wasmURL, loadTimeout), and the hooks,
    // by type. For any other (leeway, lang, a secret Go refuses to take)
    // Go's checks decide first, and Go sends.
    const EARLY_OPTIONS = {
      __proto__: null, authURL: 'string', wasmURL: 'string', loadTimeout: 'number', refresh: 'function', onRefreshError: 'function', shareAcrossTabs: 'boolean',
    };

    // earlyAuth sends createFromDomainKey's first /auth while the wasm
    // downloads and compiles, as jsbridge/fetch.go would send it (no
    // cookies, no cache, no redirect followed), and gives Go
    // (jsbridge/early.go) the request and a Promise of its answer as plain
    // values. undefined: nothing sent, Go sends its own. When the page
    // shares tokens with other pages (shareAcrossTabs) it sends only if it
    // could claim the exchange (claimExchange): create hands Go the request
    // once send says it went (a millisecond, while the wasm loads); else Go
    // asks the other pages first.
    function earlyAuth(domainKey, apiKey, options) {
      if (options !== undefined && !Object.keys(options).every((key) => typeof options[key] === EARLY_OPTIONS[key])) {
        return undefined;
      }
      const given = options === undefined ? undefined : options.authURL;
      const base = given === undefined || given === '' ? DEFAULT_AUTH_URL : given;
      if (typeof base !== 'string' || !AUTH_BASE.test(base) || !HEADER_SAFE.test(base) ||
        !HEADER_SAFE.test(domainKey) || !HEADER_SAFE.test(apiKey) || typeof AbortController !== 'function' ||
        // Offline, Go waits to be online before its first attempt.
        offline()) {
        return undefined;
      }
      const authBase = base.replace(/\/+$/, '');
      const url = authBase + '/auth';
      const body = JSON.stringify({ domain_key: domainKey });
      const ctrl = new AbortController();
      // The group is sdk.ShareGroup's for this mode, key and base.
      const claim = options !== undefined && options.shareAcrossTabs === false
        ? { send: Promise.resolve(true), drop() {} }
        : claimExchange('domain-key\n' + authBase + '\n' + apiKey + '\n' + domainKey);
      const answer = then(claim.send, (send) => {
        if (!send) {
          return undefined; // create hands Go no early request
        }
        const sentAt = Date.now();
        return then(loaderFetch(url, {
          method: 'POST',
          headers: { 'x-inbenta-key': apiKey, 'content-type': 'application/json' },
          body,
          signal: ctrl.signal,
          credentials: 'omit',
          cache: 'no-store',
          redirect: 'manual',
        }), (response) => plainAnswer(response, sentAt));
      });
      then(answer, undefined, () => {}); // Go reports it, or nobody needs it
      return Object.freeze({ __proto__: null, url, key: apiKey, body, answer, abort: () => ctrl.abort(), send: claim.send, drop: claim.drop });
    }

    // plainAnswer is what Go reads of an answer: status, type, the headers
    // by name, the parsed body (tooLarge when larger than Go reads), and
    // when the request was sent (ms).
    async function plainAnswer(response, sentAt) {
      const headers = Object.create(null);
      headersEach(responseHeaders(response), (value, name) => {
        headers[name] = value;
      });
      const parsed = await parsedBody(responseBody(response), MAX_ANSWER);
      return {
        __proto__: null, sentAt, status: responseStatus(response), type: responseType(response), headers,
        json: parsed.json, tooLarge: parsed.tooLarge === true,
      };
    }

    // clientFactory makes the client objects over the Go side's methods
    // (jsbridge/methods.go), each taking the client's handle first. The
    // handle lives in a WeakMap: a page cannot read it nor forge a client.
    function clientFactory(m) {
      // Go's methods, called as plain functions: called as m's methods, each
      // call would hand Go m as its this, one more JS value for Go to hold.
      const {
        accessToken: goAccessToken, apis: goApis, close: goClose, expiration: goExpiration, failed: goFailed,
        flush: goFlush, headers: goHeaders, off: goOff, on: goOn, rejected: goRejected, setRefresh: goSetRefresh,
        setRefreshErrorHandler: goSetRefreshErrorHandler, token: goToken, verdict: goVerdict,
      } = m;
      // The built-ins the client objects use, captured when the wasm starts (as
      // the Go side captures its globals): a page that patches them later
      // cannot steer what the SDK checks or sends.
      // (The stream and Response built-ins are the loader's, above.)
      const {
        fetch: fetchFn, Headers, Request, Response, URL, Promise: NativePromise, Object: NativeObject,
        WeakMap: NativeWeakMap, String: NativeString,
      } = globalThis;
      const bind = uncurry(Function.prototype.bind);
      const defineValue = (obj, name, value) =>
        NativeObject.defineProperty(obj, name, { __proto__: null, value, enumerable: true, configurable: true, writable: true });
      const ownDescriptor = NativeObject.getOwnPropertyDescriptor;
      const ownKeys = NativeObject.keys;
      const hasOwn = NativeObject.hasOwn;
      const urlHref = getterOf(URL, 'href');
      const requestURL = getterOf(Request, 'url');
      const requestHeaders = getterOf(Request, 'headers');
      // Firefox has no Request.prototype.body: there, a Request's body is
      // read with arrayBuffer.
      const requestBody = getterOf(Request, 'body');
      const requestBytes = uncurry(Request.prototype.arrayBuffer);
      const requestFields = ['method', 'mode', 'credentials', 'cache', 'redirect', 'referrer', 'referrerPolicy', 'integrity', 'keepalive', 'signal']
        .map((name) => [name, getterOf(Request, name)])
        .filter(([, get]) => get !== null);
      const responseClone = uncurry(Response.prototype.clone);
      const headersGet = uncurry(Headers.prototype.get);
      const headersSet = uncurry(Headers.prototype.set);
      const headersHas = uncurry(Headers.prototype.has);
      const weakGet = uncurry(NativeWeakMap.prototype.get);
      const weakSet = uncurry(NativeWeakMap.prototype.set);

      // What fetch's init may carry; anything else is not passed on.
      const INIT_KEYS = {
        __proto__: null, method: true, headers: true, body: true, mode: true, credentials: true, cache: true, redirect: true,
        referrer: true, referrerPolicy: true, integrity: true, keepalive: true, signal: true, priority: true,
      };
      // A simple init has only these: fetch takes it as it is (see send).
      const SIMPLE_KEYS = { __proto__: null, method: true, headers: true, body: true };
      const METHOD = /^[!#$%&'*+.^_`|~0-9A-Z-]+$/;
      // A body that is not a string is read once, so the one replay can send
      // it again: product calls are small JSON, and a larger body is refused.
      const MAX_BODY = 1 << 20;
      // A 401/403's body is read only to tell the gateway's expired-token 403
      // (a few dozen bytes) from a product's own refusal.
      const MAX_REFUSAL = 4096;

      // ownData is obj's own data property key: an inherited property is not
      // the page's argument but whatever else shares the page, and a getter
      // could answer one value to a check and another to the request.
      function ownData(obj, key, what) {
        let d;
        try {
          d = ownDescriptor(obj, key);
        } catch (err) {
          throw invalid(what + ' could not be read', err);
        }
        if (d !== undefined && !hasOwn(d, 'value')) {
          throw invalid(what + '.' + key + ' is a getter: pass plain values');
        }
        return d === undefined ? undefined : d.value;
      }

      // absolute resolves a URL string as fetch would, giving the one string
      // that is both checked and sent.
      function absolute(text) {
        try {
          return urlHref(new URL(text, typeof document !== 'undefined' ? document.baseURI : globalThis.location.href));
        } catch (err) {
          throw invalid('fetch needs a URL or a Request: ' + text + ' is not a URL', err);
        }
      }

      // primitive turns a URL input into a string once: a real URL's own href,
      // anything else as fetch would stringify it (only once: an object whose
      // toString changes its answer cannot give one URL to check and another to
      // send).
      function primitive(input) {
        if (typeof input === 'string') {
          return input;
        }
        try {
          return urlHref(input);
        } catch {
          // not a URL
        }
        try {
          return NativeString(input);
        } catch (err) {
          throw invalid('fetch needs a URL or a Request', err);
        }
      }

      // call is one product call as plain values: the absolute URL, and the
      // init sent, with its headers and a body that can be sent twice. bodyP
      // is set when a body must be read first.
      function plainCall(input, init) {
        if (input === undefined) {
          throw invalid('fetch needs a URL or a Request');
        }
        // Every member fetch reads is an own property, so a polluted
        // Object.prototype adds nothing; a literal of one shape, unlike a
        // null-prototype object, keeps fetch's reading of it fast.
        const out = {
          method: undefined, headers: undefined, body: undefined, mode: undefined, credentials: undefined, cache: undefined,
          redirect: undefined, referrer: undefined, referrerPolicy: undefined, integrity: undefined, keepalive: undefined,
          signal: undefined, priority: undefined, duplex: undefined, window: undefined,
        };
        let url;
        let headers;
        let body = null;
        let stream = null; // a Request input's body
        let simple = true; // only a method, headers and a string body: see send
        // Only an object can be a Request (the brand check throws for the
        // rest, and a throw per call is costly).
        let isRequest = typeof input === 'object' && input !== null;
        if (isRequest) {
          try {
            url = requestURL(input);
          } catch {
            isRequest = false;
          }
        }
        if (isRequest) {
          simple = false;
          for (let i = 0; i < requestFields.length; i++) {
            out[requestFields[i][0]] = requestFields[i][1](input);
          }
          headers = new Headers(requestHeaders(input));
          stream = requestBody === null ? undefined : requestBody(input);
        } else {
          url = absolute(primitive(input));
        }
        if (undetectable(input) || undetectable(init)) {
          throw invalid('fetch takes a URL or a Request, and an init object');
        }
        if (init !== undefined && init !== null) {
          if (typeof init !== 'object') {
            throw invalid('fetch init must be an object');
          }
          let keys;
          try {
            keys = ownKeys(init);
          } catch (err) {
            throw invalid('fetch init could not be read', err);
          }
          for (let i = 0; i < keys.length; i++) {
            const key = keys[i];
            if (INIT_KEYS[key] !== true) {
              continue;
            }
            const value = ownData(init, key, 'fetch init');
            if (SIMPLE_KEYS[key] !== true) {
              simple = false;
            }
            if (key === 'headers') {
              headers = value;
            } else if (key === 'body') {
              body = value === undefined ? null : value;
              stream = null;
            } else if (value !== undefined) {
              out[key] = value;
            }
          }
        }
        try {
          headers = new Headers(headers === undefined ? undefined : headers);
        } catch (err) {
          throw invalid('fetch init.headers are not valid headers', err);
        }
        out.headers = headers;
        let bodyP = stream === null ? null : stream === undefined
          ? then(requestBytes(input), (b) => (b.byteLength > MAX_BODY ? null : new Uint8Array(b)))
          : readLimited(stream, MAX_BODY);
        if (body !== null && typeof body !== 'string') {
          // Read once through a Response: it knows every BodyInit, and the
          // Content-Type each implies (a form's boundary, a Blob's type).
          let response;
          try {
            response = new Response(body);
          } catch (err) {
            throw invalid('fetch init.body is not a body', err);
          }
          const type = headersGet(responseHeaders(response), 'content-type');
          if (type !== null && !headersHas(headers, 'content-type')) {
            headersSet(headers, 'content-type', type);
          }
          bodyP = readLimited(responseBody(response), MAX_BODY);
        } else if (body !== null) {
          out.body = body;
        }
        return { url, init: out, bodyP, simple: simple && bodyP === null };
      }

      // refusalText is the text of a 401/403 (read from a copy, leaving the
      // page's unread), or undefined when it is too large to be the gateway's.
      async function refusalText(response) {
        const declared = Number(headersGet(responseHeaders(response), 'content-length'));
        const copy = responseClone(response);
        const stream = responseBody(copy);
        if (declared > MAX_REFUSAL || stream === null) {
          return stream === null ? '' : undefined;
        }
        const bytes = await readLimited(stream, MAX_REFUSAL);
        return bytes === null ? undefined : decode(new NativeTextDecoder(), bytes);
      }

      // A client's record: its handle, and the header values of the newest
      // token generation Go handed over ([generation, x-inbenta-key,
      // Authorization]).
      const records = new NativeWeakMap();
      const recordOf = (client) =>
        (typeof client === 'object' && client !== null ? weakGet(records, client) : undefined) || { h: undefined, values: null };

      // send fetches call with the header values of a token generation. A
      // simple call goes to fetch as a URL and init, checked here as fetch
      // would; any other is built as a Request first, whose constructor
      // checks it: either way bad arguments are INVALID_ARGUMENT, not a
      // network failure (fetch rejects both with a TypeError).
      // send's answer goes to the page, or to Go once when it is a 401/403
      // (the replay sends again with the generation Go gives).
      function send(rec, call, values, replayed) {
        headersSet(call.init.headers, 'x-inbenta-key', values[1]);
        headersSet(call.init.headers, 'authorization', 'Bearer ' + values[2]);
        let sent;
        try {
          sent = call.simple ? fetchFn(checkedURL(call), call.init) : fetchFn(new Request(call.url, call.init));
        } catch (err) {
          return NativePromise.reject(isCoded(err) ? err : invalid('fetch arguments are not a valid request: ' + String(err && err.message), err));
        }
        return then(
          sent,
          (response) => {
            let status;
            try {
              status = responseStatus(response);
            } catch {
              throw sdkError('BAD_RESPONSE', 'fetch did not return a Response');
            }
            return replayed || (status !== 401 && status !== 403) ? response : replayIfRefused(rec, call, values, status, response);
          },
          (reason) => {
            throw goFailed(reason);
          },
        );
      }

      // checkedURL is a simple call's URL, once its method and body pass
      // the checks the Request constructor makes of them.
      function checkedURL(call) {
        const method = call.init.method;
        const upper = method === undefined ? 'GET' : typeof method === 'string' ? method.toUpperCase() : '';
        if (!METHOD.test(upper) || upper === 'CONNECT' || upper === 'TRACE' || upper === 'TRACK') {
          throw invalid('fetch init.method is not a method: ' + String(method));
        }
        if ((upper === 'GET' || upper === 'HEAD') && call.init.body !== undefined) {
          throw invalid('a ' + upper + ' request cannot have a body');
        }
        return call.url;
      }

      function isCoded(err) {
        return err instanceof Error && err.name === 'InbentaAuthError';
      }

      async function replayIfRefused(rec, call, values, status, response) {
        const next = await goRejected(rec.h, call.url, values[0], status, await refusalText(response));
        if (next === null || next === undefined) {
          return response;
        }
        rec.values = next;
        return send(rec, call, next, true);
      }

      async function slowFetch(rec, call) {
        if (call.bodyP !== null) {
          const bytes = await call.bodyP;
          if (bytes === null) {
            throw invalid('the request body is larger than ' + MAX_BODY + ' bytes; product calls are small JSON');
          }
          if (bytes.byteLength > 0) { // an empty body is no body (and a GET may have none)
            call.init.body = bytes;
          }
        }
        const values = await goToken(rec.h, call.url);
        rec.values = values;
        return send(rec, call, values, false);
      }

      // fetch asks Go once, synchronously, whether the token can go to the
      // URL now; only a call that must wait for a token or read a body, or a
      // 401/403, takes a Promise round trip through Go.
      function fetch(input, init) {
        try {
          const rec = recordOf(this);
          const call = plainCall(input, init);
          const verdict = goVerdict(rec.h, call.url);
          if (typeof verdict !== 'number') {
            return NativePromise.reject(verdict);
          }
          let values = rec.values;
          if (verdict > 0 && (values === null || values[0] !== verdict)) {
            values = rec.values = goHeaders(rec.h) || null;
          }
          if (verdict === 0 || call.bodyP !== null || values === null || values[0] !== verdict) {
            return slowFetch(rec, call);
          }
          return send(rec, call, values, false);
        } catch (err) {
          return NativePromise.reject(err);
        }
      }

      // checked answers a Promise whatever fn throws.
      function checked(fn) {
        try {
          return fn();
        } catch (err) {
          return NativePromise.reject(err);
        }
      }

      function eventName(name) {
        if (typeof name !== 'string' || name.length > 64) {
          throw invalid('the event name must be a string');
        }
        return name;
      }

      function listener(fn) {
        if (typeof fn !== 'function') {
          throw invalid('the listener must be a function');
        }
        return fn;
      }

      const proto = {
        fetch,
        accessToken() {
          return goAccessToken(recordOf(this).h);
        },
        close() {
          const rec = recordOf(this);
          rec.values = null;
          goClose(rec.h);
        },
        setRefresh(fn) {
          return checked(() => goSetRefresh(recordOf(this).h, functionOrNull(fn, 'setRefresh')));
        },
        setRefreshErrorHandler(fn) {
          return checked(() => goSetRefreshErrorHandler(recordOf(this).h, functionOrNull(fn, 'setRefreshErrorHandler')));
        },
        on(name, fn) {
          return checked(() => goOn(recordOf(this).h, eventName(name), listener(fn)));
        },
        off(name, fn) {
          return checked(() => goOff(recordOf(this).h, eventName(name), listener(fn)));
        },
        get apis() {
          return goApis(recordOf(this).h);
        },
        get expiration() {
          return goExpiration(recordOf(this).h);
        },
      };
      const bound = ['fetch', 'accessToken', 'close', 'setRefresh', 'setRefreshErrorHandler', 'on', 'off'];
      return (h) => {
        // Events of the creation (a refresh before it resolved) go out a
        // task from now, to the listeners the page adds when it gets the
        // client.
        startTimer(() => goFlush(h), 0);
        const client = NativeObject.create(proto);
        weakSet(records, client, { __proto__: null, h, values: null });
        // Bound copies let pages pass client.fetch around as a function.
        for (let i = 0; i < bound.length; i++) {
          defineValue(client, bound[i], bind(proto[bound[i]], client));
        }
        return client;
      };
    }

    // boot runs the Go program, which hands over its implementation through
    // __inbentaAuthBoot.ready(impl) before go.run returns. onExit runs when the program ends.
    async function boot(url, hashes, seconds, onExit) {
      if (typeof globalThis.Go !== 'function') {
        throw loadError('wasm_exec.js is missing: include <script src="wasm_exec.js"> before inbenta-auth.js');
      }
      const go = new globalThis.Go();
      const instance = await bounded(seconds, (signal) => instantiate(url, hashes, go.importObject, signal));

      let exitCode;
      const exit = go.exit;
      go.exit = (code) => {
        exitCode = code;
        exit(code);
      };

      let impl;
      globalThis.__inbentaAuthBoot = {
        ready(value) {
          impl = value;
        },
        kit: bridgeKit(),
      };
      let running;
      try {
        running = go.run(instance);
      } finally {
        delete globalThis.__inbentaAuthBoot;
      }
      running.then(
        () => {
          console.error('InbentaAuth: the Go program exited (code ' + exitCode + '); the next call loads it again');
          onExit();
        },
        (err) => {
          console.error('InbentaAuth: the Go program failed; the next call loads it again', err);
          onExit();
        },
      );
      if (impl === undefined || impl === null) {
        // go.run has already ended or thrown; wait for it to report why.
        const cause = await running.then(() => 'exit code ' + exitCode, (err) => err);
        throw loadError('the Go program stopped before it was ready', { cause });
      }
      return {
        createFromDomainKey: impl.createFromDomainKey,
        createFromAccessToken: impl.createFromAccessToken,
        wrap: clientFactory(impl.client),
      };
    }

    // load starts loading the wasm once; options.wasmURL and loadTimeout
    // count only then.
    function load(options) {
      const seconds = loadSeconds(options);
      if (!loading) {
        const given = options === undefined || options === null ? undefined : options.wasmURL;
        const url = given ? wasmURL(given) : defaultWasmURL;
        const attempt = boot(url, given ? null : WASM_HASHES, seconds, () => {
          if (loading === attempt) {
            loading = null;
          }
        });
        attempt.catch(() => {
          if (loading === attempt) {
            loading = null;
          }
        });
        loading = attempt;
      }
      return loading;
    }

    // LOAD_SECONDS is how long a load may take unless options.loadTimeout
    // says otherwise, waits to be online included: a wasm server that
    // stalls fails the load (retryable) instead of leaving every call
    // pending. A minute is the wasm's ~540 KB at ~70 kbit/s.
    const LOAD_SECONDS = 60;

    // loadSeconds is options.loadTimeout, checked on every call.
    function loadSeconds(options) {
      const given = options === undefined || options === null ? undefined : options.loadTimeout;
      if (given === undefined || given === null) {
        return LOAD_SECONDS;
      }
      if (typeof given !== 'number' || !(given >= 0.001 && given <= 600)) {
        throw invalid('options.loadTimeout must be a number of seconds from 0.001 to 600');
      }
      return given;
    }

    // bounded is start(signal), which loads the wasm, for at most seconds:
    // then it aborts signal (the wasm's fetch with it) and rejects.
    function bounded(seconds, start) {
      const ctrl = typeof NativeAbortController === 'function' ? new NativeAbortController() : undefined;
      return new Promise((resolve, reject) => {
        const timer = startTimer(() => {
          const err = loadError('the wasm did not load within ' + seconds + ' s' +
            (offline() ? ': the browser is offline' : ''), { retryable: true });
          reject(err);
          if (ctrl !== undefined) {
            ctrl.abort(err);
          }
        }, seconds * 1000);
        then(start(ctrl === undefined ? undefined : ctrl.signal), (instance) => {
          stopTimer(timer);
          resolve(instance);
        }, (err) => {
          stopTimer(timer);
          reject(err);
        });
      });
    }

    // offline is true when the browser says it has no network; a
    // navigator.onLine that throws says nothing (as Go reads it).
    function offline() {
      try {
        return typeof navigator !== 'undefined' && navigator.onLine === false;
      } catch {
        return false;
      }
    }

    // backOnline settles at the browser's next online event, or when signal
    // aborts.
    function backOnline(signal) {
      return new Promise((resolve) => {
        const done = () => {
          globalThis.removeEventListener('online', done);
          signal.removeEventListener('abort', done);
          resolve();
        };
        globalThis.addEventListener('online', done);
        signal.addEventListener('abort', done);
      });
    }

    // wasmURL resolves options.wasmURL against the page, as fetch would,
    // so that errors name the full URL.
    function wasmURL(given) {
      try {
        return new URL(String(given), typeof document !== 'undefined' ? document.baseURI : globalThis.location.href).href;
      } catch (err) {
        throw sdkError('INVALID_ARGUMENT', 'options.wasmURL is not a URL', { cause: err });
      }
    }

    const NOT_SENT = Promise.resolve(false);

    // factoryArguments checks a factory's arguments and copies them as plain
    // data, before the wasm loads or anything reaches Go (which checks their
    // meaning).
    function factoryArguments(firstName, first, apiKey, options) {
      const args = [keyArgument(firstName, first), keyArgument('apiKey', apiKey), pageOptions(options)];
      loadSeconds(args[2]); // before earlyAuth can send
      return args;
    }

    function keyArgument(name, value) {
      if (typeof value !== 'string') {
        throw invalid(name + ' must be a string');
      }
      return plainData(value, name);
    }

    // pageOptions is options as plain data, with the page's functions where
    // a function is expected.
    function pageOptions(options) {
      if (undetectable(options)) {
        throw invalid('options must be an object');
      }
      if (options === undefined || options === null) {
        return undefined;
      }
      if (typeof options !== 'object') {
        throw invalid('options must be an object');
      }
      let keys;
      try {
        keys = Object.keys(options);
      } catch (err) {
        throw invalid('options could not be read', err);
      }
      const out = Object.create(null);
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i];
        let d;
        try {
          d = Object.getOwnPropertyDescriptor(options, key);
        } catch (err) {
          throw invalid('options could not be read', err);
        }
        if (d === undefined) {
          continue;
        }
        if (!Object.hasOwn(d, 'value')) {
          throw invalid('options.' + key + ' is a getter: pass plain data');
        }
        if (typeof d.value === 'function') {
          if (key === 'refresh' || key === 'onRefreshError') {
            out[key] = d.value;
          }
          continue;
        }
        out[key] = plainData(d.value, 'options.' + key);
      }
      return out;
    }

    // functionOrNull is fn for a setter: a function, or null/undefined.
    function functionOrNull(fn, what) {
      if (typeof fn === 'function' || fn === null || (typeof fn === 'undefined' && fn === undefined)) {
        return fn;
      }
      throw invalid(what + ' takes a function, or null');
    }

    // loaded runs fn with the implementation, and always answers with a
    // Promise: even an options object whose getter throws becomes a rejection.
    function loaded(options, fn) {
      let impl;
      try {
        impl = load(pageOptions(options));
      } catch (err) {
        impl = Promise.reject(err);
      }
      return impl.then(fn).catch(coded);
    }

    // create calls the Go factory named method with the checked arguments,
    // and wraps the client's handle in its object.
    function create(method, firstName, first, apiKey, options) {
      let args;
      try {
        args = factoryArguments(firstName, first, apiKey, options);
      } catch (err) {
        return Promise.reject(err);
      }
      let early;
      try {
        early = method === 'createFromDomainKey' ? earlyAuth(args[0], args[1], args[2]) : undefined;
      } catch {
        early = undefined; // a built-in the page broke: Go sends instead
      }
      if (early !== undefined && compileGate === null) {
        compileGate = early.send;
      }
      const created = loaded(args[2], (impl) => then(early === undefined ? NOT_SENT : early.send,
        (sent) => impl[method](args[0], args[1], args[2], sent ? early : undefined).then(impl.wrap)));
      if (early !== undefined) {
        // The exchange lock it claimed, unless the client took it over.
        then(created, early.drop, early.drop);
      }
      return created;
    }

    // Errors from the Go side already carry a code; anything else (such as wasm_exec.js's
    // "Go program has already exited") is wrapped so callers can always switch on err.code.
    function coded(err) {
      if (err instanceof Error && typeof err.code === 'string') {
        throw err;
      }
      throw sdkError('INTERNAL', String((err && err.message) || err), { cause: err });
    }

    return Object.freeze({
      [Symbol.for('InbentaAuth.loader')]: true,
      version: VERSION,
      load: (options) => loaded(options, () => undefined),
      createFromDomainKey: (domainKey, apiKey, options) => create('createFromDomainKey', 'domainKey', domainKey, apiKey, options),
      createFromAccessToken: (accessToken, apiKey, options) =>
        create('createFromAccessToken', 'accessToken', accessToken, apiKey, options),
    });
  }
