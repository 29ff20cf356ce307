// The benchmark's side of the warm pages: a client, and the loops Go
// drives through chromedp. Loaded before wasm_exec.js and the loader.
(() => {
  'use strict';

  // Keep the wasm's linear memory reachable: the loader does not expose its
  // instance, and instance.exports.mem is the memory Go's heap lives in.
  const memories = [];
  const keep = (result) => {
    const instance = result instanceof WebAssembly.Instance ? result : result && result.instance;
    if (instance && instance.exports && instance.exports.mem instanceof WebAssembly.Memory) {
      memories.push(instance.exports.mem);
    }
    return result;
  };
  const streaming = WebAssembly.instantiateStreaming;
  WebAssembly.instantiateStreaming = function (...args) {
    return streaming.apply(this, args).then(keep);
  };
  const instantiate = WebAssembly.instantiate;
  WebAssembly.instantiate = function (...args) {
    return instantiate.apply(this, args).then(keep);
  };

  const body = JSON.stringify({ message: 'hello' });
  let client, apiKey, url;

  async function sdkCall() {
    const res = await client.fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body,
    });
    await res.json();
    if (res.status !== 200) {
      throw new Error('client.fetch: HTTP ' + res.status);
    }
  }

  // rawCall is the floor: the same request with the headers set by hand.
  async function rawCall(token) {
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'x-inbenta-key': apiKey,
        Authorization: 'Bearer ' + token,
      },
      body,
    });
    await res.json();
    if (res.status !== 200) {
      throw new Error('fetch: HTTP ' + res.status);
    }
  }

  async function repeat(n, fn) {
    for (let i = 0; i < n; i++) {
      await fn();
    }
  }

  globalThis.bench = {
    async setup(domainKey, key, authURL) {
      apiKey = key;
      client = await InbentaAuth.createFromDomainKey(domainKey, key, { authURL });
      url = client.apis.chatbot + '/v1/conversation';
      return true;
    },

    // perCall times blocks of `size` sequential calls, alternating SDK and
    // raw blocks (and which goes first), after a warm-up of each.
    async perCall(blocks, size, warmup) {
      const token = await client.accessToken();
      await repeat(warmup, sdkCall);
      await repeat(warmup, () => rawCall(token));
      const out = { sdk: [], raw: [] };
      for (let b = 0; b < blocks; b++) {
        const order = b % 2 === 0 ? ['sdk', 'raw'] : ['raw', 'sdk'];
        for (const which of order) {
          // The token is read before the block starts: the floor pays nothing for it.
          const tok = await client.accessToken();
          const start = performance.now();
          if (which === 'sdk') {
            await repeat(size, sdkCall);
          } else {
            await repeat(size, () => rawCall(tok));
          }
          out[which].push(performance.now() - start);
        }
      }
      return out;
    },

    // concurrent starts n client.fetch calls at once and waits for all.
    async concurrent(n) {
      const start = performance.now();
      const results = await Promise.allSettled(Array.from({ length: n }, sdkCall));
      const failed = results.filter((r) => r.status === 'rejected');
      return {
        ms: performance.now() - start,
        ok: results.length - failed.length,
        failed: failed.length,
        firstError: failed.length ? String(failed[0].reason && (failed[0].reason.code || failed[0].reason.message)) : '',
      };
    },

    // calls makes n client.fetch calls, `par` at a time (6: the browser's
    // connections per host).
    async calls(n, par) {
      let started = 0;
      const worker = async () => {
        while (started < n) {
          started++;
          await sdkCall();
        }
      };
      await Promise.all(Array.from({ length: Math.min(par, n) }, worker));
      return true;
    },

    // settle makes sequential calls until the Go side collects, at most
    // max: the JS values a call hands Go (the call's event and arguments)
    // are released only by finalizers after a Go GC, so the JS heap depends
    // on where in the SDK's collection cycle a reading falls. Go's count of
    // them drops when it has collected. It answers the calls it made and
    // whether Go collected.
    async settle(max) {
      const go = this.go;
      if (!go || !go._values) {
        return { calls: 0, collected: false }; // memory() says why
      }
      const held = () => go._values.length - go._idPool.length;
      let before = held();
      for (let i = 1; i <= max; i++) {
        await sdkCall();
        const now = held();
        if (now < before) {
          return { calls: i, collected: true };
        }
        before = now;
      }
      return { calls: max, collected: false };
    },

    // memory reads the wasm's linear memory and, on the memory page
    // (go-hook.js), the JS values Go holds and the js.Funcs it has made.
    memory() {
      const go = this.go;
      return {
        wasm: memories.length ? memories[memories.length - 1].buffer.byteLength : -1,
        goRefs: go && go._values ? go._values.length - go._idPool.length : -1,
        funcsMade: this.funcsMade,
      };
    },

    go: null, // set by go-hook.js
    funcsMade: 0,
  };
})();
