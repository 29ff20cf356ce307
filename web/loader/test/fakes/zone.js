// fakes/zone.js: what zone.js (every Angular app) does to the built-ins
// when it loads, in small: the global Promise becomes a class of its own
// whose then works only on its own instances, and the engine's
// Promise.prototype.then is wrapped to answer such instances. Import it
// before the modules under test to load "zone.js before the SDK".
const Engine = Promise;
const engineThen = Engine.prototype.then;
const state = Symbol('state');

class ZoneAwarePromise {
  constructor(executor) {
    this[state] = { queue: [], settled: false };
    const settle = (ok, value) => {
      const s = this[state];
      if (s.settled) return;
      if (ok && value && typeof value.then === 'function') {
        value.then((v) => settle(true, v), (e) => settle(false, e));
        return;
      }
      Object.assign(s, { settled: true, ok, value });
      s.queue.splice(0).forEach((fn) => queueMicrotask(fn));
    };
    executor((v) => settle(true, v), (e) => settle(false, e));
  }

  then(onFulfilled, onRejected) {
    const s = this[state];
    return new ZoneAwarePromise((resolve, reject) => {
      const run = () => {
        const fn = s.ok ? onFulfilled : onRejected;
        if (typeof fn !== 'function') {
          (s.ok ? resolve : reject)(s.value);
          return;
        }
        try {
          resolve(fn(s.value));
        } catch (err) {
          reject(err);
        }
      };
      if (s.settled) queueMicrotask(run); else s.queue.push(run); // throws on a foreign this: s is undefined
    });
  }

  catch(onRejected) {
    return this.then(undefined, onRejected);
  }

  static resolve(v) {
    return v instanceof ZoneAwarePromise ? v : new ZoneAwarePromise((r) => r(v));
  }

  static reject(e) {
    return new ZoneAwarePromise((_, r) => r(e));
  }
}

globalThis.Promise = ZoneAwarePromise;
Engine.prototype.then = function then(onFulfilled, onRejected) {
  const self = this;
  return new ZoneAwarePromise((resolve, reject) => engineThen.call(self, resolve, reject)).then(onFulfilled, onRejected);
};
export { ZoneAwarePromise };
