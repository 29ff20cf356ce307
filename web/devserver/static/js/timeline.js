// timeline.js is the console's log, newest first. An entry is {kind, title,
// level, status, attempts, detail, ms}; it is rendered into its <li> again
// whenever it changes. Kinds: exchange (a first or new token at the Auth
// API or from your server), refresh (the refresh hook, or a token renewed
// in place), call (a product call or a chat message), session (a chat
// conversation started or renewed), fault (armed at the emulator), event
// (the SDK's expired and refresh-error, the page's own error handler),
// client (created, closed).

import { app } from './state.js';
import { clock, el, formatMs } from './format.js';

const logEl = document.getElementById('log');
const countEl = document.getElementById('log-count');
const maxEntries = 100;

export function addEntry(kind, fields) {
  const entry = { kind, title: '', level: 'info', status: null, attempts: [], detail: '', ms: null, at: new Date(), ...fields };
  entry.li = document.createElement('li');
  logEl.prepend(entry.li);
  while (logEl.children.length > maxEntries) {
    logEl.lastElementChild.remove();
  }
  renderEntry(entry);
  countEl.textContent = String(logEl.children.length);
  return entry;
}

export function update(entry, fields) {
  Object.assign(entry, fields);
  renderEntry(entry);
}

export function note(kind, title, level = 'info', detail = '') {
  return addEntry(kind, { title, level, detail });
}

export function clearLog() {
  logEl.replaceChildren();
  countEl.textContent = '';
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
  if (entry.path) li.dataset.path = entry.path;
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

// closeEpisode ends the current run of Auth API requests with its outcome,
// and reports whether there was one.
export function closeEpisode(fields) {
  const e = app.episode;
  if (!e) return false;
  app.episode = null;
  const last = e.attempts[e.attempts.length - 1];
  const tries = e.attempts.length > 1 ? e.attempts.length + ' attempts: ' : '';
  update(e, { status: last && last.status !== null ? last.status : null, ...fields, detail: tries + fields.detail });
  return true;
}

// wire follows the requests the fetch tap sees to the Auth API and the products.
export function wire(phase, request) {
  if (phase === 'start') {
    const where = classify(request.url);
    if (!where) return;
    request.where = where;
    request.attempt = { status: null };
    if (where.auth) {
      if (!app.episode) {
        app.episode = addEntry(where.path === '/refreshToken' ? 'refresh' : 'exchange', {
          title: request.method + ' ' + where.path,
          level: 'pending',
          started: performance.now(),
        });
      }
      request.entry = app.episode;
      if (app.currentCall) app.currentCall.exchanged = true;
    } else {
      // The call in flight gets its own requests, its replays included;
      // any other request, such as the SDK's start of a conversation, gets
      // an entry of its own.
      const call = app.currentCall;
      const own = call && call.product === where.product && call.path === where.path;
      request.entry = own ? call : addEntry('call', {
        title: request.method + ' ' + where.product + ' ' + where.path,
        level: 'pending', product: where.product, path: where.path, started: performance.now(), standalone: true,
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
  if (entry === app.episode) entry.ms = performance.now() - entry.started;
  if (entry.standalone) {
    // The request is all there is of it.
    update(entry, { status: request.status, ms: request.ms, level: request.status >= 200 && request.status < 400 ? 'ok' : 'error' });
    return;
  }
  renderEntry(entry);
}

// classify tells whether url is the Auth API's or a product's, and its path.
function classify(url) {
  if (!app.config) return null;
  const base = String(app.config.authURL).replace(/\/+$/, '');
  if (url.startsWith(base + '/')) return { auth: true, path: url.slice(base.length).split('?')[0] };
  const apis = (app.client && app.client.apis) || {};
  for (const [product, api] of Object.entries(apis)) {
    const prefix = String(api).replace(/\/+$/, '') + '/';
    if (url.startsWith(prefix)) return { product, path: '/' + url.slice(prefix.length).split('?')[0] };
  }
  return null;
}
