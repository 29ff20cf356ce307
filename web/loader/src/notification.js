// notification.js: the default refresh-error notification's DOM, drawn for
// jsbridge/notify.go, which decides when it shows, for which clients, and
// when it goes (drawn in script, it costs a fraction of the bytes the same
// DOM calls cost in the wasm). It lives in an open shadow root, so the
// page's CSS cannot break it and its CSS cannot leak; the labels are set
// as text only.

// notification(lang, title, body, button, dismiss) appends the
// notification to the page and returns [its host element, its button].
// The button reloads the page; Escape calls dismiss, as it dismisses any
// dialog.
export function notification(lang, title, body, button, dismiss) {
  const doc = document;
  const el = (parent, tag, text) => {
    const e = doc.createElement(tag);
    if (text !== '') {
      e.textContent = text;
    }
    parent.appendChild(e);
    return e;
  };
  const host = doc.createElement('div');
  host.setAttribute('data-inbenta-auth-notification', '');
  const root = host.attachShadow({ mode: 'open' });
  styleShadow(doc, root);
  const box = el(root, 'div', '');
  box.className = 'box';
  box.setAttribute('role', 'alertdialog');
  box.setAttribute('aria-modal', 'false');
  box.setAttribute('aria-labelledby', 'title');
  box.setAttribute('aria-describedby', 'body');
  box.setAttribute('lang', lang);
  el(box, 'h2', title).id = 'title';
  el(box, 'p', body).id = 'body';
  const btn = el(box, 'button', button);
  btn.type = 'button';
  btn.addEventListener('click', () => location.reload());
  box.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') {
      dismiss();
    }
  });
  doc.body.appendChild(host);
  return [host, btn];
}

// styleShadow styles the notification with a constructed stylesheet: a
// page's CSP (style-src without 'unsafe-inline') blocks a <style> element
// even inside a shadow root, but not CSSOM. Older browsers get the element.
function styleShadow(doc, root) {
  const Sheet = globalThis.CSSStyleSheet;
  if (typeof Sheet === 'function' && root.adoptedStyleSheets !== undefined) {
    let sheet;
    try {
      sheet = new Sheet();
      sheet.replaceSync(CSS);
    } catch {
      sheet = undefined; // the element, then
    }
    if (sheet !== undefined) {
      root.adoptedStyleSheets = [sheet];
      return;
    }
  }
  const style = doc.createElement('style');
  style.textContent = CSS;
  root.appendChild(style);
}

// CSS is the notification's stylesheet (web/browsertest's style check
// reads it from this file).
const CSS = `:host{all:initial}
.box{position:fixed;z-index:2147483647;left:50%;bottom:24px;transform:translateX(-50%);
box-sizing:border-box;width:min(440px,calc(100vw - 32px));padding:20px 22px 18px;border-radius:14px;
background:#fff;color:#1c2230;border:1px solid #e3e6ee;box-shadow:0 18px 40px rgba(16,24,40,.22);
font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;
display:grid;grid-template-columns:1fr auto;gap:4px 16px;align-items:center;
animation:in .18s ease-out}
h2{grid-column:1/-1;margin:0;font-size:17px;font-weight:700;letter-spacing:-.01em}
p{margin:0;color:#4a5163;overflow-wrap:anywhere}
button{font:inherit;font-weight:600;padding:9px 18px;border:0;border-radius:9px;background:#2f5bff;color:#fff;
cursor:pointer;white-space:nowrap}
button:hover{background:#2448d8}
button:focus-visible{outline:3px solid #9db1ff;outline-offset:2px}
@media (max-width:480px){.box{bottom:12px;grid-template-columns:1fr}button{width:100%;margin-top:10px}}
@media (prefers-reduced-motion:reduce){.box{animation:none}}
@media (prefers-color-scheme:dark){.box{background:#1d2230;color:#eef1f8;border-color:#2d3446}p{color:#b8bfcf}}
@keyframes in{from{opacity:0;transform:translate(-50%,8px)}to{opacity:1;transform:translate(-50%,0)}}`;
