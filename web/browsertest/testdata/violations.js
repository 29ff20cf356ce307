// Collects the page's CSP violations from the start, in
// window.violations: "directive blocked-uri sample".
(() => {
  const seen = [];
  globalThis.violations = seen;
  document.addEventListener('securitypolicyviolation', (e) => {
    seen.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sample);
  });
})();
