// handler.js is the page's own refresh-error handler, which replaces the
// SDK's notification when "Use my own error handler" is checked: it shows
// the SDK's info (code, labels in the client's language) and a Try again
// button that calls info.retry().

import { app } from './state.js';
import { describeError, el } from './format.js';
import { note } from './timeline.js';
import { onRecovered, recovered } from './status.js';
import { renderClient } from './tokenview.js';
import { showCode } from './codeview.js';

const box = document.getElementById('custom-handler');
const panel = document.getElementById('custom-error');
const retryButton = panel.querySelector('.custom-error-retry');
let retryRefresh = null; // info.retry of the error shown

// applyErrorHandler gives c the page's handler, or gives it back the SDK's
// notification.
export function applyErrorHandler(c) {
  const handler = app.ownHandler ? (info) => showCustomError(c, info) : null;
  try {
    Promise.resolve(c.setRefreshErrorHandler(handler))
      .catch((err) => note('event', 'setRefreshErrorHandler', 'error', describeError(err).text));
  } catch (err) {
    note('event', 'setRefreshErrorHandler', 'error', describeError(err).text);
  }
  if (!handler) hideCustomError();
}

function codeChip(text) {
  return el('code', String(text));
}

function showCustomError(c, info) {
  if (c !== app.client) return; // from a client closed since
  const labels = (info && info.labels) || {};
  const code = String((info && info.code) || 'ERROR');
  panel.querySelector('.custom-error-title').textContent =
    labels.REFRESH_TITLE || 'The token could not be refreshed';
  panel.querySelector('.custom-error-body').textContent =
    labels.REFRESH_INVALID_ACCESS_TOKEN || String((info && info.message) || '');
  const meta = ['info.code ', codeChip(code)];
  if (info && info.lang) meta.push(' · info.lang ', codeChip(info.lang));
  panel.querySelector('.custom-error-meta').replaceChildren(...meta);
  panel.querySelector('.custom-error-outcome').textContent = '';
  panel.dataset.code = code;
  retryRefresh = info && typeof info.retry === 'function' ? info.retry : null;
  retryButton.disabled = !retryRefresh;
  panel.hidden = false;
  note('event', 'Your error handler ran', 'error', code + ': ' + String((info && info.message) || ''));
}

export function hideCustomError() {
  panel.hidden = true;
  delete panel.dataset.code;
  retryRefresh = null;
}

async function retryNow() {
  const retry = retryRefresh;
  const c = app.client;
  if (!retry || !c) return;
  const outcome = panel.querySelector('.custom-error-outcome');
  retryButton.disabled = true;
  outcome.textContent = 'Refreshing…';
  showCode('retry');
  try {
    await retry();
    note('event', 'info.retry()', 'ok', 'a new token');
    if (c !== app.client) return;
    recovered();
    await renderClient(c);
  } catch (err) {
    outcome.textContent = 'Still failing · ' + describeError(err).text;
    note('event', 'info.retry() failed', 'error', describeError(err).text);
  } finally {
    retryButton.disabled = false;
  }
}

// mountHandler wires the checkbox and the Try again button; onChange runs
// after the checkbox changed.
export function mountHandler(onChange) {
  app.ownHandler = box.checked; // a reload may have kept it checked
  onRecovered(hideCustomError);
  retryButton.addEventListener('click', retryNow);
  box.addEventListener('change', () => {
    app.ownHandler = box.checked;
    if (app.client) applyErrorHandler(app.client);
    note('client', box.checked ? 'Refresh errors go to your handler' : 'Refresh errors show the SDK notification');
    showCode('handler');
    onChange();
  });
}
