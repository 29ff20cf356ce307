// boot.js: starting the Go program. It hands over its implementation
// through __inbentaAuthBoot.ready(impl) before go.run returns, and takes the
// bridge kit from there.
import { loadError } from './errors.js';
import { NativeAbortController, NativePromise, startTimer, stopTimer, then } from './intrinsics.js';
import { instantiate } from './wasm/instantiate.js';
import { offline } from './wasm/online.js';

// boot loads the wasm at url (hashes: the build's, or null) within seconds
// and runs it with kit (kit.js); onExit runs when the program ends. It
// answers the Go implementation: the factories and the client methods.
export async function boot({ url, hashes, seconds, gate, kit, onExit }) {
  if (typeof globalThis.Go !== 'function') {
    throw loadError('wasm_exec.js is missing: include <script src="wasm_exec.js"> before inbenta-auth.js');
  }
  const go = new globalThis.Go();
  const instance = await bounded(seconds, (signal) => instantiate(url, hashes, go.importObject, signal, gate));

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
    kit,
  };
  let running;
  try {
    running = go.run(instance);
  } finally {
    delete globalThis.__inbentaAuthBoot;
  }
  then(
    running,
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
    const cause = await then(running, () => 'exit code ' + exitCode, (err) => err);
    throw loadError('the Go program stopped before it was ready', { cause });
  }
  return impl;
}

// bounded is start(signal), which loads the wasm, for at most seconds:
// then it aborts signal (the wasm's fetch with it) and rejects.
function bounded(seconds, start) {
  const ctrl = typeof NativeAbortController === 'function' ? new NativeAbortController() : undefined;
  return new NativePromise((resolve, reject) => {
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
