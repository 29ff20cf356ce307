// Frames ?src, sandboxed as ?sandbox says when given, and collects what
// the frame reports (embed.js) in window.embedded.
(() => {
  const params = new URLSearchParams(location.search);
  globalThis.embedded = [];
  addEventListener('message', (e) => {
    if (e.data && e.data.from === 'embed') {
      embedded.push(e.data);
    }
  });
  const frame = document.createElement('iframe');
  if (params.has('sandbox')) {
    frame.setAttribute('sandbox', params.get('sandbox'));
  }
  frame.src = params.get('src');
  document.body.append(frame);
})();
