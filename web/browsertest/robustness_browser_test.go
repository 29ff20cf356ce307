//go:build browser

package browsertest

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Every way a page can misuse the API rejects with a coded Error, sends
// nothing, and leaves the SDK working: a Go panic would end the wasm for the
// whole page.
func TestBadArgumentsRejectWithCodesAndBreakNothing(t *testing.T) {
	f := newFixture(t)
	cases := map[string]struct{ expr, code string }{
		"no arguments":        {`InbentaAuth.createFromDomainKey()`, "INVALID_ARGUMENT"},
		"numeric domain key":  {`InbentaAuth.createFromDomainKey(123, KEY)`, "INVALID_ARGUMENT"},
		"empty api key":       {`InbentaAuth.createFromDomainKey(DK, '')`, "INVALID_ARGUMENT"},
		"key with newline":    {`InbentaAuth.createFromDomainKey(DK, 'a\nb', {authURL: AUTH})`, "INVALID_ARGUMENT"},
		"options not object":  {`InbentaAuth.createFromDomainKey(DK, KEY, 'fast')`, "INVALID_ARGUMENT"},
		"relative authURL":    {`InbentaAuth.createFromDomainKey(DK, KEY, {authURL: '/v1'})`, "INVALID_ARGUMENT"},
		"ftp authURL":         {`InbentaAuth.createFromDomainKey(DK, KEY, {authURL: 'ftp://h/v1'})`, "INVALID_ARGUMENT"},
		"numeric authURL":     {`InbentaAuth.createFromDomainKey(DK, KEY, {authURL: 5})`, "INVALID_ARGUMENT"},
		"negative leeway":     {`InbentaAuth.createFromDomainKey(DK, KEY, {authURL: AUTH, leeway: -1})`, "INVALID_ARGUMENT"},
		"secret option":       {`InbentaAuth.createFromDomainKey(DK, KEY, {authURL: AUTH, secret: 'S3cr3t'})`, "SECRET_IN_BROWSER"},
		"apiSecret option":    {`InbentaAuth.createFromDomainKey(DK, KEY, {authURL: AUTH, apiSecret: 'S3cr3t'})`, "SECRET_IN_BROWSER"},
		"throwing getter":     {`InbentaAuth.createFromDomainKey(DK, KEY, {get authURL() { throw new Error('getter') }})`, "INVALID_ARGUMENT"},
		"throwing proxy trap": {`InbentaAuth.createFromDomainKey(DK, KEY, new Proxy({}, {ownKeys() { throw new Error('trap') }}))`, "INVALID_ARGUMENT"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			r := eval[settled](f, js(`((DK, KEY, AUTH) => e2e.settle(`+c.expr+`))(%s, %s, %s)`, f.domainKey, f.apiKey, f.api.AuthURL))
			assert.Equal(t, c.code, rejection(t, r).Code)
		})
	}
	assert.Zero(t, f.api.Count("auth"), "nothing was sent for bad arguments")
	assert.Zero(t, f.api.Count("preflight"))

	f.createClient("")
	fetchCases := map[string]string{
		"no arguments":      `client.fetch()`,
		"unparsable URL":    `client.fetch('http://[::1')`,
		"throwing toString": `client.fetch({toString() { throw new Error('toString') }})`,
		"bad header name":   `client.fetch(client.apis.chatbot + '/v1/x', {headers: {'bad header': 'x'}})`,
		"GET with body":     `client.fetch(client.apis.chatbot + '/v1/x', {method: 'GET', body: 'x'})`,
		"foreign URL":       `client.fetch('https://example.com/steal')`,
	}
	for name, expr := range fetchCases {
		t.Run("fetch "+name, func(t *testing.T) {
			assert.Equal(t, "INVALID_ARGUMENT", rejection(t, eval[settled](f, `e2e.settle(`+expr+`)`)).Code)
		})
	}
	assert.Zero(t, f.api.Count("chatbot"))
	allOK(t, callChatbot(f, 5, true), 5)
}

// A `this` whose every property read throws: syscall/js's Value.Get would
// let the exception unwind through the Go stack (wasm_exec.js does not catch
// it), so every read of a page's value goes through Reflect.get. The calls
// fail as "not a client" and the page's SDK keeps working.
func TestHostileObjectsCannotBreakTheRuntime(t *testing.T) {
	f := newFixture(t)
	f.createClient("")
	got := eval[map[string]any](f, `(async () => {
		const hostile = new Proxy({}, {get() { throw new Error('hostile this') }});
		const proto = Object.getPrototypeOf(client);
		const apis = Object.getOwnPropertyDescriptor(proto, 'apis').get;
		const out = {};
		for (let i = 0; i < 50; i++) {
			out.fetch = (await e2e.settle(proto.fetch.call(hostile, 'http://x/'))).error.code;
			out.token = (await e2e.settle(proto.accessToken.call(hostile))).error.code;
			out.apis = apis.call(hostile) ?? 'undefined';
			out.close = proto.close.call(hostile) ?? 'undefined';
		}
		return out;
	})()`)
	assert.Equal(t, map[string]any{"fetch": "CLOSED", "token": "CLOSED", "apis": "undefined", "close": "undefined"}, got)

	allOK(t, callChatbot(f, 3, true), 3)
	r := eval[settled](f, js(`e2e.settle(InbentaAuth.createFromDomainKey(%s, %s, {authURL: %s}).then(c => c.expiration))`,
		f.domainKey, f.apiKey, f.api.AuthURL))
	require.True(t, r.OK, "a new client still works: %+v", r.Error)
}
