// demo.js drives the demo page. Every string that comes from the API or the
// config is rendered with textContent, never as HTML.
(() => {
  'use strict';

  const $ = (id) => document.getElementById(id);
  const statusEl = $('status');
  const expirationEl = $('expiration');
  const apisEl = $('apis');
  const tokenEl = $('token');
  const button = $('call-chatbot');
  const resultEl = $('result');
  const logEl = $('log');
  const maxLogEntries = 50;

  let client = null;
  let shownExpiration = null;

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
    const code = (err && err.code) || 'ERROR';
    const message = (err && err.message) || String(err);
    return { code, text: code + (err && err.status ? ' (HTTP ' + err.status + ')' : '') + ': ' + message };
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

  function formatDuration(seconds) {
    const s = Math.abs(seconds);
    const h = Math.floor(s / 3600);
    const m = Math.floor((s % 3600) / 60);
    const pad = (n) => String(n).padStart(2, '0');
    return (h ? h + ':' + pad(m) : String(m)) + ':' + pad(s % 60);
  }

  function renderExpiration() {
    const expiration = client.expiration;
    if (!Number.isFinite(expiration)) {
      expirationEl.textContent = '—';
      return;
    }
    if (expiration !== shownExpiration) {
      if (shownExpiration !== null) {
        log('New token, expires at ' + new Date(expiration * 1000).toLocaleTimeString());
      }
      shownExpiration = expiration;
      expirationEl.dataset.expiration = String(expiration);
    }
    const left = Math.round(expiration - Date.now() / 1000);
    const at = new Date(expiration * 1000).toLocaleTimeString();
    expirationEl.classList.toggle('expired', left <= 0);
    expirationEl.textContent = left > 0
      ? 'in ' + formatDuration(left) + ' (at ' + at + ')'
      : 'expired ' + formatDuration(left) + ' ago; the next call gets a new token';
  }

  function renderApis() {
    const rows = Object.entries(client.apis || {}).sort(([a], [b]) => a.localeCompare(b));
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

  async function renderToken() {
    const token = await client.accessToken();
    tokenEl.textContent = token.slice(0, 6) + '…';
  }

  async function render() {
    renderExpiration();
    renderApis();
    await renderToken();
  }

  function showResult(status, summary, body) {
    resultEl.hidden = false;
    resultEl.dataset.status = String(status);
    resultEl.querySelector('.result-status').textContent = summary;
    resultEl.querySelector('.result-body').textContent = body;
  }

  async function callChatbot() {
    button.disabled = true;
    const url = client.apis.chatbot + '/v1/conversation';
    try {
      const response = await client.fetch(url, {
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
      resultEl.classList.toggle('failed', !response.ok);
      showResult(response.status, 'HTTP ' + response.status + ' ' + response.statusText, body);
      log('POST ' + url + ' → ' + response.status, response.ok ? 'info' : 'error');
    } catch (err) {
      const { code, text } = describeError(err);
      resultEl.classList.add('failed');
      showResult(err && err.status ? err.status : 'error', code, text);
      log('POST ' + url + ' failed: ' + text, 'error');
    } finally {
      button.disabled = false;
    }
    // The call may have renewed the token, and with it the product URLs.
    await render().catch((err) => log('Cannot read the token: ' + describeError(err).text, 'error'));
  }

  async function start() {
    log('Loading config and wasm…');
    const response = await fetch('/demo/config.json');
    if (!response.ok) {
      throw Object.assign(new Error('GET /demo/config.json: HTTP ' + response.status), { code: 'CONFIG' });
    }
    const config = await response.json();
    client = await InbentaAuth.createFromDomainKey(config.domainKey, config.apiKey, { authURL: config.authURL });
    setStatus('ready', 'Ready · InbentaAuth ' + InbentaAuth.version);
    log('Client created from the domain key');
    await render();
    button.disabled = false;
    button.addEventListener('click', callChatbot);
    setInterval(renderExpiration, 1000);
  }

  if (typeof InbentaAuth === 'undefined') {
    fail(Object.assign(new Error('inbenta-auth.js did not load'), { code: 'WASM_LOAD_FAILED' }));
  } else {
    start().catch(fail);
  }
})();
