//go:build browser

package browsertest

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// trapJS makes setters and getters of built-ins throw, as a hostile or
// broken script on the page might: assigning err.code, or info.reason, or
// reading a Request's url runs page code.
const trapJS = `(() => {
	const trap = () => { throw new Error('trapped'); };
	for (const [proto, name] of [[Error.prototype, 'code'], [Error.prototype, 'retryable'], [Object.prototype, 'reason'],
		[Object.prototype, 'expiration'], [Object.prototype, 'apis'], [Request.prototype, 'url']]) {
		Object.defineProperty(proto, name, {get: trap, set: trap, configurable: true});
	}
	return true;
})()`

// Every public function returns a Promise that settles, whatever the page
// did to the built-ins: nothing of it runs through the Go stack.
func TestTrappedBuiltInsNeitherThrowNorWedge(t *testing.T) {
	f := newFixture(t)
	f.createClient("")
	require.True(t, eval[bool](f, trapJS))
	got := eval[map[string]any](f, `(async () => {
		const out = {sync: 0, ok: 0, coded: {}};
		const calls = [];
		for (let i = 0; i < 30; i++) {
			let p;
			try {
				p = i % 3 === 0 ? client.fetch(new Request(client.apis.chatbot + '/v1/x')) :
					i % 3 === 1 ? client.fetch(client.apis.chatbot + '/v1/x', {method: 'POST', body: '{}'}) :
					client.fetch('https://elsewhere.example/x');
			} catch (e) {
				out.sync++;
				continue;
			}
			calls.push(p.then(r => { out.ok++; }, e => { const c = Object.getOwnPropertyDescriptor(e, 'code'); const k = c ? c.value : 'none: ' + String(e && e.message); out.coded[k] = (out.coded[k] || 0) + 1; }));
		}
		await Promise.all(calls);
		return out;
	})()`)
	assert.Equal(t, float64(0), got["sync"], "no call threw synchronously: %v", got)
	// The loader took Request.prototype's getters when it loaded: a trap set
	// later changes nothing.
	assert.Equal(t, float64(20), got["ok"], "calls to the API work: %v", got)
	assert.Equal(t, map[string]any{"INVALID_ARGUMENT": float64(10)}, got["coded"], "a foreign URL is refused, with a code: %v", got)
}

// The refresh hook's path: trapped built-ins cannot keep a refresh from
// finishing, and every call settles within refreshTimeout; calls waiting
// when the client closes settle with CLOSED.
func TestTrappedBuiltInsCannotWedgeTheHook(t *testing.T) {
	f := newFixture(t)
	f.createFromToken(f.serverToken(), `{refresh: hook, refreshTimeout: 2}`)
	require.True(t, eval[bool](f, trapJS))
	f.advanceClocks(2 * time.Hour)
	start := time.Now()
	statuses := callChatbot(f, 5, true)
	assert.Less(t, time.Since(start), 10*time.Second, "the calls settled: %v", statuses)
	allOK(t, statuses, 5)

	// A hook that never answers, then close(): the waiting calls settle.
	require.True(t, eval[bool](f, `client.setRefresh(() => new Promise(() => {})).then(() => true)`))
	f.advanceClocks(2 * time.Hour)
	codes := eval[[]string](f, `(async () => {
		const waiting = [1, 2, 3].map(() => client.fetch(client.apis.chatbot + '/v1/x').then(() => 'ok', e => Object.getOwnPropertyDescriptor(e, 'code').value));
		await new Promise(r => setTimeout(r, 50));
		client.close();
		return Promise.all(waiting);
	})()`)
	assert.Equal(t, []string{"CLOSED", "CLOSED", "CLOSED"}, codes)
}

// Values Go cannot take (syscall/js panics on a BigInt or document.all)
// are INVALID_ARGUMENT, always as a Promise, and break nothing.
func TestBigIntAndDocumentAllAreInvalidArguments(t *testing.T) {
	f := newFixture(t)
	f.createClient("")
	got := eval[map[string]string](f, js(`((DK, KEY, AUTH) => {
		const cases = {
			'bigint domain key': () => InbentaAuth.createFromDomainKey(1n, KEY, {authURL: AUTH}),
			'document.all api key': () => InbentaAuth.createFromDomainKey(DK, document.all, {authURL: AUTH}),
			'document.all options': () => InbentaAuth.createFromDomainKey(DK, KEY, document.all),
			'bigint option': () => InbentaAuth.createFromDomainKey(DK, KEY, {authURL: AUTH, leeway: 1n}),
			'symbol label': () => InbentaAuth.createFromDomainKey(DK, KEY, {authURL: AUTH, labels: {REFRESH_TITLE: Symbol('x')}}),
			'bigint token': () => InbentaAuth.createFromAccessToken(1n, KEY, {authURL: AUTH}),
			'bigint wasmURL': () => InbentaAuth.load({wasmURL: 1n}),
			'setRefresh(bigint)': () => client.setRefresh(1n),
			'setRefreshErrorHandler(document.all)': () => client.setRefreshErrorHandler(document.all),
			'on(bigint)': () => client.on(1n, () => {}),
			'on(token, bigint)': () => client.on('token', 1n),
			'off(token, document.all)': () => client.off('token', document.all),
			'fetch(url, document.all)': () => client.fetch(client.apis.chatbot + '/v1/x', document.all),
		};
		const out = {};
		const all = [];
		for (const [name, make] of Object.entries(cases)) {
			let p;
			try { p = make(); } catch (e) { out[name] = 'threw'; continue; }
			if (!(p instanceof Promise)) { out[name] = 'no promise'; continue; }
			all.push(p.then(() => { out[name] = 'resolved'; }, e => { out[name] = e.code; }));
		}
		return Promise.all(all).then(() => out);
	})(%s, %s, %s)`, f.domainKey, f.apiKey, f.api.AuthURL))
	require.Len(t, got, 13)
	for name, code := range got {
		assert.Equal(t, "INVALID_ARGUMENT", code, name)
	}
	assert.Zero(t, f.api.Count("auth")-1, "nothing was sent for them")
	allOK(t, callChatbot(f, 3, false), 3)
}

// The link from a client object to its Go side is private: a forged object
// is no client, and reaches no other client's token.
func TestClientHandlesCannotBeForged(t *testing.T) {
	f := newFixture(t)
	f.createClient("")
	got := eval[map[string]string](f, `(async () => {
		const proto = Object.getPrototypeOf(client);
		const out = {};
		for (const forged of [{__inbentaAuthHandle: 1}, {__inbentaAuthHandle: 2}, Object.create(proto), {h: 1}]) {
			const r = await e2e.settle(proto.accessToken.call(forged));
			out[JSON.stringify(Object.keys(forged))] = r.ok ? 'TOKEN ' + r.value : r.error.code;
		}
		out.keys = Object.getOwnPropertyNames(client).filter(k => !['fetch', 'accessToken', 'close', 'setRefresh', 'setRefreshErrorHandler', 'on', 'off', 'session'].includes(k)).join(',');
		return out;
	})()`)
	assert.Equal(t, map[string]string{`["__inbentaAuthHandle"]`: "CLOSED", `[]`: "CLOSED", `["h"]`: "CLOSED", "keys": ""}, got)
}

// An access-token client may refresh while it is created: the events of
// that refresh reach the listeners the page adds as soon as it has the
// client.
func TestEventsOfCreationReachListenersAddedAtOnce(t *testing.T) {
	f := newFixture(t)
	tok := f.serverToken()
	tok["expiration"] = float64(time.Now().Add(-time.Minute).Unix()) // already expired
	r := eval[settled](f, js(hookJS+`e2e.settle(InbentaAuth.createFromAccessToken(%s, %s, {authURL: %s, expiration: %s, apis: %s, refresh: hook})
		.then(c => { window.heard = []; for (const name of ['expired', 'token', 'refresh-error']) c.on(name, () => heard.push(name)); return true; }))`,
		tok["accessToken"], f.apiKey, f.api.AuthURL, tok["expiration"], tok["apis"]))
	require.True(t, r.OK, "%+v", r.Error)
	require.Eventually(t, func() bool { return len(eval[[]string](f, `heard`)) >= 2 }, 5*time.Second, 50*time.Millisecond)
	assert.Equal(t, []string{"expired", "token"}, eval[[]string](f, `heard`))
	assert.Equal(t, 1, eval[int](f, `hookRuns`))
}

// A navigator.onLine that throws (a broken polyfill, a hostile script)
// changes nothing: the factories still answer Promises, and the SDK takes
// the browser for online, as it does where navigator.onLine is missing.
func TestThrowingOnLineBreaksNothing(t *testing.T) {
	f := newFixture(t)
	require.True(t, eval[bool](f, `(Object.defineProperty(Navigator.prototype, 'onLine',
		{get() { throw new Error('trapped'); }, configurable: true}), true)`))
	got := eval[string](f, js(`(() => {
		let p;
		try { p = InbentaAuth.createFromDomainKey(%s, %s, {authURL: %s}); } catch (e) { return 'threw: ' + e.message; }
		if (!(p instanceof Promise)) { return 'no promise'; }
		return p.then(c => { window.client = c; return 'ok'; }, e => 'rejected: ' + e.code + ' ' + e.message);
	})()`, f.domainKey, f.apiKey, f.api.AuthURL))
	require.Equal(t, "ok", got)
	allOK(t, callChatbot(f, 2, false), 2)
	assert.Equal(t, 1, f.api.Count("auth"))
}

// Built-ins a script patches after the SDK loaded steer nothing: a JSON.parse
// that adds its own origin to the answer's apis (the token and the user's
// message would follow), and text codecs, Reflect and DataView methods that
// throw (every string crossing between Go and JS uses them).
func TestBuiltInsPatchedAfterLoadSteerNothing(t *testing.T) {
	evil := newRecorder(t)
	f := newFixture(t, evil.URL)
	f.createClient("")
	require.True(t, eval[bool](f, js(`((evil) => {
		const parse = JSON.parse;
		JSON.parse = function (text, reviver) {
			const v = parse.call(this, text, reviver);
			if (v && typeof v === 'object' && v.apis) v.apis.chatbot = evil + '/prod/chatbot';
			return v;
		};
		const trap = () => { throw new Error('patched later'); };
		TextDecoder.prototype.decode = trap;
		TextEncoder.prototype.encode = trap;
		Reflect.get = trap;
		Reflect.set = trap;
		DataView.prototype.getUint32 = trap;
		DataView.prototype.setUint32 = trap;
		return true;
	})(%s)`, evil.URL)))
	f.advanceClocks(2 * time.Hour) // the next call exchanges again and parses a new answer
	got := eval[map[string]any](f, `(async () => {
		const out = {};
		try {
			const r = await client.fetch(client.apis.chatbot + '/v1/conversation', {method: 'POST', body: '{"message":"secret"}'});
			out.status = r.status;
			out.token = typeof await client.accessToken();
			out.chatbot = client.apis.chatbot;
			out.expiration = typeof client.expiration;
		} catch (e) {
			out.error = String(e && e.message);
		}
		return out;
	})()`)
	assert.Equal(t, float64(200), got["status"], "%v", got)
	assert.Equal(t, "string", got["token"])
	assert.Equal(t, "number", got["expiration"])
	assert.Contains(t, got["chatbot"], f.api.URL)
	assert.Equal(t, 2, f.api.Count("auth"))
	assert.Empty(t, evil.requested(), "nothing reached the origin the patched JSON.parse added")
}
