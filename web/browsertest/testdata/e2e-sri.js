// Loads the bundle with integrity attributes from /dist/integrity.json, as a
// page with the hashes written into its HTML would:
//   ?mode=classic  <script src integrity> for wasm_exec.js and inbenta-auth.js
//   ?mode=module   <link rel=modulepreload integrity> for wasm_exec.js and
//                  inbenta-auth.mjs, then import()
//   &tamper=FILE   gives FILE another file's hash, so it must not load
// e2e.sri reports the outcome once done.
(() => {
  const params = new URLSearchParams(location.search);
  const mode = params.get('mode') || 'classic';
  const tamper = params.get('tamper');
  const sri = { done: false, failed: [], error: null, manifest: null };
  globalThis.e2e.sri = sri;

  function hash(name) {
    const files = sri.manifest.files;
    // A well-formed hash of other bytes: a malformed one would be ignored.
    return name === tamper ? files[name === 'wasm_exec.js' ? 'inbenta-auth.js' : 'wasm_exec.js'] : files[name];
  }

  function add(tag, props) {
    const el = Object.assign(document.createElement(tag), props);
    return new Promise((resolve) => {
      el.onload = () => resolve(true);
      el.onerror = () => {
        sri.failed.push(props.src || props.href);
        resolve(false);
      };
      document.head.append(el);
    });
  }

  async function run() {
    const res = await fetch('/dist/integrity.json', { cache: 'no-store' });
    sri.manifest = await res.json();
    if (mode === 'module') {
      await Promise.all(['wasm_exec.js', 'inbenta-auth.mjs'].map((name) =>
        add('link', { rel: 'modulepreload', href: '/dist/' + name, integrity: hash(name) })));
      const named = await import('/dist/inbenta-auth.mjs');
      globalThis.e2e.module = named;
      globalThis.InbentaAuth = named.default;
      return;
    }
    await Promise.all(['wasm_exec.js', 'inbenta-auth.js'].map((name) =>
      add('script', { src: '/dist/' + name, integrity: hash(name), async: false })));
  }

  run().catch((e) => { sri.error = String(e); }).finally(() => { sri.done = true; });
})();
