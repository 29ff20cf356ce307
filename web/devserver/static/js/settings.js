// settings.js is the Settings panel: the mode (Domain Key or access token)
// and the language, each of which makes a new client. Both survive a
// reload (the SDK's notification offers one) through the query string.

import { app } from './state.js';
import { modes } from './catalog.js';
import { connect } from './client.js';
import { showNextSteps } from './codeview.js';

const modeEl = document.getElementById('mode');
const langEl = document.getElementById('lang');
const renewalEl = document.getElementById('renewal');
const errorsToEl = document.getElementById('errors-to');
const langs = Array.from(langEl.options, (o) => o.value);

// readSettings takes the mode and language from the query string, else,
// like the SDK, the language from the page and then the browser.
export function readSettings() {
  const params = new URLSearchParams(location.search);
  app.mode = Object.hasOwn(modes, params.get('mode')) ? params.get('mode') : 'domain-key';
  app.lang = pickLang([params.get('lang'), document.documentElement.lang, ...(navigator.languages || [navigator.language])]);
  langEl.value = app.lang;
  showMode();
}

function pickLang(candidates) {
  for (const candidate of candidates) {
    const tag = String(candidate || '').toLowerCase().replace(/_/g, '-');
    if (langs.includes(tag)) return tag;
    const base = tag.split('-')[0];
    if (langs.includes(base)) return base;
  }
  return 'en';
}

function saveSettings() {
  const q = new URLSearchParams({ mode: app.mode, lang: app.lang });
  history.replaceState(null, '', '?' + q);
}

function showMode() {
  document.body.dataset.mode = app.mode;
  for (const input of modeEl.querySelectorAll('input[name="mode"]')) {
    input.checked = input.value === app.mode;
  }
  showSettings();
  showNextSteps();
}

// showSettings says where tokens are renewed and where refresh errors go.
export function showSettings() {
  const tokenURL = (app.config && app.config.tokenURL) || '/demo/token';
  renewalEl.textContent = app.mode === 'access-token'
    ? 'refresh hook → POST ' + tokenURL
    : 'the SDK exchanges the Domain Key again';
  const language = langEl.options[langEl.selectedIndex];
  errorsToEl.textContent = app.ownHandler
    ? 'your own handler, in the page'
    : "the SDK's notification, in " + (language ? language.textContent : app.lang);
}

export function mountSettings() {
  modeEl.addEventListener('change', (event) => {
    if (event.target.name !== 'mode' || !Object.hasOwn(modes, event.target.value)) return;
    app.mode = event.target.value;
    showMode();
    saveSettings();
    connect('mode ' + modes[app.mode]);
  });
  langEl.addEventListener('change', () => {
    app.lang = langEl.value;
    showSettings();
    saveSettings();
    connect('lang ' + app.lang + ': a new client');
  });
}
