// demo.js drives the developer console. Every string that comes from the
// API, the server or the SDK is rendered with textContent, never as HTML.
(() => {
  'use strict';

  // ---- the network tap ----
  //
  // The console's instrument, not something a site needs: it wraps fetch
  // before the SDK loads (the wasm takes fetch when it starts), so that the
  // timeline shows each request the SDK sends, retries and replays included.
  // It passes every call through untouched and reads only the method, the
  // URL, the status and the time: never headers (the token) nor bodies.
  const pageFetch = window.fetch;
  let onWire = null; // (phase: 'start' | 'end', request) => void
  window.fetch = function fetch(...args) {
    const result = Reflect.apply(pageFetch, globalThis, args);
    const seen = onWire && describeRequest(args);
    if (seen) {
      const started = performance.now();
      const end = (status) => {
        seen.status = status;
        seen.ms = performance.now() - started;
        quietly(() => onWire && onWire('end', seen));
      };
      quietly(() => onWire('start', seen));
      result.then((response) => end(response.status), () => end(0));
    }
    return result;
  };

  function describeRequest(args) {
    try {
      const [input, init] = args;
      const request = typeof Request === 'function' && input instanceof Request ? input : null;
      const url = request ? request.url : String(input);
      const method = String((init && init.method) || (request ? request.method : 'GET')).toUpperCase();
      return { url, method };
    } catch {
      return null;
    }
  }

  function quietly(fn) {
    try {
      fn();
    } catch (err) {
      console.error(err);
    }
  }

  // ---- the page ----

  const [
    statusEl, expirationEl, lifetimeBar, sourceEl, tokenEl, tokenStateEl, renewalEl, errorsToEl, modeEl, langEl,
    customBox, resultEl, customEl,
  ] = ['status', 'expiration', 'lifetime-bar', 'source', 'token', 'token-state', 'renewal', 'errors-to', 'mode', 'lang',
    'custom-handler', 'result', 'custom-error'].map((id) => document.getElementById(id));
  const retryButton = customEl.querySelector('.custom-error-retry');
  const [faultsEl, armedEl, logEl, logCountEl] = ['faults', 'armed', 'log', 'log-count'].map((id) => document.getElementById(id));
  const productButtons = Array.from(document.querySelectorAll('button[data-product]'));
  const faultButtons = Array.from(document.querySelectorAll('button[data-fault]'));
  const maxEntries = 100;

  const modes = { 'domain-key': 'Domain Key', 'access-token': 'Access token' };
  const langs = Array.from(langEl.options, (o) => o.value);

  // What each product button sends.
  const products = {
    chatbot: { method: 'POST', path: '/v1/conversation', body: { message: 'hello' } },
    search: { method: 'POST', path: '/v1/search', body: { query: 'reset my password' } },
    knowledge: { method: 'GET', path: '/v1/contents' },
  };

  // What each fault arms, for the timeline.
  const faults = {
    'server-error': '/auth: 503, 503, then a token',
    'rate-limit': '/auth: 429 with Retry-After: 2, then a token',
    slow: '/auth: a token after 3 s',
    malformed: '/auth: 200 with a cut-off body',
    'expire-now': 'the gateway refuses the token from now on',
    'refresh-failure': '',
    clear: 'nothing armed any more',
  };

  let config = null;
  let client = null;
  // Bumped by every connect: a slower, older connect gives way to a newer one.
  let generation = 0;
  let shownExpiration = null;
  let lifetime = null; // {expiration, from}: the span the bar shows
  let retryRefresh = null; // info.retry of the error shown in #custom-error
  // The API refused the token and no new one came yet. The client still
  // holds the refused token, with its expiration.
  let tokenRefused = false;
  // A fault revoked the token at the emulator; the SDK learns it at the next call.
  let tokenRevoked = false;
  let armed = null; // the fault kind armed by this page and not yet met
  // The timeline entries still being written: the product call in flight
  // (the buttons allow one at a time) and the current run of requests to
  // the Auth API, until it ends in a token or a failure.
  let currentCall = null;
  let episode = null;
  let hookExpiration = null; // of the token the refresh hook just answered

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

  // ---- formatting ----

  const pad = (n, width = 2) => String(n).padStart(width, '0');

  function clock(date, ms = true) {
    const hms = pad(date.getHours()) + ':' + pad(date.getMinutes()) + ':' + pad(date.getSeconds());
    return ms ? hms + '.' + pad(date.getMilliseconds(), 3) : hms;
  }

  function until(expiration) {
    return Number.isFinite(expiration) ? 'until ' + clock(new Date(expiration * 1000), false) : 'expiry unknown';
  }

  function formatMs(ms) {
    return ms < 1000 ? Math.round(ms) + ' ms' : (ms / 1000).toFixed(2) + ' s';
  }

  function formatDuration(seconds) {
    const s = Math.abs(seconds);
    const h = Math.floor(s / 3600);
    const m = Math.floor((s % 3600) / 60);
    return (h ? h + ':' + pad(m) : String(m)) + ':' + pad(s % 60);
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

  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  // ---- the timeline ----
  //
  // An entry is {kind, title, level, status, attempts, detail, ms}; it is
  // rendered into its <li> again whenever it changes. Kinds: exchange (a
  // first or new token at the Auth API or from your server), refresh (the
  // refresh hook, or a token renewed in place), call (a product call), fault
  // (armed at the emulator), event (the SDK's expired and refresh-error, the
  // page's own error handler), client (created, closed).

  function addEntry(kind, fields) {
    const entry = { kind, title: '', level: 'info', status: null, attempts: [], detail: '', ms: null, at: new Date(), ...fields };
    entry.li = document.createElement('li');
    logEl.prepend(entry.li);
    while (logEl.children.length > maxEntries) {
      logEl.lastElementChild.remove();
    }
    renderEntry(entry);
    logCountEl.textContent = String(logEl.children.length);
    return entry;
  }

  function update(entry, fields) {
    Object.assign(entry, fields);
    renderEntry(entry);
  }

  function note(kind, title, level = 'info', detail = '') {
    return addEntry(kind, { title, level, detail });
  }

  function statusChip(status) {
    const chip = el('span', '', 'code');
    if (status === null || status === undefined) {
      chip.textContent = '…';
      chip.classList.add('pending');
    } else if (status === 0) {
      chip.textContent = 'network error';
      chip.classList.add('bad');
    } else {
      chip.textContent = String(status);
      chip.classList.add(typeof status === 'number' && status < 400 ? 'good' : 'bad');
    }
    return chip;
  }

  function renderEntry(entry) {
    const li = entry.li;
    li.className = 'entry ' + entry.level;
    li.dataset.kind = entry.kind;
    if (entry.status !== null) li.dataset.status = String(entry.status);
    if (entry.product) li.dataset.product = entry.product;
    if (entry.attempts.length) li.dataset.attempts = String(entry.attempts.length);

    const time = el('time', clock(entry.at));
    time.dateTime = entry.at.toISOString();
    const what = el('span', entry.title, 'what');
    if (entry.status !== null) what.append(' ', statusChip(entry.status));
    const took = el('span', entry.ms !== null ? formatMs(entry.ms) : entry.level === 'pending' ? '…' : '', 'took');
    const nodes = [time, el('span', entry.kind, 'badge'), what, took];
    // Chips show retries and replays; one attempt with the entry's own status says nothing more.
    const attempts = entry.attempts.length === 1 && entry.attempts[0].status === entry.status ? [] : entry.attempts;
    if (attempts.length || entry.detail) {
      const detail = el('span', '', 'detail');
      attempts.forEach((attempt, i) => {
        if (i) detail.append(el('span', '→', 'arrow'));
        const chip = statusChip(attempt.status);
        if (attempt.ms !== undefined) chip.title = formatMs(attempt.ms);
        detail.append(chip);
      });
      if (entry.detail) detail.append(attempts.length ? ' ' + entry.detail : entry.detail);
      nodes.push(detail);
    }
    li.replaceChildren(...nodes);
  }

  // closeEpisode ends the current run of Auth API requests with its outcome.
  function closeEpisode(fields) {
    const e = episode;
    if (!e) return false;
    episode = null;
    const last = e.attempts[e.attempts.length - 1];
    const tries = e.attempts.length > 1 ? e.attempts.length + ' attempts: ' : '';
    update(e, { status: last && last.status !== null ? last.status : null, ...fields, detail: tries + fields.detail });
    return true;
  }

  // wire follows the requests the tap sees to the Auth API and the products.
  function wire(phase, request) {
    if (phase === 'start') {
      const where = classify(request.url);
      if (!where) return;
      request.where = where;
      request.attempt = { status: null };
      if (where.auth) {
        if (!episode) {
          episode = addEntry(where.path === '/refreshToken' ? 'refresh' : 'exchange', {
            title: request.method + ' ' + where.path,
            level: 'pending',
            started: performance.now(),
          });
        }
        request.entry = episode;
        if (currentCall) currentCall.exchanged = true;
      } else {
        // A call that did not come from the buttons gets an entry of its own.
        request.entry = currentCall || addEntry('call', {
          title: request.method + ' ' + where.product + ' ' + where.path,
          level: 'pending', product: where.product, started: performance.now(), standalone: true,
        });
      }
      request.entry.attempts.push(request.attempt);
      renderEntry(request.entry);
      return;
    }
    const entry = request.entry;
    if (!entry) return;
    request.attempt.status = request.status;
    request.attempt.ms = request.ms;
    // A run of Auth API requests shows its time so far; a call, once it ends.
    if (entry === episode) entry.ms = performance.now() - entry.started;
    if (entry.standalone) {
      // The request is all there is of it.
      update(entry, { status: request.status, ms: request.ms, level: request.status >= 200 && request.status < 400 ? 'ok' : 'error' });
      return;
    }
    renderEntry(entry);
  }

  // classify tells whether url is the Auth API's or a product's, and its path.
  function classify(url) {
    if (!config) return null;
    const base = String(config.authURL).replace(/\/+$/, '');
    if (url.startsWith(base + '/')) return { auth: true, path: url.slice(base.length).split('?')[0] };
    const apis = (client && client.apis) || {};
    for (const [product, api] of Object.entries(apis)) {
      const prefix = String(api).replace(/\/+$/, '') + '/';
      if (url.startsWith(prefix)) return { product, path: '/' + url.slice(prefix.length).split('?')[0] };
    }
    return null;
  }

  // ---- status ----

  function setStatus(state, text) {
    document.body.dataset.state = state;
    statusEl.textContent = text;
  }

  function ready() {
    delete statusEl.dataset.code;
    setStatus('ready', 'Ready · ' + modes[mode] + ' · InbentaAuth ' + InbentaAuth.version);
  }

  function fail(err) {
    const { code, text } = describeError(err);
    statusEl.dataset.code = code;
    setStatus('error', 'Error · ' + text);
    closeEpisode({ level: 'error', detail: 'failed · ' + code });
    note('event', 'Error', 'error', text);
    console.error(err);
  }

  function setButtons(enabled) {
    for (const button of [...productButtons, ...faultButtons]) button.disabled = !enabled;
  }

  // ---- rendering the client's state (never refreshes the token) ----

  function renderExpiration() {
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
    tokenEl.classList.toggle('refused', tokenRefused);
    const left = Math.round(expiration - Date.now() / 1000);
    const share = Math.max(0, Math.min(1, (expiration - Date.now() / 1000) / (lifetime.expiration - lifetime.from)));
    lifetimeBar.style.width = (tokenRefused ? 0 : share * 100).toFixed(2) + '%';
    const at = clock(new Date(expiration * 1000), false);
    if (tokenRefused) {
      expirationEl.classList.add('expired');
      expirationEl.textContent = 'refused by the API; no new token yet';
      renderTokenState('refused');
      return;
    }
    expirationEl.classList.toggle('expired', left <= 0);
    expirationEl.textContent = left > 0
      ? 'in ' + formatDuration(left) + ' (at ' + at + ')'
      : 'expired ' + formatDuration(left) + ' ago; the next call gets a new token';
    renderTokenState(tokenRevoked ? 'revoked' : left <= 0 ? 'expired' : left <= 120 ? 'expiring' : 'valid');
  }

  const tokenStates = {
    valid: 'valid',
    expiring: 'expiring soon',
    expired: 'expired',
    revoked: 'revoked by the emulator: the next call finds out',
    refused: 'refused',
    unknown: 'expiry unknown',
  };

  function renderTokenState(state) {
    tokenStateEl.hidden = !state;
    if (!state) return;
    tokenStateEl.dataset.state = state;
    tokenStateEl.textContent = tokenStates[state];
    lifetimeBar.dataset.state = state;
  }

  function renderApis(c) {
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
    lifetime = null;
    tokenRefused = false;
    tokenRevoked = false;
    tokenEl.textContent = '—';
    sourceEl.textContent = '—';
    delete expirationEl.dataset.expiration;
    delete statusEl.dataset.code;
    renderExpiration();
    renderApis(null);
    resultEl.hidden = true;
    hideCustomError();
  }

  function showResult(status, summary, body, ok, product) {
    resultEl.hidden = false;
    resultEl.dataset.status = String(status);
    resultEl.dataset.product = product;
    resultEl.classList.toggle('failed', !ok);
    resultEl.querySelector('.result-status').textContent = summary;
    resultEl.querySelector('.result-body').textContent = body;
  }

  // ---- the customer's server: /demo/token ----

  async function serverToken(method) {
    const response = await fetch(config.tokenURL, { method, headers: { Accept: 'application/json' } });
    if (!response.ok) {
      // sdk/backend answers {"error": {"code", "message"}}.
      const answer = await response.json().catch(() => null);
      const serverCode = answer && answer.error && typeof answer.error.code === 'string' ? answer.error.code : '';
      throw Object.assign(new Error(method + ' ' + config.tokenURL + ': HTTP ' + response.status + (serverCode ? ' ' + serverCode : '')), {
        code: 'TOKEN_ENDPOINT', status: response.status, serverCode,
      });
    }
    return response.json();
  }

  // refreshHook is the access-token client's refresh hook: ask our own
  // server, which holds the Secret, for a new {accessToken, expiration, apis}.
  function refreshHook(info) {
    const reason = (info && info.reason) || 'refresh';
    const entry = addEntry('refresh', {
      title: 'Refresh hook (' + reason + ') → POST ' + config.tokenURL, level: 'pending', started: performance.now(),
    });
    if (currentCall) currentCall.exchanged = true;
    const took = () => performance.now() - entry.started;
    return serverToken('POST').then((tok) => {
      hookExpiration = tok && tok.expiration;
      update(entry, { level: 'ok', status: 200, ms: took(), detail: 'a new token from your server, ' + until(hookExpiration) });
      return tok;
    }, (err) => {
      const detail = err && err.status
        ? 'your server answered ' + err.status + (err.serverCode ? ' ' + err.serverCode : '')
        : describeError(err).text;
      update(entry, { level: 'error', status: err && err.status ? err.status : 0, ms: took(), detail });
      throw err;
    });
  }

  // ---- creating clients ----

  async function createClient() {
    if (mode === 'access-token') {
      const entry = addEntry('exchange', {
        title: 'GET ' + config.tokenURL + ' · your server exchanges the Secret', level: 'pending', started: performance.now(),
      });
      let tok;
      try {
        tok = await serverToken('GET');
      } catch (err) {
        update(entry, { level: 'error', status: err.status || 0, ms: performance.now() - entry.started, detail: describeError(err).text });
        throw err;
      }
      update(entry, { level: 'ok', status: 200, ms: performance.now() - entry.started, detail: 'the first token, ' + until(tok.expiration) });
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
  // current mode and language.
  async function connect(why) {
    const gen = ++generation;
    const old = client;
    client = null;
    if (old) {
      old.close();
      note('client', 'Client closed', 'info', why || '');
    }
    episode = null;
    currentCall = null;
    resetView();
    setButtons(false);
    setStatus('loading', 'Connecting · ' + modes[mode] + '…');
    // A fault left armed would meet the new client's first exchange.
    if (armed) await postFault('clear').catch(() => {});
    armed = null;
    renderArmed();

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
    note('client', 'Client created', 'info', modes[mode] + ' · lang ' + lang + ' · InbentaAuth ' + InbentaAuth.version);
    try {
      await render(c);
    } catch (err) {
      if (gen === generation) fail(err);
      return;
    }
    if (gen !== generation) return;
    setButtons(true);
    ready();
  }

  // listen follows the client's events: new tokens, also those it gets on
  // its own (renewed ahead of expiry, or by a retry), expiry and refresh
  // errors, through client.on.
  function listen(c) {
    if (typeof c.on !== 'function') return;
    const on = (name, fn) => {
      Promise.resolve(c.on(name, (info) => {
        if (c === client) fn(info);
      })).catch((err) => note('event', 'client.on(' + name + ')', 'error', describeError(err).text));
    };
    on('token', (info) => {
      const expiration = info && info.expiration;
      tokenRevoked = false;
      if (currentCall) currentCall.newToken = true;
      if (!closeEpisode({ level: 'ok', detail: 'a new token, ' + until(expiration) }) && expiration !== hookExpiration) {
        note('refresh', 'New token', 'ok', until(expiration));
      }
      hookExpiration = null;
      // Outside the SDK's callback: accessToken() is for later.
      setTimeout(() => {
        if (c !== client) return;
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

  // ---- calls ----

  async function callProduct(product) {
    const c = client;
    const spec = products[product];
    if (!c || !spec) return;
    setButtons(false);
    const url = ((c.apis || {})[product] || '') + spec.path;
    const call = addEntry('call', {
      title: spec.method + ' ' + product + ' ' + spec.path, level: 'pending', product, started: performance.now(),
    });
    currentCall = call;
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
      showResult(err && err.status ? err.status : 'error', code, text, false, product);
      // The chip shows the code: the detail is the message after it.
      const message = text.startsWith(code + ': ') ? text.slice(code.length + 2) : text;
      update(call, { level: 'error', status: code, ms: performance.now() - call.started, detail: message });
      if (c === client) {
        const refresh = duringRefresh || refreshCodes.has(code);
        tokenRefused = tokenRefused || refresh;
        statusEl.dataset.code = code;
        setStatus('refresh-error', (refresh ? 'Refresh failed · ' : 'Call failed · ') + code);
      }
    } finally {
      if (currentCall === call) currentCall = null;
    }
    if (c !== client) return;
    // The call met the armed fault if it needed a new token, which the
    // fault's revocation normally ensures: the SDK's breaker (3 refreshes
    // a minute) may refuse to try, and then the fault stays armed.
    if (armed && (armed === 'expire-now' || call.exchanged)) armed = null;
    renderArmed(armed ? 'Still armed: ' + armed + '. The SDK did not ask for a token (it allows 3 refreshes a minute).' : '');
    setButtons(true);
    renderExpiration();
    renderApis(c); // a new token may bring new product URLs
    if (ok) {
      recovered();
      await renderToken(c).catch((err) => note('event', 'Cannot read the token', 'error', describeError(err).text));
    }
  }

  // callDetail says what happened on the way to a call's answer.
  function callDetail(call) {
    const statuses = call.attempts.map((a) => a.status);
    if (statuses.length > 1 && (statuses[0] === 401 || statuses[0] === 403)) {
      return 'the token was refused: replayed with a new one';
    }
    return call.newToken ? 'sent once a new token came' : '';
  }

  // recovered puts the page back to normal once a call or retry succeeded.
  function recovered() {
    tokenRefused = false;
    hideCustomError();
    if (document.body.dataset.state === 'refresh-error') ready();
  }

  // ---- faults ----

  async function postFault(kind) {
    const response = await fetch(config.faultURL, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ kind, mode }),
    });
    if (!response.ok) {
      const text = (await response.text().catch(() => '')).trim();
      throw Object.assign(new Error('POST ' + config.faultURL + ': HTTP ' + response.status + (text ? ' · ' + text : '')), { code: 'FAULT' });
    }
  }

  // The SDK's breaker allows a client 3 refreshes a minute, and each fault
  // costs one: clicked one after another, the fourth would meet the breaker
  // (REFRESH_FAILED) instead of the fault. So a client that already met a
  // fault is replaced by a fresh one before the next is armed.
  const faultedClients = new WeakSet();

  async function armFault(kind) {
    if (!client) return;
    if (kind !== 'clear' && faultedClients.has(client)) {
      await connect('a fresh client for the next fault: the SDK allows a client 3 refreshes a minute, and one fault must not trip the next');
      if (!client) return;
    }
    const c = client;
    setButtons(false);
    try {
      await postFault(kind);
    } catch (err) {
      note('fault', kind, 'error', 'could not arm it · ' + describeError(err).text);
      if (c === client) setButtons(true);
      return;
    }
    faultsEl.dataset.posted = kind;
    if (kind === 'clear') {
      armed = null;
      note('fault', 'clear', 'info', faults.clear);
    } else {
      armed = kind;
      faultedClients.add(c);
      tokenRevoked = true;
      const what = kind === 'refresh-failure'
        ? (mode === 'access-token' ? 'the next POST ' + config.tokenURL + ' answers 503' : 'the next Domain Key exchange answers 403')
        : faults[kind];
      note('fault', kind, 'warn', what + (kind === 'expire-now' ? '' : ' · token revoked'));
    }
    renderArmed();
    if (c !== client) return;
    renderExpiration();
    setButtons(true);
  }

  function renderArmed(text) {
    armedEl.hidden = !armed;
    armedEl.textContent = armed ? text || 'Armed: ' + armed + '. Call a product to see what happens.' : '';
    if (armed) faultsEl.dataset.armed = armed;
    else delete faultsEl.dataset.armed;
  }

  // ---- the page's own refresh-error handler ----

  function applyErrorHandler(c) {
    const handler = customBox.checked ? (info) => showCustomError(c, info) : null;
    try {
      Promise.resolve(c.setRefreshErrorHandler(handler))
        .catch((err) => note('event', 'setRefreshErrorHandler', 'error', describeError(err).text));
    } catch (err) {
      note('event', 'setRefreshErrorHandler', 'error', describeError(err).text);
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
    note('event', 'Your error handler ran', 'error', code + ': ' + String((info && info.message) || ''));
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
      note('event', 'info.retry()', 'ok', 'a new token');
      if (c !== client) return;
      recovered();
      renderExpiration();
      renderApis(c);
      await renderToken(c);
    } catch (err) {
      outcome.textContent = 'Still failing · ' + describeError(err).text;
      note('event', 'info.retry() failed', 'error', describeError(err).text);
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
    note('client', 'Loading config and wasm…');
    const response = await fetch('/demo/config.json');
    if (!response.ok) {
      throw Object.assign(new Error('GET /demo/config.json: HTTP ' + response.status), { code: 'CONFIG' });
    }
    config = await response.json();
    onWire = wire;
    showSettings();

    for (const button of productButtons) {
      button.addEventListener('click', () => callProduct(button.dataset.product));
    }
    for (const button of faultButtons) {
      button.addEventListener('click', () => armFault(button.dataset.fault));
    }
    retryButton.addEventListener('click', retryNow);
    document.getElementById('clear-log').addEventListener('click', () => {
      logEl.replaceChildren();
      logCountEl.textContent = '';
    });
    modeEl.addEventListener('change', (event) => {
      if (event.target.name !== 'mode' || !Object.hasOwn(modes, event.target.value)) return;
      mode = event.target.value;
      showMode();
      saveState();
      connect('mode ' + modes[mode]);
    });
    langEl.addEventListener('change', () => {
      lang = langEl.value;
      showSettings();
      saveState();
      connect('lang ' + lang + ': a new client');
    });
    customBox.addEventListener('change', () => {
      if (client) applyErrorHandler(client);
      showSettings();
      note('client', customBox.checked ? 'Refresh errors go to your handler' : 'Refresh errors show the SDK notification');
    });
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
})();
