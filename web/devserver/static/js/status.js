// status.js is the console's one line of state (loading, ready, error,
// refresh-error) and the buttons that state allows: products, faults and
// the chat's Send.

import { app } from './state.js';
import { modes } from './catalog.js';
import { describeError } from './format.js';
import { closeEpisode, note } from './timeline.js';

const statusEl = document.getElementById('status');
const buttons = Array.from(document.querySelectorAll('button[data-product], button[data-fault], button[data-chat]'));
const recoveredListeners = [];

// setStatus shows state and text; code, when given, is the failure's.
export function setStatus(state, text, code) {
  document.body.dataset.state = state;
  statusEl.textContent = text;
  if (code) statusEl.dataset.code = code;
  else delete statusEl.dataset.code;
}

export function ready() {
  setStatus('ready', 'Ready · ' + modes[app.mode] + ' · InbentaAuth ' + InbentaAuth.version);
}

export function fail(err) {
  const { code, text } = describeError(err);
  setStatus('error', 'Error · ' + text, code);
  closeEpisode({ level: 'error', detail: 'failed · ' + code });
  note('event', 'Error', 'error', text);
  console.error(err);
}

export function setButtons(enabled) {
  for (const button of buttons) button.disabled = !enabled;
}

// onRecovered calls fn whenever the page is back to normal.
export function onRecovered(fn) {
  recoveredListeners.push(fn);
}

// recovered puts the page back to normal once a call or a retry succeeded.
export function recovered() {
  app.tokenRefused = false;
  for (const fn of recoveredListeners) fn();
  if (document.body.dataset.state === 'refresh-error') ready();
}
