import assert from 'node:assert/strict';
import { test } from 'node:test';
import { productCalls } from '../static/js/catalog.js';
import { callCode, chatCode, createCode, faultCode, handlerCode, nextSteps, retryCode } from '../static/js/snippets.js';

const config = {
  authURL: 'http://localhost:8081/v1',
  apiKey: 'demo-api-key',
  domainKey: 'a.b.c',
  tokenURL: '/demo/token',
  faultURL: '/demo/fault',
};
const AsyncFunction = (async () => {}).constructor;
// compiles throws a SyntaxError unless code is a valid body of an async function.
const compiles = (code) => new AsyncFunction(code);
const inlineScripts = (html) => [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
const step = (steps, name) => steps.find((s) => s.name === name);

test('the code of each action compiles as it is shown', () => {
  for (const mode of ['domain-key', 'access-token']) {
    for (const ownHandler of [false, true]) {
      compiles(createCode({ mode, lang: 'es', config, ownHandler }));
    }
  }
  for (const product of Object.keys(productCalls)) {
    const code = callCode(product);
    compiles(code);
    assert.match(code, new RegExp('client\\.fetch\\(client\\.apis\\.' + product + " \\+ '" + productCalls[product].path + "'"));
  }
  compiles(chatCode('hello'));
  compiles(handlerCode(true));
  compiles(handlerCode(false));
  compiles('const info = {};\n' + retryCode);
});

test('a value cannot leave its string, nor its script', () => {
  const hostile = { ...config, domainKey: "k'); alert(1); ('</script><script>alert(2)</script>", apiKey: 'a\\b\nc' };
  for (const mode of ['domain-key', 'access-token']) {
    compiles(createCode({ mode, lang: 'en', config: hostile }));
    const page = step(nextSteps({ mode, config: hostile, siteURL: 'http://localhost:8080' }), 'page').code;
    const scripts = inlineScripts(page);
    assert.equal(scripts.length, 1, page);
    compiles(scripts[0]);
  }
  const page = step(nextSteps({ mode: 'domain-key', config: hostile, siteURL: 'http://localhost:8080' }), 'page').code;
  const [, key, apiKey] = page.match(/createFromDomainKey\(('(?:[^'\\]|\\.)*'), ('(?:[^'\\]|\\.)*')/);
  assert.equal(new Function('return ' + key)(), hostile.domainKey, 'the same string, once parsed');
  assert.equal(new Function('return ' + apiKey)(), hostile.apiKey);
});

test('make run keeps the addresses of the dev server that showed it', () => {
  const run = (siteURL, authURL) => step(nextSteps({ mode: 'domain-key', config: { ...config, authURL }, siteURL }), 'run').code;
  assert.equal(run('http://localhost:8080', 'http://localhost:8081/v1'), "make run ARGS='-static ./my-site'");
  assert.equal(run('http://localhost:9000', 'http://127.0.0.1:9001/v1'),
    "make run ARGS='-static ./my-site -addr localhost:9000 -api-addr 127.0.0.1:9001'");
});

test('the access-token example has a server on a port of its own, and no Secret', () => {
  const steps = nextSteps({ mode: 'access-token', config, siteURL: 'http://localhost:8080' });
  const server = step(steps, 'server').code;
  assert.match(server, /http\.ListenAndServe\("localhost:3000", nil\)/);
  assert.doesNotMatch(server, /localhost:808[01]"/, "not the dev server's ports");
  assert.match(server, /Secret: os\.Getenv\("INBENTA_SECRET"\)/);
  assert.match(step(steps, 'run').code, /^make run ARGS='-origin http:\/\/localhost:3000'\n/);
  const page = step(steps, 'page').code;
  compiles(inlineScripts(page)[0]);
  assert.match(page, /refresh: getToken/);
});

test('a fault is shown as the request that arms it', () => {
  const code = faultCode({ kind: 'slow', mode: 'access-token', siteURL: 'http://localhost:8080', faultURL: '/demo/fault' });
  const m = code.match(/^curl -X POST (\S+) -H 'Content-Type: application\/json' \\\n {2}-d '(.*)'$/);
  assert.ok(m, code);
  assert.equal(m[1], 'http://localhost:8080/demo/fault');
  assert.deepEqual(JSON.parse(m[2]), { kind: 'slow', mode: 'access-token' });
});

test('a chat message is shown as the session call that sends it, and stays a string', () => {
  const code = chatCode('hello');
  assert.match(code, /const chat = await client\.session\('chatbot'\);/);
  assert.match(code, /chat\.fetch\(client\.apis\.chatbot \+ '\/v1\/conversation\/message', \{/);
  assert.match(code, /client\.on\('session', \(info\) => \{/, 'and how the page hears of a new conversation');
  const hostile = "it's '); alert(1); ('</script><script>alert(2)</script>\\\n";
  const shown = chatCode(hostile);
  compiles(shown);
  assert.doesNotMatch(shown, /<\/script/i);
  const [, quoted] = shown.match(/message: ('(?:[^'\\]|\\.)*')/);
  assert.equal(new Function('return ' + quoted)(), hostile, 'the same message, once parsed');
});
