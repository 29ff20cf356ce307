// Server-side rendering (web/browsertest/frameworks_browser_test.go): the
// installed package imported in Node.js, with no DOM, as Next.js, Nuxt or
// Angular Universal import a page's modules on the server. Run from the
// directory where npm installed it. Every entry of the package's exports
// is loaded as Node loads it: the ES modules by import, the classic
// script by import and require (a .js of a package without "type":
// "module" is CommonJS) and as a script (vm), JSON by require; the wasm is
// only resolved (a browser fetches it). Before any of it, everything that
// could start work is instrumented: fetch, timers, WebAssembly, channels.
// It prints one JSON object: what started, what threw, what each
// factory's promise said.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import vm from 'node:vm';

const PKG = '@inbenta-community/inbenta-auth';
const started = [];
// note records what started, and where in the package it was started
// from (the nearest frame outside Node.js and this file).
Error.stackTraceLimit = 50;
const note = (what) => {
  const frames = String(new Error().stack).split('\n').slice(2)
    .filter((frame) => !frame.includes('node:') && !frame.includes(import.meta.url));
  started.push(what + (frames.length > 0 ? ' ' + frames[0].trim() : ''));
};
const realSetTimeout = setTimeout;
const resourcesBefore = process.getActiveResourcesInfo();
const domGlobals = ['window', 'document', 'navigator', 'location', 'self'].filter((name) => name in globalThis);

globalThis.fetch = function (input) {
  note('fetch ' + String(input));
  return Promise.reject(new TypeError('no network in this test'));
};
for (const name of ['setTimeout', 'setInterval', 'setImmediate', 'queueMicrotask']) {
  const real = globalThis[name];
  globalThis[name] = function (...args) {
    note(name);
    return real.apply(this, args);
  };
}
for (const name of ['compile', 'compileStreaming', 'instantiate', 'instantiateStreaming', 'validate']) {
  const real = WebAssembly[name];
  WebAssembly[name] = function (...args) {
    note('WebAssembly.' + name);
    return real.apply(this, args);
  };
}
for (const [owner, name] of [[WebAssembly, 'Module'], [WebAssembly, 'Instance'], [globalThis, 'BroadcastChannel'], [globalThis, 'Worker']]) {
  if (typeof owner[name] === 'function') {
    owner[name] = new Proxy(owner[name], {
      construct(target, args, newTarget) {
        note('new ' + name);
        return Reflect.construct(target, args, newTarget);
      },
    });
  }
}

const require = createRequire(import.meta.url);
const threw = {};
const apis = {}; // the InbentaAuth objects each entry gave, by entry
const attempt = async (what, fn) => {
  try {
    return await fn();
  } catch (err) {
    threw[what] = String(err && err.stack || err);
    return undefined;
  }
};

const pkg = require(PKG + '/package.json');
for (const key of Object.keys(pkg.exports)) {
  if (key.includes('*')) {
    continue; // ./dist/*: the same files
  }
  const spec = key === '.' ? PKG : PKG + key.slice(1);
  if (key === '.' || key.endsWith('.mjs')) {
    const mod = await attempt('import ' + spec, () => import(spec));
    if (mod) {
      apis['import ' + spec] = mod.default;
      apis['import ' + spec + ' (named exports)'] = mod;
    }
  } else if (key.endsWith('.js')) {
    delete globalThis.InbentaAuth;
    await attempt('import ' + spec, () => import(spec));
    await attempt('require ' + spec, () => require(spec)); // cached: the same module
    if (key === './inbenta-auth.js') {
      apis['import ' + spec] = globalThis.InbentaAuth;
      delete globalThis.InbentaAuth;
      const file = require.resolve(spec);
      await attempt('vm ' + spec, () => vm.runInThisContext(readFileSync(file, 'utf8'), { filename: file }));
      apis['vm ' + spec] = globalThis.InbentaAuth;
    }
  } else if (key.endsWith('.json')) {
    await attempt('require ' + spec, () => require(spec));
  } else {
    await attempt('resolve ' + spec, () => require.resolve(spec));
  }
}

// Each factory, called as a page's code would call it on the server.
const calls = {};
for (const [entry, api] of Object.entries(apis)) {
  for (const [name, args] of [['createFromDomainKey', ['DK', 'KEY']], ['createFromAccessToken', ['TOKEN', 'KEY']], ['load', []]]) {
    const what = entry + ': ' + name;
    if (!api || typeof api[name] !== 'function') {
      calls[what] = 'missing';
      continue;
    }
    let p;
    try {
      p = api[name](...args);
    } catch (err) {
      calls[what] = 'threw ' + err;
      continue;
    }
    if (!(p instanceof Promise) && !(p && p.constructor && p.constructor.name === 'Promise')) {
      calls[what] = 'not a Promise';
      continue;
    }
    calls[what] = await p.then(() => 'resolved', (err) => (err instanceof Error ? '' : 'not an Error: ') + err.code +
      (/web pages/.test(err.message) ? '' : ' (' + err.message + ')'));
  }
}

// A task later: what the imports and the calls left scheduled.
await new Promise((resolve) => realSetTimeout(resolve, 0));
const report = {
  domGlobals,
  started: started.slice(),
  threw,
  calls,
  entries: Object.keys(apis),
  resources: process.getActiveResourcesInfo().filter((r) => !resourcesBefore.includes(r)),
};
process.stdout.write(JSON.stringify(report) + '\n');
