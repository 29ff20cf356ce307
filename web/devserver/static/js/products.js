// products.js is the Products panel: each button calls a product API
// through client.fetch, which adds the key and the token, and shows the
// answer; the timeline shows how it got there.

import { app } from './state.js';
import { productCalls, refreshCodes } from './catalog.js';
import { describeError, formatMs } from './format.js';
import { callDetail } from './outcome.js';
import { addEntry, closeEpisode, note, update } from './timeline.js';
import { recovered, setButtons, setStatus } from './status.js';
import { renderApis, renderExpiration, renderToken } from './tokenview.js';
import { armedFault, afterCall } from './faults.js';
import { showCode } from './codeview.js';

const resultEl = document.getElementById('result');

async function callProduct(product) {
  const c = app.client;
  const spec = productCalls[product];
  if (!c || !spec) return;
  setButtons(false);
  showCode('call', product);
  const injected = armedFault();
  const url = ((c.apis || {})[product] || '') + spec.path;
  const call = addEntry('call', {
    title: spec.method + ' ' + product + ' ' + spec.path, level: 'pending', product, path: spec.path, started: performance.now(),
  });
  app.currentCall = call;
  const init = { method: spec.method };
  if (spec.body) {
    init.headers = { 'Content-Type': 'application/json' };
    init.body = JSON.stringify(spec.body);
  }
  let ok = false;
  try {
    const response = await c.fetch(url, init);
    const text = await response.text();
    let body = text;
    try {
      body = JSON.stringify(JSON.parse(text), null, 2);
    } catch {
      // Not JSON: show it as it came.
    }
    ok = response.ok;
    const ms = performance.now() - call.started;
    showResult(response.status, response.status + ' ' + response.statusText + ' · ' + spec.method + ' ' + product + ' ' + spec.path + ' · ' + formatMs(ms), body, ok, product);
    update(call, { level: ok ? 'ok' : 'error', status: response.status, ms, detail: callDetail(call) });
  } catch (err) {
    const { code, text } = describeError(err);
    const duringRefresh = closeEpisode({ level: 'error', detail: 'failed · ' + code });
    // A failure the Faults panel asked for says so: ORIGIN_NOT_ALLOWED,
    // say, is then no mistake in the page's configuration.
    const cause = injected ? ' · injected by the ' + injected + ' fault' : '';
    showResult(err && err.status ? err.status : 'error', code + cause, text, false, product);
    // The chip shows the code: the detail is the message after it.
    const message = text.startsWith(code + ': ') ? text.slice(code.length + 2) : text;
    update(call, { level: 'error', status: code, ms: performance.now() - call.started, detail: message + cause });
    if (c === app.client) {
      const refresh = duringRefresh || refreshCodes.has(code);
      app.tokenRefused = app.tokenRefused || refresh;
      setStatus('refresh-error', (refresh ? 'Refresh failed · ' : 'Call failed · ') + code + cause, code);
    }
  } finally {
    if (app.currentCall === call) app.currentCall = null;
  }
  if (c !== app.client) return;
  afterCall(call);
  setButtons(true);
  renderExpiration();
  renderApis(c); // a new token may bring new product URLs
  if (ok) {
    recovered();
    await renderToken(c).catch((err) => note('event', 'Cannot read the token', 'error', describeError(err).text));
  }
}

function showResult(status, summary, body, ok, product) {
  resultEl.hidden = false;
  resultEl.dataset.status = String(status);
  resultEl.dataset.product = product;
  resultEl.classList.toggle('failed', !ok);
  resultEl.querySelector('.result-status').textContent = summary;
  resultEl.querySelector('.result-body').textContent = body;
}

export function hideResult() {
  resultEl.hidden = true;
}

export function mountProducts() {
  for (const button of document.querySelectorAll('button[data-product]')) {
    button.addEventListener('click', () => callProduct(button.dataset.product));
  }
}
