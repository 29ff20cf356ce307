// snippets.js writes the code behind each of the console's actions, and the
// steps to run it on a page of one's own, with the dev server's values
// filled in: what the console shows can be pasted as it is. Strings in,
// strings out; nothing here touches the page.

import { chatRoute, productCalls } from './catalog.js';

// js quotes s as a JavaScript string that may sit in an HTML <script>.
const js = (s) => "'" + String(s).replace(/[\\']/g, '\\$&').replace(/</g, '\\x3c').replace(/\n/g, '\\n') + "'";

// createCode is how the console makes its client in mode.
export function createCode({ mode, lang, config, ownHandler }) {
  const lines = mode === 'access-token'
    ? [
      '// Your server exchanges the Secret for tokens (here ' + config.tokenURL + '): the first on GET,',
      '// the next ones from the refresh hook on POST.',
      'const token = (method) => fetch(' + js(config.tokenURL) + ', { method }).then((r) => {',
      "  if (!r.ok) throw new Error('token endpoint: HTTP ' + r.status);",
      '  return r.json(); // {accessToken, expiration, apis}',
      '});',
      "const first = await token('GET');",
      'const client = await InbentaAuth.createFromAccessToken(first.accessToken, ' + js(config.apiKey) + ', {',
      '  authURL: ' + js(config.authURL) + ',',
      '  expiration: first.expiration,',
      '  apis: first.apis,',
      "  refresh: () => token('POST'),",
      '  lang: ' + js(lang) + ',',
      '});',
    ]
    : [
      'const client = await InbentaAuth.createFromDomainKey(',
      '  ' + js(config.domainKey) + ', // works only on the origins registered for it',
      '  ' + js(config.apiKey) + ',',
      '  { authURL: ' + js(config.authURL) + ', lang: ' + js(lang) + ' },',
      ');',
    ];
  lines.push(
    "client.on('token', (info) => console.log('a new token until', new Date(info.expiration * 1000)));",
    "client.on('refresh-error', (info) => console.warn(info.code, info.message));",
  );
  if (ownHandler) lines.push(...handlerCode(true).split('\n'));
  return lines.join('\n');
}

// callCode is a product button's call.
export function callCode(product) {
  const spec = productCalls[product];
  const url = 'client.apis.' + product + ' + ' + js(spec.path);
  if (!spec.body) return 'const res = await client.fetch(' + url + ');\nconsole.log(res.status, await res.json());';
  return [
    'const res = await client.fetch(' + url + ', {',
    '  method: ' + js(spec.method) + ',',
    "  headers: { 'Content-Type': 'application/json' },",
    '  body: JSON.stringify(' + objectCode(spec.body) + '),',
    '});',
    'console.log(res.status, await res.json());',
  ].join('\n');
}

// chatCode is the Chat panel's message: the session call that sends it,
// and how the page hears that the SDK started a new conversation.
export function chatCode(message) {
  return [
    '// Once: the SDK started a new conversation, as the last one expired or idled.',
    "client.on('session', (info) => {",
    "  // info: {product, reason: 'expired' | 'idle', previousId, id}",
    "  if (info.product === 'chatbot') console.log('new conversation', info.id, info.reason);",
    '});',
    '// Each message: the first starts the conversation; fetch adds its session.',
    "const chat = await client.session('chatbot');",
    'const res = await chat.fetch(client.apis.chatbot + ' + js(chatRoute) + ', {',
    "  method: 'POST',",
    "  headers: { 'Content-Type': 'application/json' },",
    '  body: JSON.stringify({ message: ' + js(message) + ' }),',
    '});',
    'const { answers } = await res.json();',
    "console.log('conversation', chat.id, answers[0].message);",
  ].join('\n');
}

// objectCode writes a flat object of strings as JavaScript.
const objectCode = (o) => '{ ' + Object.entries(o).map(([k, v]) => k + ': ' + js(v)).join(', ') + ' }';

// handlerCode gives the client the page's own refresh-error handler, or
// gives the SDK's notification back.
export function handlerCode(on) {
  if (!on) return "client.setRefreshErrorHandler(null); // the SDK's notification again";
  return [
    'client.setRefreshErrorHandler((info) => {',
    "  // Instead of the SDK's notification: info.code, info.message, and",
    "  // info.labels in the client's language; info.retry() tries again.",
    '  showMyBanner(info.labels.REFRESH_TITLE, info.labels.REFRESH_INVALID_ACCESS_TOKEN, () => info.retry());',
    '});',
  ].join('\n');
}

export const retryCode = '// Try again: a new token, or a rejection that says why.\nawait info.retry();';

// faultCode is the request a fault button sends, from a terminal: the same
// faults work for a page of one's own.
export function faultCode({ kind, mode, siteURL, faultURL }) {
  return 'curl -X POST ' + siteURL + faultURL + " -H 'Content-Type: application/json' \\\n" +
    "  -d '" + JSON.stringify({ kind, mode }) + "'";
}

// The port of the access-token example's server: one of its own, as the
// dev server keeps the site's and the API's.
const yourServerPort = 3000;

// devserverArgs are make run's flags for the dev server at siteURL and
// authURL, with more: those of a run on other ports keep them.
function devserverArgs(siteURL, authURL, more) {
  const args = [more];
  const site = new URL(siteURL).host;
  const api = new URL(authURL).host;
  if (site !== 'localhost:8080') args.push('-addr ' + site);
  if (api !== 'localhost:8081') args.push('-api-addr ' + api);
  return "make run ARGS='" + args.join(' ') + "'";
}

// pageCode is a whole page of one's own: the quick start with the dev
// server's values, which shows the product's answer.
function pageCode({ mode, config }) {
  const call = [
    '    .then(async (client) => {',
    "      const res = await client.fetch(client.apis.chatbot + '/v1/conversation', {",
    "        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ message: 'hello' }),",
    '      });',
    "      document.body.textContent = res.status + ' ' + JSON.stringify(await res.json());",
    '    })',
    "    .catch((err) => { document.body.textContent = err.code + ': ' + err.message; });",
  ];
  const create = mode === 'access-token'
    ? [
      "  // info is the SDK's {reason}: your server must know when a token was refused.",
      '  function getToken(info) {',
      "    return fetch('/inbenta/token', {",
      "      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(info || {}),",
      '    }).then((r) => {',
      "      if (!r.ok) throw new Error('token endpoint: HTTP ' + r.status);",
      '      return r.json(); // {accessToken, expiration, apis}',
      '    });',
      '  }',
      '  getToken()',
      '    .then((first) => InbentaAuth.createFromAccessToken(first.accessToken, ' + js(config.apiKey) + ', {',
      '      authURL: ' + js(config.authURL) + ', expiration: first.expiration, apis: first.apis, refresh: getToken,',
      '    }))',
    ]
    : [
      '  InbentaAuth.createFromDomainKey(' + js(config.domainKey) + ', ' + js(config.apiKey) + ', {',
      '    authURL: ' + js(config.authURL) + ',',
      '  })',
    ];
  return [
    '<!doctype html>',
    '<meta charset="utf-8">',
    '<title>My page</title>',
    '<script src="/inbenta/wasm_exec.js"></script>',
    '<script src="/inbenta/inbenta-auth.js"></script>',
    '<script>',
    ...create,
    ...call,
    '</script>',
  ].join('\n');
}

// serverCode is a server of one's own for access-token mode: it holds the
// Secret, serves the page and its tokens, on a port of its own.
function serverCode({ config }) {
  return [
    'package main',
    '',
    'import (',
    '\t"log"',
    '\t"net/http"',
    '\t"os"',
    '',
    '\t"github.com/inbenta-community/inbenta-auth/sdk/backend"',
    ')',
    '',
    'func main() {',
    '\ttokens, err := backend.New(backend.Config{',
    '\t\tAPIKey: ' + JSON.stringify(config.apiKey) + ',',
    '\t\t// The Secret make run printed; in no page, ever.',
    '\t\tSecret: os.Getenv("INBENTA_SECRET"),',
    '\t\t// Empty in production: https://api.inbenta.io/v1.',
    '\t\tAuthURL: ' + JSON.stringify(config.authURL) + ',',
    '\t})',
    '\tif err != nil {',
    '\t\tlog.Fatal(err)',
    '\t}',
    '\tdefer tokens.Close()',
    '\t// Whoever can call it gets a token: put your sign-in check in front of it.',
    '\thttp.Handle("/inbenta/token", tokens)',
    '\thttp.Handle("/", http.FileServer(http.Dir("my-site")))',
    '\t// A port of its own: the dev server keeps the site\'s and the API\'s.',
    '\tlog.Fatal(http.ListenAndServe("localhost:' + yourServerPort + '", nil))',
    '}',
  ].join('\n');
}

// nextSteps are the steps from the console to a page of one's own in mode:
// each {text, code?, name?}, name marking the code a test runs.
export function nextSteps({ mode, config, siteURL }) {
  const page = pageCode({ mode, config });
  if (mode === 'access-token') {
    const origin = 'http://localhost:' + yourServerPort;
    return [
      { text: 'Your server holds the Secret, answers the page\'s refresh hook at /inbenta/token and serves the page. Save it as main.go in a Go module that uses this repository (the README\'s access-token mode says how):', code: serverCode({ config }), name: 'server' },
      { text: 'Save the page as my-site/index.html, and copy the SDK next to it:', code: page, name: 'page' },
      { text: 'From your server\'s folder, with this repository next to it:', code: 'cp -r ../inbenta-auth/web/dist/. my-site/inbenta', name: 'copy' },
      { text: 'Restart the dev server so that its API takes calls from your page\'s origin; start your server with the Secret the dev server printed, and open ' + origin + '/:', code: devserverArgs(siteURL, config.authURL, '-origin ' + origin) + "\nINBENTA_SECRET='the secret make run printed' go run .", name: 'run' },
      { text: 'In production: your API key and Secret from your server\'s configuration, AuthURL left empty, your sign-in check in front of /inbenta/token, and the SDK\'s files at /inbenta/ on your site.' },
    ];
  }
  return [
    { text: 'Save the page as my-site/index.html:', code: page, name: 'page' },
    { text: 'Restart the dev server with your folder in place of the demo (it serves the SDK at /inbenta/), and open ' + siteURL + '/:', code: devserverArgs(siteURL, config.authURL, '-static ./my-site'), name: 'run' },
    { text: 'Or serve it with a dev server of your own (Vite, say, on http://localhost:5173) with a copy of web/dist at /inbenta/, and let the Domain Key take its origin:', code: devserverArgs(siteURL, config.authURL, '-origin http://localhost:5173') },
    { text: 'In production: your Domain Key (registered for your site\'s origins) and API key, authURL https://api.inbenta.io/v1 (or your region\'s), and the SDK\'s files at /inbenta/ on your site.' },
  ];
}
