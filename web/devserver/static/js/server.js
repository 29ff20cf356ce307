// server.js is the page's side of access-token mode: it asks the
// customer's server (here /demo/token, which holds the Secret) for tokens,
// the first one on GET and the next ones from the refresh hook on POST.

import { app } from './state.js';
import { describeError, until } from './format.js';
import { addEntry, update } from './timeline.js';

async function serverToken(method) {
  const url = app.config.tokenURL;
  const response = await fetch(url, { method, headers: { Accept: 'application/json' } });
  if (!response.ok) {
    // sdk/backend answers {"error": {"code", "message"}}.
    const answer = await response.json().catch(() => null);
    const error = answer && answer.error && typeof answer.error === 'object' ? answer.error : {};
    const serverCode = typeof error.code === 'string' ? error.code : '';
    const serverMessage = typeof error.message === 'string' ? error.message : '';
    throw Object.assign(new Error(method + ' ' + url + ': HTTP ' + response.status + (serverCode ? ' ' + serverCode : '') +
      (serverMessage ? ': ' + serverMessage : '')), { code: 'TOKEN_ENDPOINT', status: response.status, serverCode, serverMessage });
  }
  return response.json();
}

// firstToken is the token the access-token client starts with.
export async function firstToken() {
  const entry = addEntry('exchange', {
    title: 'GET ' + app.config.tokenURL + ' · your server exchanges the Secret', level: 'pending', started: performance.now(),
  });
  let tok;
  try {
    tok = await serverToken('GET');
  } catch (err) {
    update(entry, { level: 'error', status: err.status || 0, ms: performance.now() - entry.started, detail: describeError(err).text });
    throw err;
  }
  update(entry, { level: 'ok', status: 200, ms: performance.now() - entry.started, detail: 'the first token, ' + until(tok.expiration) });
  return tok;
}

// refreshHook is the access-token client's refresh hook: ask our own
// server, which holds the Secret, for a new {accessToken, expiration, apis}.
export function refreshHook(info) {
  const reason = (info && info.reason) || 'refresh';
  const entry = addEntry('refresh', {
    title: 'Refresh hook (' + reason + ') → POST ' + app.config.tokenURL, level: 'pending', started: performance.now(),
  });
  if (app.currentCall) app.currentCall.exchanged = true;
  const took = () => performance.now() - entry.started;
  return serverToken('POST').then((tok) => {
    app.hookExpiration = tok && tok.expiration;
    update(entry, { level: 'ok', status: 200, ms: took(), detail: 'a new token from your server, ' + until(app.hookExpiration) });
    return tok;
  }, (err) => {
    const detail = err && err.status
      ? 'your server answered ' + err.status + (err.serverCode ? ' ' + err.serverCode : '') +
        (err.serverMessage ? ': ' + err.serverMessage : '')
      : describeError(err).text;
    update(entry, { level: 'error', status: err && err.status ? err.status : 0, ms: took(), detail });
    throw err;
  });
}
