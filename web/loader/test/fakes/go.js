// fakes/go.js: wasm_exec.js's Go class, running a fake Go program: run()
// hands impl (or nothing) to the loader, as the wasm's main does, and ends
// when end() is called. The wasm is the empty module (fakes/fetch serves it).
import { createHash } from 'node:crypto';

export const WASM = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);
const sha = (b) => createHash('sha384').update(b).digest();
export const HASHES = { sri: 'sha384-' + sha(WASM).toString('base64'), blocks: sha(sha(WASM)).toString('base64') };

export const runs = [];

// program sets what the next runs do: impl to hand over (null: none).
export function program(impl) {
  globalThis.Go = class Go {
    constructor() {
      this.importObject = {};
    }

    run(instance) {
      const boot = globalThis.__inbentaAuthBoot;
      const run = { instance, kit: boot.kit };
      runs.push(run);
      return new Promise((resolve, reject) => {
        run.end = (code = 0) => { this.exit(code); resolve(); };
        run.fail = reject;
        if (impl !== null) {
          boot.ready(impl);
        } else {
          this.exit(2);
          resolve();
        }
      });
    }

    exit() {}
  };
}
