// demo.js drives the demo page. Every string that comes from the API, the
// server or the SDK is rendered with textContent, never as HTML.
(() => {
  'use strict';

  const $ = (id) => document.getElementById(id);
  const statusEl = $('status');
  const expirationEl = $('expiration');
  const sourceEl = $('source');
  const apisEl = $('apis');
  const tokenEl = $('token');
  const renewalEl = $('renewal');
  const errorsToEl = $('errors-to');
  const modeEl = $('mode');
  const langEl = $('lang');
  const customBox = $('custom-handler');
  const callButton = $('call-chatbot');
  const failButton = $('simulate-failure');
  const resultEl = $('result');
  const customEl = $('custom-error');
  const retryButton = customEl.querySelector('.custom-error-retry');
  const logEl = $('log');
  const maxLogEntries = 50;

  const modes = { 'domain-key': 'Domain Key', 'access-token': 'Access token' };
  const langs = Array.from(langEl.options, (o) => o.value);

  let config = null;
  let client = null;
  // Bumped by every connect: a slower, older connect gives way to a newer one.
  let generation = 0;
  let shownExpiration = null;
  let retryRefresh = null; // info.retry of the error shown in #custom-error
  // The API refused the token and no new one came yet. The client still
  // holds the refused token, with its expiration.
  let tokenRefused = false;

  // Failures of a call that mean the token could not be renewed.
  const refreshCodes = new Set(['REFRESH_FAILED', 'TOKEN_EXPIRED', 'ORIGIN_NOT_ALLOWED', 'INVALID_KEY']);

  // The mode and language survive a reload (the SDK's notification offers
  // one) through the query string.
  const params = new URLSearchParams(location.search);
  let mode = Object.hasOwn(modes, params.get('mode')) ? params.get('mode') : 'domain-key';
  // Like the SDK: the page's language, then the browser's.
  let lang = pickLang([params.get('lang'), document.documentElement.lang, ...(navigator.languages || [navigator.language])]);

  function pickLang(candidates) {
    for (const candidate of candidates) {
      const tag = String(candidate || '').toLowerCase().replace(/_/g, '-');
      if (langs.includes(tag)) return tag;
      const base = tag.split('-')[0];
      if (langs.includes(base)) return base;
    }
    return 'en';
  }

  function saveState() {
    const q = new URLSearchParams({ mode, lang });
    history.replaceState(null, '', '?' + q);
  }

  function log(message, kind = 'info') {
    const item = document.createElement('li');
    item.className = kind;
    const time = document.createElement('time');
    time.textContent = new Date().toLocaleTimeString();
    item.append(time, ' ', message);
    logEl.prepend(item);
    while (logEl.children.length > maxLogEntries) {
      logEl.lastElementChild.remove();
    }
  }

  function describeError(err) {
    const code = String((err && err.code) || 'ERROR');
    const message = String((err && err.message) || err);
    // The SDK's messages already start with their code and name the status.
    const text = message.startsWith(code + ':')
      ? message
      : code + (err && err.status ? ' (HTTP ' + err.status + ')' : '') + ': ' + message;
    return { code, text };
  }

  function setStatus(state, text) {
    document.body.dataset.state = state;
    statusEl.textContent = text;
  }

  function fail(err) {
    const { code, text } = describeError(err);
    statusEl.dataset.code = code;
    setStatus('error', 'Error · ' + text);
    log(text, 'error');
    console.error(err);
  }

  function setButtons(enabled) {
    callButton.disabled = !enabled;
    failButton.disabled = !enabled;
  }

  // ---- rendering the client's state (never refreshes the token) ----

  function formatDuration(seconds) {
    const s = Math.abs(seconds);
    const h = Math.floor(s / 3600);
    const m = Math.floor((s % 3600) / 60);
    const pad = (n) => String(n).padStart(2, '0');
    return (h ? h + ':' + pad(m) : String(m)) + ':' + pad(s % 60);
  }

  function renderExpiration() {
    const expiration = client ? client.expiration : null;
    if (!Number.isFinite(expiration)) {
      expirationEl.textContent = '—';
      expirationEl.classList.remove('expired');
      return;
    }
    if (expiration !== shownExpiration) {
      if (shownExpiration !== null) {
        log('New token, expires at ' + new Date(expiration * 1000).toLocaleTimeString());
      }
      shownExpiration = expiration;
      expirationEl.dataset.expiration = String(expiration);
    }
    tokenEl.classList.toggle('refused', tokenRefused);
    if (tokenRefused) {
      expirationEl.classList.add('expired');
      expirationEl.textContent = 'refused by the API; no new token yet';
      return;
    }
    const left = Math.round(expiration - Date.now() / 1000);
    const at = new Date(expiration * 1000).toLocaleTimeString();
    expirationEl.classList.toggle('expired', left <= 0);
    expirationEl.textContent = left > 0
      ? 'in ' + formatDuration(left) + ' (at ' + at + ')'
      : 'expired ' + formatDuration(left) + ' ago; the next call gets a new token';
  }

  function renderApis(c) {
    const rows = Object.entries((c && c.apis) || {}).sort(([a], [b]) => a.localeCompare(b));
    const nodes = rows.flatMap(([name, url]) => {
      const dt = document.createElement('dt');
      dt.textContent = name;
      const dd = document.createElement('dd');
      const code = document.createElement('code');
      code.textContent = String(url);
      dd.append(code);
      return [dt, dd];
    });
    apisEl.replaceChildren(...nodes);
  }

  // renderToken asks the client for its token: only call it when the token
  // is known to be good (just created, or a call just succeeded), since
  // accessToken() refreshes a refused one, which would end a failure
  // episode before anyone saw it.
  async function renderToken(c) {
    const token = await c.accessToken();
    if (c === client) tokenEl.textContent = token.slice(0, 6) + '…';
  }

  async function render(c) {
    renderExpiration();
    renderApis(c);
    await renderToken(c);
  }

  function resetView() {
    shownExpiration = null;
    tokenRefused = false;
    tokenEl.textContent = '—';
    sourceEl.textContent = '—';
    delete expirationEl.dataset.expiration;
    delete statusEl.dataset.code;
    renderExpiration();
    renderApis(null);
    resultEl.hidden = true;
    hideCustomError();
  }

  function showResult(status, summary, body, ok) {
    resultEl.hidden = false;
    resultEl.dataset.status = String(status);
    resultEl.classList.toggle('failed', !ok);
    resultEl.querySelector('.result-status').textContent = summary;
    resultEl.querySelector('.result-body').textContent = body;
  }

  // ---- the customer's server: /demo/token ----

  async function serverToken(method) {
    const response = await fetch(config.tokenURL, { method, headers: { Accept: 'application/json' } });
    if (!response.ok) {
      throw Object.assign(new Error(method + ' ' + config.tokenURL + ': HTTP ' + response.status), {
        code: 'TOKEN_ENDPOINT', status: response.status,
      });
    }
    return response.json();
  }

  // refreshHook is the access-token client's refresh hook: ask our own
  // server, which holds the Secret, for a new {accessToken, expiration, apis}.
  function refreshHook(info) {
    const reason = (info && info.reason) || 'refresh';
    log('Refresh hook (' + reason + '): POST ' + config.tokenURL);
    return serverToken('POST').then((tok) => {
      log('Refresh hook: a new token from your server');
      return tok;
    }, (err) => {
      log('Refresh hook failed · ' + describeError(err).text, 'error');
      throw err;
    });
  }

  // ---- creating clients ----

  async function createClient() {
    if (mode === 'access-token') {
      log('GET ' + config.tokenURL + ': your server gets a token with the Secret');
      const tok = await serverToken('GET');
      const c = await InbentaAuth.createFromAccessToken(tok.accessToken, config.apiKey, {
        authURL: config.authURL,
        expiration: tok.expiration,
        apis: tok.apis,
        refresh: refreshHook,
        lang,
      });
      return { c, source: 'your server (' + config.tokenURL + ')' };
    }
    log('Exchanging the Domain Key for a token');
    const c = await InbentaAuth.createFromDomainKey(config.domainKey, config.apiKey, { authURL: config.authURL, lang });
    return { c, source: 'Domain Key exchange' };
  }

  // connect closes the current client, if any, and creates one for the
  // current mode and language.
  async function connect() {
    const gen = ++generation;
    const old = client;
    client = null;
    if (old) old.close();
    resetView();
    setButtons(false);
    setStatus('loading', 'Connecting · ' + modes[mode] + '…');

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
    client = c;
    sourceEl.textContent = source;
    applyErrorHandler(c);
    listen(c);
    log('Client created · ' + modes[mode] + ' · lang ' + lang);
    try {
      await render(c);
    } catch (err) {
      if (gen === generation) fail(err);
      return;
    }
    if (gen !== generation) return;
    setButtons(true);
    setStatus('ready', 'Ready · ' + modes[mode] + ' · InbentaAuth ' + InbentaAuth.version);
  }

  // listen follows the client's new tokens, also those it gets on its own
  // (renewed ahead of expiry, or by a retry), through client.on.
  function listen(c) {
    if (typeof c.on !== 'function') return;
    const onToken = () => {
      // Outside the SDK's callback: accessToken() is for later.
      setTimeout(() => {
        if (c !== client) return;
        recovered();
        renderExpiration();
        renderApis(c);
        renderToken(c).catch((err) => log('Cannot read the token · ' + describeError(err).text, 'error'));
      }, 0);
    };
    Promise.resolve(c.on('token', onToken))
      .catch((err) => log('client.on · ' + describeError(err).text, 'error'));
  }

  // ---- calls ----

  async function callChatbot() {
    const c = client;
    if (!c) return;
    setButtons(false);
    const url = (c.apis || {}).chatbot + '/v1/conversation';
    let ok = false;
    try {
      const response = await c.fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ message: 'hello' }),
      });
      const text = await response.text();
      let body = text;
      try {
        body = JSON.stringify(JSON.parse(text), null, 2);
      } catch {
        // Not JSON: show it as it came.
      }
      ok = response.ok;
      showResult(response.status, 'HTTP ' + response.status + ' ' + response.statusText, body, ok);
      log('POST ' + url + ' → ' + response.status, ok ? 'info' : 'error');
    } catch (err) {
      const { code, text } = describeError(err);
      showResult(err && err.status ? err.status : 'error', code, text, false);
      log('POST ' + url + ' failed · ' + text, 'error');
      if (c === client) {
        const refresh = refreshCodes.has(code);
        tokenRefused = tokenRefused || refresh;
        statusEl.dataset.code = code;
        setStatus('refresh-error', (refresh ? 'Refresh failed · ' : 'Call failed · ') + code);
      }
    }
    if (c !== client) return;
    setButtons(true);
    renderExpiration();
    renderApis(c); // a new token may bring new product URLs
    if (ok) {
      recovered();
      await renderToken(c).catch((err) => log('Cannot read the token · ' + describeError(err).text, 'error'));
    }
  }

  // recovered puts the page back to normal once a call or retry succeeded.
  function recovered() {
    tokenRefused = false;
    hideCustomError();
    if (document.body.dataset.state === 'refresh-error') {
      delete statusEl.dataset.code;
      setStatus('ready', 'Ready · ' + modes[mode] + ' · InbentaAuth ' + InbentaAuth.version);
    }
  }

  async function simulateFailure() {
    const c = client;
    if (!c) return;
    setButtons(false);
    try {
      const response = await fetch(config.faultURL, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ kind: 'refresh-failure', mode }),
      });
      if (!response.ok) {
        throw Object.assign(new Error('POST ' + config.faultURL + ': HTTP ' + response.status), { code: 'FAULT' });
      }
    } catch (err) {
      log('Could not arm the failure · ' + describeError(err).text, 'error');
      if (c === client) setButtons(true);
      return;
    }
    log(mode === 'access-token'
      ? 'Token revoked; the next POST ' + config.tokenURL + ' answers 503'
      : 'Token revoked; the next Domain Key exchange answers 403', 'warn');
    if (c === client) await callChatbot();
  }

  // ---- the page's own refresh-error handler ----

  function applyErrorHandler(c) {
    const handler = customBox.checked ? (info) => showCustomError(c, info) : null;
    try {
      Promise.resolve(c.setRefreshErrorHandler(handler))
        .catch((err) => log('setRefreshErrorHandler · ' + describeError(err).text, 'error'));
    } catch (err) {
      log('setRefreshErrorHandler · ' + describeError(err).text, 'error');
    }
    if (!handler) hideCustomError();
  }

  function codeChip(text) {
    const code = document.createElement('code');
    code.textContent = String(text);
    return code;
  }

  function showCustomError(c, info) {
    if (c !== client) return; // from a client closed since
    const labels = (info && info.labels) || {};
    const code = String((info && info.code) || 'ERROR');
    customEl.querySelector('.custom-error-title').textContent =
      labels.REFRESH_TITLE || 'The token could not be refreshed';
    customEl.querySelector('.custom-error-body').textContent =
      labels.REFRESH_INVALID_ACCESS_TOKEN || String((info && info.message) || '');
    const meta = ['info.code ', codeChip(code)];
    if (info && info.lang) meta.push(' · info.lang ', codeChip(info.lang));
    customEl.querySelector('.custom-error-meta').replaceChildren(...meta);
    customEl.querySelector('.custom-error-outcome').textContent = '';
    customEl.dataset.code = code;
    retryRefresh = info && typeof info.retry === 'function' ? info.retry : null;
    retryButton.disabled = !retryRefresh;
    customEl.hidden = false;
    log('Your error handler ran · ' + code + ': ' + String((info && info.message) || ''), 'error');
  }

  function hideCustomError() {
    customEl.hidden = true;
    delete customEl.dataset.code;
    retryRefresh = null;
  }

  async function retryNow() {
    const retry = retryRefresh;
    const c = client;
    if (!retry || !c) return;
    const outcome = customEl.querySelector('.custom-error-outcome');
    retryButton.disabled = true;
    outcome.textContent = 'Refreshing…';
    try {
      await retry();
      log('info.retry(): a new token');
      if (c !== client) return;
      recovered();
      renderExpiration();
      renderApis(c);
      await renderToken(c);
    } catch (err) {
      outcome.textContent = 'Still failing · ' + describeError(err).text;
      log('info.retry() failed · ' + describeError(err).text, 'error');
    } finally {
      retryButton.disabled = false;
    }
  }

  // ---- settings ----

  function showMode() {
    document.body.dataset.mode = mode;
    for (const input of modeEl.querySelectorAll('input[name="mode"]')) {
      input.checked = input.value === mode;
    }
    showSettings();
  }

  function showSettings() {
    renewalEl.textContent = mode === 'access-token'
      ? 'refresh hook → POST ' + ((config && config.tokenURL) || '/demo/token')
      : 'the SDK exchanges the Domain Key again';
    const language = langEl.options[langEl.selectedIndex];
    errorsToEl.textContent = customBox.checked
      ? 'your own handler, in the page'
      : "the SDK's notification, in " + (language ? language.textContent : lang);
  }

  async function start() {
    langEl.value = lang;
    showMode();
    log('Loading config and wasm…');
    const response = await fetch('/demo/config.json');
    if (!response.ok) {
      throw Object.assign(new Error('GET /demo/config.json: HTTP ' + response.status), { code: 'CONFIG' });
    }
    config = await response.json();
    showSettings();

    callButton.addEventListener('click', callChatbot);
    failButton.addEventListener('click', simulateFailure);
    retryButton.addEventListener('click', retryNow);
    modeEl.addEventListener('change', (event) => {
      if (event.target.name !== 'mode' || !Object.hasOwn(modes, event.target.value)) return;
      mode = event.target.value;
      showMode();
      saveState();
      connect();
    });
    langEl.addEventListener('change', () => {
      lang = langEl.value;
      showSettings();
      saveState();
      log('Language ' + lang + ': a new client');
      connect();
    });
    customBox.addEventListener('change', () => {
      if (client) applyErrorHandler(client);
      showSettings();
      log(customBox.checked ? 'Refresh errors go to your handler' : 'Refresh errors show the SDK notification');
    });
    setInterval(renderExpiration, 1000);
    await connect();
  }

  // The page runs under a strict Content-Security-Policy: show anything it
  // blocks, the SDK's own doings included.
  document.addEventListener('securitypolicyviolation', (event) => {
    log('CSP blocked ' + event.effectiveDirective + ' ' + (event.blockedURI || 'inline'), 'error');
  });

  if (typeof InbentaAuth === 'undefined') {
    fail(Object.assign(new Error('inbenta-auth.js did not load'), { code: 'WASM_LOAD_FAILED' }));
  } else {
    start().catch(fail);
  }
})();
