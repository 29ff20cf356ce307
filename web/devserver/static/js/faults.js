// faults.js is the Faults panel: each button arms the emulated Auth API
// (POST /demo/fault) for the next token, or expires the chat's
// conversation, and a product call or a chat message then shows what the
// SDK does. A fault is for the page that armed it: a new client and a
// fresh load of the page withdraw what is left armed.

import { app } from './state.js';
import { faultEffect, faults, sessionFaults } from './catalog.js';
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
// fault is replaced by a fresh one before the next is armed. A fault on
// the conversation costs no refresh, and a fresh client would have none
// to expire: it keeps the client.
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
  if (kind !== 'clear' && !sessionFaults.has(kind) && faultedClients.has(app.client)) {
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
  } else if (sessionFaults.has(kind)) {
    // Only a conversation that has started can expire.
    armed = app.conversation === null ? null : kind;
    note('fault', kind, armed ? 'warn' : 'info', armed
      ? faultEffect(kind) + ' · here conversation ' + app.conversation
      : 'no conversation yet, nothing to expire: send a chat message first');
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

// afterCall counts the armed fault met: a fault on the conversation by
// a chat message (call.chat), any other if call needed a new token, which
// the fault's revocation normally ensures: the SDK's breaker (3 refreshes
// a minute) may refuse to try, and then the fault stays armed.
export function afterCall(call) {
  if (!armed) return;
  const onSession = sessionFaults.has(armed);
  if (onSession ? call.chat : armed === 'expire-now' || call.exchanged) armed = null;
  renderArmed(armed && !onSession ? 'Still armed: ' + armed + '. The SDK did not ask for a token (it allows 3 refreshes a minute).' : '');
}

function renderArmed(text) {
  armedEl.hidden = !armed;
  const next = armed && sessionFaults.has(armed) ? 'Send a chat message' : 'Call a product';
  armedEl.textContent = armed ? text || 'Armed: ' + armed + '. ' + next + ' to see what happens.' : '';
  if (armed) faultsEl.dataset.armed = armed;
  else delete faultsEl.dataset.armed;
}

// mountFaults wires the buttons; fresh(why) replaces the client.
export function mountFaults(fresh) {
  for (const button of faultsEl.querySelectorAll('button[data-fault]')) {
    button.addEventListener('click', () => armFault(button.dataset.fault, fresh));
  }
}
