// client.js makes the console's one client, for the current mode and
// language, and follows its events. A new mode or language, or a fault
// that needs a client the SDK's breaker has not counted against, makes a
// new one: connect closes the old first.

import { announceClient, app } from './state.js';
import { modes } from './catalog.js';
import { describeError, until } from './format.js';
import { closeEpisode, note } from './timeline.js';
import { fail, ready, recovered, setButtons, setStatus } from './status.js';
import { renderApis, renderClient, renderExpiration, renderToken, resetToken, showSource } from './tokenview.js';
import { applyErrorHandler, hideCustomError } from './handler.js';
import { hideResult } from './products.js';
import { disarm } from './faults.js';
import { firstToken, refreshHook } from './server.js';

// Bumped by every connect: a slower, older connect gives way to a newer one.
let generation = 0;

async function createClient() {
  const { config, lang } = app;
  if (app.mode === 'access-token') {
    const tok = await firstToken();
    const c = await InbentaAuth.createFromAccessToken(tok.accessToken, config.apiKey, {
      authURL: config.authURL,
      expiration: tok.expiration,
      apis: tok.apis,
      refresh: refreshHook,
      lang,
    });
    return { c, source: 'your server (' + config.tokenURL + ')' };
  }
  const c = await InbentaAuth.createFromDomainKey(config.domainKey, config.apiKey, { authURL: config.authURL, lang });
  if (!closeEpisode({ level: 'ok', detail: 'the first token, ' + until(c.expiration) })) {
    note('exchange', 'Domain Key exchange', 'ok', 'the first token, ' + until(c.expiration));
  }
  return { c, source: 'Domain Key exchange' };
}

// connect closes the current client, if any, and creates one for the
// current mode and language. The first one also withdraws any fault a page
// left armed.
export async function connect(why) {
  const gen = ++generation;
  const old = app.client;
  app.client = null;
  if (old) {
    old.close();
    announceClient(null);
    note('client', 'Client closed', 'info', why || '');
  }
  app.episode = null;
  app.currentCall = null;
  resetToken();
  hideResult();
  hideCustomError();
  setButtons(false);
  setStatus('loading', 'Connecting · ' + modes[app.mode] + '…');
  await disarm(gen === 1);

  let created;
  try {
    created = await createClient();
  } catch (err) {
    if (gen === generation) fail(err);
    return;
  }
  const { c, source } = created;
  if (gen !== generation) {
    c.close(); // a newer connect won
    return;
  }
  app.client = c;
  showSource(source);
  applyErrorHandler(c);
  listen(c);
  note('client', 'Client created', 'info', modes[app.mode] + ' · lang ' + app.lang + ' · InbentaAuth ' + InbentaAuth.version);
  try {
    await renderClient(c);
  } catch (err) {
    if (gen === generation) fail(err);
    return;
  }
  if (gen !== generation) return;
  setButtons(true);
  ready();
  announceClient(c);
}

// listen follows the client's events: new tokens, also those it gets on
// its own (renewed ahead of expiry, or by a retry), expiry and refresh
// errors, through client.on.
function listen(c) {
  if (typeof c.on !== 'function') return;
  const on = (name, fn) => {
    Promise.resolve(c.on(name, (info) => {
      if (c === app.client) fn(info);
    })).catch((err) => note('event', 'client.on(' + name + ')', 'error', describeError(err).text));
  };
  on('token', (info) => {
    const expiration = info && info.expiration;
    app.tokenRevoked = false;
    if (app.currentCall) app.currentCall.newToken = true;
    if (!closeEpisode({ level: 'ok', detail: 'a new token, ' + until(expiration) }) && expiration !== app.hookExpiration) {
      note('refresh', 'New token', 'ok', until(expiration));
    }
    app.hookExpiration = null;
    // Outside the SDK's callback: accessToken() is for later.
    setTimeout(() => {
      if (c !== app.client) return;
      recovered();
      renderExpiration();
      renderApis(c);
      renderToken(c).catch((err) => note('event', 'Cannot read the token', 'error', describeError(err).text));
    }, 0);
  });
  on('expired', (info) => {
    note('event', 'expired', 'warn', 'the token (' + until(info && info.expiration) + ') expired: the next call gets a new one');
  });
  on('refresh-error', (info) => {
    const code = String((info && info.code) || 'ERROR');
    closeEpisode({ level: 'error', detail: 'failed · ' + code });
    note('event', 'refresh-error · ' + code, 'error', String((info && info.message) || ''));
  });
}
