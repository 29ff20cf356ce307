// fakes/origin.js: an origin's Web Locks and BroadcastChannels, for the tab
// protocol's tests: page(name) is a sharing object (tabs/sharing.js) of one
// page of the origin. Messages are structured clones, delivered a task
// later, as a BroadcastChannel delivers them.
// The engine's Promise, whatever a test did to the global one (fakes/zone.js).
const Engine = (async () => {})().constructor;

export function fakeOrigin() {
  const held = []; // {name, mode}
  const queue = []; // {name, mode, grant, signal}
  const listeners = new Map(); // channel name -> Set of {page, fn}

  const grantable = (name, mode) => held.every((l) => l.name !== name || (mode === 'shared' && l.mode === 'shared')) &&
    queue.every((w) => w.name !== name || w.mode === 'shared' && mode === 'shared');

  function pump() {
    for (let i = 0; i < queue.length; i++) {
      const w = queue[i];
      if (held.every((l) => l.name !== w.name || (w.mode === 'shared' && l.mode === 'shared'))) {
        queue.splice(i, 1);
        w.grant();
        i = -1;
      }
    }
  }

  function request(name, options, callback) {
    const mode = options.mode || 'exclusive';
    return new Engine((resolve, reject) => {
      const lock = { name, mode };
      // Async functions, not then: the engine's then may be patched (fakes/zone.js).
      const grant = () => {
        held.push(lock);
        (async () => {
          try {
            resolve(await callback(lock));
          } catch (err) {
            reject(err);
          } finally {
            held.splice(held.indexOf(lock), 1);
            pump();
          }
        })();
      };
      if (grantable(name, mode)) {
        grant();
      } else if (options.ifAvailable) {
        (async () => {
          try {
            resolve(await callback(null));
          } catch (err) {
            reject(err);
          }
        })();
      } else {
        const waiter = { name, mode, grant };
        queue.push(waiter);
        if (options.signal) {
          options.signal.addEventListener('abort', () => {
            const at = queue.indexOf(waiter);
            if (at >= 0) {
              queue.splice(at, 1);
              reject(new DOMException('aborted', 'AbortError'));
            }
          });
        }
      }
    });
  }

  let pages = 0;
  return {
    held: () => held.map((l) => l.name),
    pending: () => queue.map((w) => w.name),
    page(instance = 'page' + ++pages + '.') {
      const channels = new Set();
      return Object.freeze({
        instance,
        request,
        lockNames: () => Engine.resolve({ held: held.map((l) => l.name), pending: queue.map((w) => w.name) }),
        broken: () => false,
        open(name, onMessage) {
          const me = { fn: onMessage };
          if (!listeners.has(name)) {
            listeners.set(name, new Set());
          }
          listeners.get(name).add(me);
          channels.add(me);
          return {
            post(m) {
              const data = structuredClone(m);
              for (const other of listeners.get(name)) {
                if (other !== me) {
                  setTimeout(() => other.fn({ data: structuredClone(data) }), 0);
                }
              }
            },
            close: () => listeners.get(name).delete(me),
          };
        },
        own(m, key) {
          const d = typeof m === 'object' && m !== null ? Object.getOwnPropertyDescriptor(m, key) : undefined;
          return d !== undefined && Object.hasOwn(d, 'value') ? d.value : undefined;
        },
        later: (fn, ms) => setTimeout(fn, ms),
        cancelLater: (timer) => clearTimeout(timer),
        Abort: AbortController,
      });
    },
  };
}
