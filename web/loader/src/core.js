// core.js: the InbentaAuth SDK around one wasm instance, shared by both
// loaders: classic.js (inbenta-auth.js, the InbentaAuth global) and
// module.js (inbenta-auth.mjs). `make build` (web/cmd/build) bundles each
// with esbuild into web/dist, minified, with the wasm's hash filled in.
// No eval: the loaders run under a CSP that allows only 'self' and
// 'wasm-unsafe-eval'.
//
// The body keeps the indentation it had inside the classic script's
// wrapper, so that history and merges follow it.
  // createInbentaAuth is the SDK's API around one wasm instance, loaded on
  // first use. defaultWasmURL is where the wasm is when options.wasmURL is
  // not given: next to the loader.
  export function createInbentaAuth(defaultWasmURL) {
    // The bundle's version: InbentaAuth.version, and integrity.json's.
    const VERSION = '0.1.0';
    // The SRI hash of the inbenta-auth.wasm built with this loader, filled in
    // by make build (esbuild's define; '' for a bundle built without one:
    // nothing to check). Only the default URL is checked: a page that sets
    // wasmURL may serve another build of it.
    const WASM_INTEGRITY = INBENTA_WASM_INTEGRITY;

    let loading = null;

    // sdkError is an Error like the Go side's: a stable code, retryable,
    // and the status and cause when there are some.
    function sdkError(code, message, { status, retryable = false, cause } = {}) {
      const err = new Error('InbentaAuth: ' + message, cause === undefined ? undefined : { cause });
      err.name = 'InbentaAuthError';
      err.code = code;
      err.retryable = retryable;
      if (status !== undefined) {
        err.status = status;
      }
      return err;
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

    async function fetchWasm(url, integrity) {
      let response;
      try {
        response = await fetch(url, integrity ? { integrity } : undefined);
      } catch (err) {
        throw integrity ? await diagnose(url, integrity, err) : fetchFailed(url, err);
      }
      if (!response.ok) {
        throw httpFailed(url, response.status);
      }
      return response;
    }

    // diagnose tells why a fetch with integrity failed: a network error, an
    // HTTP error and a hash mismatch all look the same. It asks once more
    // without the hash; those bytes are only looked at, never compiled.
    async function diagnose(url, integrity, err) {
      let response;
      let bytes;
      try {
        response = await fetch(url, { cache: 'no-store' });
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
      const e = notThisBuild(url, integrity, response.status);
      e.cause = err;
      return e;
    }

    function notThisBuild(url, integrity, status) {
      return loadError(url + ' is not the inbenta-auth.wasm this loader was built with (it does not match ' + integrity +
        '): serve the files of one build together', { status });
    }

    // sri is the SRI string of bytes ("sha384-" and base64).
    async function sri(bytes) {
      const digest = new Uint8Array(await crypto.subtle.digest('SHA-384', bytes));
      let bin = '';
      for (const b of digest) bin += String.fromCharCode(b);
      return 'sha384-' + btoa(bin);
    }

    // verifiedInstance checks bytes (WebAssembly, this build) and
    // instantiates them.
    async function verifiedInstance(url, integrity, response, bytes, importObject) {
      if (!isWasm(bytes)) {
        throw notWasm(url, response);
      }
      if (await sri(bytes) !== integrity) {
        throw notThisBuild(url, integrity, response.status);
      }
      try {
        return (await WebAssembly.instantiate(bytes, importObject)).instance;
      } catch (err) {
        throw compileFailed(url, err, response.status);
      }
    }

    // instantiateChecked compiles while the wasm downloads and hashes the
    // same bytes alongside: fetch's own integrity option would hold the whole
    // body until it is hashed, and compiling could not overlap the download
    // (make bench measured 18-40 ms). The instance is returned only when the
    // hash matches, so a wrong build never runs.
    async function instantiateChecked(url, integrity, importObject) {
      const response = await fetchWasm(url, '');
      const type = mimeType(response);
      if (type !== 'application/wasm' || typeof WebAssembly.instantiateStreaming !== 'function' || !response.body) {
        if (type !== 'application/wasm') {
          warnMIME(url, type);
        }
        return verifiedInstance(url, integrity, response, await downloaded(url, response), importObject);
      }
      const [toCompile, toHash] = response.body.tee();
      const bytesP = new Response(toHash).arrayBuffer();
      bytesP.catch(() => {}); // reported below, once
      let instance;
      try {
        instance = (await WebAssembly.instantiateStreaming(
          new Response(toCompile, { headers: { 'Content-Type': 'application/wasm' } }), importObject)).instance;
      } catch (err) {
        const bytes = await downloaded(url, bytesP);
        if (err instanceof TypeError) {
          return verifiedInstance(url, integrity, response, bytes, importObject);
        }
        if (!isWasm(bytes)) {
          throw notWasm(url, response);
        }
        if (await sri(bytes) !== integrity) {
          throw notThisBuild(url, integrity, response.status);
        }
        throw compileFailed(url, err, response.status);
      }
      if (await sri(await downloaded(url, bytesP)) !== integrity) {
        throw notThisBuild(url, integrity, response.status);
      }
      return instance;
    }

    function warnMIME(url, type) {
      console.warn('InbentaAuth: ' + url + ' was served as ' + (type || 'no Content-Type') +
        ', not application/wasm, so it is compiled without streaming (slower). Serve .wasm files as Content-Type: application/wasm.');
    }

    async function instantiate(url, integrity, importObject) {
      if (typeof WebAssembly !== 'object' || WebAssembly === null) {
        throw loadError('this browser has no WebAssembly, or it is turned off');
      }
      if (integrity && globalThis.crypto && crypto.subtle) {
        return instantiateChecked(url, integrity, importObject);
      }
      // Without SubtleCrypto (a page that is not a secure context), fetch
      // checks the hash itself.
      let response = await fetchWasm(url, integrity);
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
        response = await fetchWasm(url, integrity);
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
    // bridgeKit is handed to the Go side (jsbridge/kit.go): each function
    // does in one call what would take Go several, and hands Go fewer JS
    // values, which Go holds until its garbage collector runs.
    function bridgeKit() {
      // Captured now, as the Go side captures its globals: a page that
      // replaces them later cannot swap what the SDK sends through.
      const { fetch: fetchFn, Headers, Request, Response, Promise, URL, ReadableStream } = globalThis;
      // A call the fast path can send again on a replay: a URL, and init a
      // plain object without a stream body (those are read once).
      const simple = (input, init) =>
        (typeof input === 'string' || input instanceof URL) &&
        (init === undefined || init === null ||
          (typeof init === 'object' && [Object.prototype, null].includes(Object.getPrototypeOf(init)) &&
            !(typeof ReadableStream === 'function' && init.body instanceof ReadableStream)));
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
        readBody(request, id, deliver) {
          if (request.body === null) {
            return false;
          }
          watch(request.arrayBuffer(), id, deliver);
          return true;
        },
        // fetchMethod makes client.fetch. When Go says the token can be
        // used at once (ready returns the Authorization value), the call
        // goes straight to fetch: no Promise into Go and back, no Request
        // copies. A 401/403 (or a non-Response) goes to Go (after), which
        // replaces a rejected token and replays once; everything else takes
        // Go's full path (slow), which also reports bad arguments.
        fetchMethod(slow, ready, after, failed) {
          return function fetch(input, init) {
            let bearer;
            let sent;
            try {
              if (simple(input, init)) {
                // Go matches the URL's origin against client.apis; a string it
                // cannot read as an absolute http(s) URL takes the full
                // path, where the browser resolves it first.
                bearer = ready(this.__inbentaAuthHandle, typeof input === 'string' ? input : input.href);
              }
              if (typeof bearer === 'string') {
                const headers = new Headers(init === undefined || init === null ? undefined : init.headers);
                headers.set('x-inbenta-key', this.__inbentaAuthKey);
                headers.set('authorization', bearer);
                // Building the Request checks the arguments as the full
                // path does (a throw leaves the call to it).
                sent = fetchFn(new Request(input, Object.assign({}, init, { headers })));
              }
            } catch {
              sent = undefined; // nothing was sent: the full path reports it
            }
            if (sent === undefined) {
              return slow.call(this, input, init);
            }
            return Promise.resolve(sent).then(
              (res) => (res instanceof Response && res.status !== 401 && res.status !== 403
                ? res
                : after.call(this, input, init, res, bearer)),
              (reason) => {
                throw failed(reason);
              },
            );
          };
        },
        send(request, body, key, bearer, id, deliver) {
          const headers = new Headers(request.headers);
          headers.set('x-inbenta-key', key);
          headers.set('authorization', bearer);
          const init = { headers };
          if (body !== undefined) {
            init.body = body;
          }
          watch(fetchFn(new Request(request, init)), id, deliver);
        },
      });
    }
    // @bridge-kit-end

    // boot runs the Go program, which hands over its implementation through
    // __inbentaAuthBoot.ready(impl) before go.run returns. onExit runs when the program ends.
    async function boot(url, integrity, onExit) {
      if (typeof globalThis.Go !== 'function') {
        throw loadError('wasm_exec.js is missing: include <script src="wasm_exec.js"> before inbenta-auth.js');
      }
      const go = new globalThis.Go();
      const instance = await instantiate(url, integrity, go.importObject);

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
      return impl;
    }

    // load starts loading the wasm once; options.wasmURL counts only then.
    function load(options) {
      if (!loading) {
        const given = options === undefined || options === null ? undefined : options.wasmURL;
        const url = given ? wasmURL(given) : defaultWasmURL;
        const attempt = boot(url, given ? '' : WASM_INTEGRITY, () => {
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

    // wasmURL resolves options.wasmURL against the page, as fetch would,
    // so that errors name the full URL.
    function wasmURL(given) {
      try {
        return new URL(String(given), typeof document !== 'undefined' ? document.baseURI : globalThis.location.href).href;
      } catch (err) {
        throw sdkError('INVALID_ARGUMENT', 'options.wasmURL is not a URL', { cause: err });
      }
    }

    // loaded runs fn with the implementation, and always answers with a
    // Promise: even an options object whose getter throws becomes a rejection.
    function loaded(options, fn) {
      let impl;
      try {
        impl = load(options);
      } catch (err) {
        impl = Promise.reject(err);
      }
      return impl.then(fn).catch(coded);
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
      version: VERSION,
      load: (options) => loaded(options, () => undefined),
      createFromDomainKey: (domainKey, apiKey, options) =>
        loaded(options, (impl) => impl.createFromDomainKey(domainKey, apiKey, options)),
      createFromAccessToken: (accessToken, apiKey, options) =>
        loaded(options, (impl) => impl.createFromAccessToken(accessToken, apiKey, options)),
    });
  }
