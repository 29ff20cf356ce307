// faults.js is the Faults panel: each button arms the emulated Auth API
// (POST /demo/fault) for the next token, and a product call then shows
// what the SDK does. A fault is for the page that armed it: a new client
// and a fresh load of the page withdraw what is left armed.

import { app } from './state.js';
import { faultEffect, faults } from './catalog.js';
import { describeError } from './format.js';
import { note } from './timeline.js';
import { setButtons } from './status.js';
import { renderExpiration } from './tokenview.js';
import { showCode } from './codeview.js';

const faultsEl = document.getElementById('faults');
const armedEl = document.getElementById('armed');
let armed = null; // the fault kind armed by this page and not yet met

// The SDK's breaker allows a client 3 refreshes a minute, and each fault
// costs one: clicked one after another, the fourth would meet the breaker
// (REFRESH_FAILED) instead of the fault. So a client that already met a
// fault is replaced by a fresh one before the next is armed.
const faultedClients = new WeakSet();

// armedFault is the kind armed and not yet met, or null.
export const armedFault = () => armed;

async function postFault(kind) {
  const url = app.config.faultURL;
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ kind, mode: app.mode }),
  });
  if (!response.ok) {
    const text = (await response.text().catch(() => '')).trim();
    throw Object.assign(new Error('POST ' + url + ': HTTP ' + response.status + (text ? ' · ' + text : '')), { code: 'FAULT' });
  }
}

// disarm withdraws what this page armed, or with everything, whatever any
// page left armed: a fault left armed by a page that is gone must not
// meet the first exchange of the next.
export async function disarm(everything = false) {
  if (armed || everything) {
    await postFault('clear').catch((err) => note('fault', 'clear', 'error', 'could not clear · ' + describeError(err).text));
  }
  armed = null;
  renderArmed();
}

async function armFault(kind, fresh) {
  if (!app.client) return;
  if (kind !== 'clear' && faultedClients.has(app.client)) {
    await fresh('a fresh client for the next fault: the SDK allows a client 3 refreshes a minute, and one fault must not trip the next');
    if (!app.client) return;
  }
  const c = app.client;
  setButtons(false);
  showCode('fault', kind);
  try {
    await postFault(kind);
  } catch (err) {
    note('fault', kind, 'error', 'could not arm it · ' + describeError(err).text);
    if (c === app.client) setButtons(true);
    return;
  }
  faultsEl.dataset.posted = kind;
  if (kind === 'clear') {
    armed = null;
    note('fault', 'clear', 'info', faults.clear);
  } else {
    armed = kind;
    faultedClients.add(c);
    app.tokenRevoked = true;
    note('fault', kind, 'warn', faultEffect(kind, app.mode, app.config.tokenURL) + (kind === 'expire-now' ? '' : ' · token revoked'));
  }
  renderArmed();
  if (c !== app.client) return;
  renderExpiration();
  setButtons(true);
}

// afterCall counts the armed fault met if call needed a new token, which
// the fault's revocation normally ensures: the SDK's breaker (3 refreshes
// a minute) may refuse to try, and then the fault stays armed.
export function afterCall(call) {
  if (armed && (armed === 'expire-now' || call.exchanged)) armed = null;
  renderArmed(armed ? 'Still armed: ' + armed + '. The SDK did not ask for a token (it allows 3 refreshes a minute).' : '');
}

function renderArmed(text) {
  armedEl.hidden = !armed;
  armedEl.textContent = armed ? text || 'Armed: ' + armed + '. Call a product to see what happens.' : '';
  if (armed) faultsEl.dataset.armed = armed;
  else delete faultsEl.dataset.armed;
}

// mountFaults wires the buttons; fresh(why) replaces the client.
export function mountFaults(fresh) {
  for (const button of faultsEl.querySelectorAll('button[data-fault]')) {
    button.addEventListener('click', () => armFault(button.dataset.fault, fresh));
  }
}
