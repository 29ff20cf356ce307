// main.js starts the developer console: it loads the dev server's config,
// mounts the panels and makes the first client. A panel is a module with a
// mount function and the elements of its card in index.html; one that
// follows the client (the chat panel) subscribes with onClient (state.js)
// and mounts here like the others.

import { listen } from './tap.js';
import { app } from './state.js';
import { clearLog, note, wire } from './timeline.js';
import { fail } from './status.js';
import { renderExpiration } from './tokenview.js';
import { mountSettings, readSettings, showSettings } from './settings.js';
import { mountHandler } from './handler.js';
import { mountProducts } from './products.js';
import { mountFaults } from './faults.js';
import { mountChat } from './chat.js';
import { mountCode } from './codeview.js';
import { connect } from './client.js';

async function start() {
  mountHandler(showSettings);
  readSettings();
  note('client', 'Loading config and wasm…');
  const response = await fetch('/demo/config.json');
  if (!response.ok) {
    throw Object.assign(new Error('GET /demo/config.json: HTTP ' + response.status), { code: 'CONFIG' });
  }
  app.config = await response.json();
  listen(wire);
  showSettings();
  mountCode();
  mountSettings();
  mountProducts();
  mountChat();
  mountFaults(connect);
  document.getElementById('clear-log').addEventListener('click', clearLog);
  setInterval(renderExpiration, 1000);
  await connect();
}

// The page runs under a strict Content-Security-Policy: show anything it
// blocks, the SDK's own doings included.
document.addEventListener('securitypolicyviolation', (event) => {
  note('event', 'CSP blocked ' + event.effectiveDirective + ' ' + (event.blockedURI || 'inline'), 'error');
});

if (typeof InbentaAuth === 'undefined') {
  fail(Object.assign(new Error('inbenta-auth.js did not load'), { code: 'WASM_LOAD_FAILED' }));
} else {
  start().catch(fail);
}
