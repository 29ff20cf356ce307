// tokenview.js shows the client's token: its state, a live expiry countdown
// and the share of its life left, and the product URLs it brings. Reading
// the client never refreshes its token, but for renderToken (see there).

import { app } from './state.js';
import { clock, formatDuration } from './format.js';

const [expirationEl, lifetimeBar, tokenEl, tokenStateEl, sourceEl] =
  ['expiration', 'lifetime-bar', 'token', 'token-state', 'source'].map((id) => document.getElementById(id));

let shownExpiration = null;
let lifetime = null; // {expiration, from}: the span the bar shows

const tokenStates = {
  valid: 'valid',
  expiring: 'expiring soon',
  expired: 'expired',
  revoked: 'revoked by the emulator: the next call finds out',
  refused: 'refused',
  unknown: 'expiry unknown',
};

export function renderExpiration() {
  const client = app.client;
  const expiration = client ? client.expiration : null;
  if (!Number.isFinite(expiration)) {
    expirationEl.textContent = '—';
    expirationEl.classList.remove('expired');
    lifetimeBar.style.width = '0';
    renderTokenState(client ? 'unknown' : null);
    return;
  }
  if (expiration !== shownExpiration) {
    shownExpiration = expiration;
    lifetime = { expiration, from: Math.min(Date.now() / 1000, expiration - 1) };
    expirationEl.dataset.expiration = String(expiration);
  }
  const refused = app.tokenRefused;
  tokenEl.classList.toggle('refused', refused);
  const left = Math.round(expiration - Date.now() / 1000);
  const share = Math.max(0, Math.min(1, (expiration - Date.now() / 1000) / (lifetime.expiration - lifetime.from)));
  lifetimeBar.style.width = (refused ? 0 : share * 100).toFixed(2) + '%';
  const at = clock(new Date(expiration * 1000), false);
  if (refused) {
    expirationEl.classList.add('expired');
    expirationEl.textContent = 'refused by the API; no new token yet';
    renderTokenState('refused');
    return;
  }
  expirationEl.classList.toggle('expired', left <= 0);
  expirationEl.textContent = left > 0
    ? 'in ' + formatDuration(left) + ' (at ' + at + ')'
    : 'expired ' + formatDuration(left) + ' ago; the next call gets a new token';
  renderTokenState(app.tokenRevoked ? 'revoked' : left <= 0 ? 'expired' : left <= 120 ? 'expiring' : 'valid');
}

function renderTokenState(state) {
  tokenStateEl.hidden = !state;
  if (!state) return;
  tokenStateEl.dataset.state = state;
  tokenStateEl.textContent = tokenStates[state];
  lifetimeBar.dataset.state = state;
}

export function renderApis(c) {
  const apis = (c && c.apis) || {};
  for (const code of document.querySelectorAll('.product-url[data-api]')) {
    const url = apis[code.dataset.api];
    code.textContent = url ? String(url) : '—';
  }
}

// renderToken asks the client for its token: only call it when the token
// is known to be good (just created, or a call just succeeded), since
// accessToken() refreshes a refused one, which would end a failure
// episode before anyone saw it.
export async function renderToken(c) {
  const token = await c.accessToken();
  if (c === app.client) tokenEl.textContent = token.slice(0, 6) + '…';
}

// renderClient shows all of c, the token included (see renderToken).
export async function renderClient(c) {
  renderExpiration();
  renderApis(c);
  await renderToken(c);
}

// showSource says where the client's tokens come from.
export function showSource(text) {
  sourceEl.textContent = text;
}

// resetToken shows no client.
export function resetToken() {
  shownExpiration = null;
  lifetime = null;
  app.tokenRefused = false;
  app.tokenRevoked = false;
  tokenEl.textContent = '—';
  sourceEl.textContent = '—';
  delete expirationEl.dataset.expiration;
  renderExpiration();
  renderApis(null);
}
