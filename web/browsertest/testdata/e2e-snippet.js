// Records what a module snippet throws (a module's top-level errors reach
// only window's error events) or reports with console.error, and what it
// logs, in e2e.errors and e2e.logs.
(() => {
  const errors = [];
  const logs = [];
  globalThis.e2e.errors = errors;
  globalThis.e2e.logs = logs;
  addEventListener('error', (event) => errors.push(String(event.error || event.message)));
  addEventListener('unhandledrejection', (event) => errors.push(String(event.reason && (event.reason.code || event.reason))));
  const text = (args) => args.map((a) => (typeof a === 'object' ? JSON.stringify(a) : String(a))).join(' ');
  const log = console.log;
  console.log = (...args) => {
    logs.push(text(args));
    log.apply(console, args);
  };
  const error = console.error;
  console.error = (...args) => {
    errors.push(text(args));
    error.apply(console, args);
  };
})();
