//go:build browser

package browsertest

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/inbenta-community/inbenta-auth/web/testsite"
)

// init.signal is honoured at every wait the SDK adds: a refresh that takes
// long, a body that never ends. The call rejects at once, as fetch does.
func TestAnAbortedCallRejectsAtOnce(t *testing.T) {
	f := newFixture(t)
	f.createFromToken(f.serverToken(), `{refresh: () => new Promise(() => {}), refreshTimeout: 60}`)
	f.advanceClocks(2 * time.Hour) // the token expired: the next call waits for the hook
	start := time.Now()
	got := eval[map[string]any](f, `(async () => {
		const url = client.apis.chatbot + '/v1/conversation';
		const outcome = (p) => p.then(() => 'sent', (e) => ({name: e.name, code: e.code, isError: e instanceof Error}));
		const waiting = new AbortController();
		const refresh = outcome(client.fetch(url, {method: 'POST', signal: waiting.signal}));
		const endless = new ReadableStream({pull: () => new Promise(() => {})});
		const reading = new AbortController();
		const body = outcome(client.fetch(url, {method: 'POST', body: endless, duplex: 'half', signal: reading.signal}));
		const before = new AbortController();
		before.abort();
		const aborted = outcome(client.fetch(url, {signal: before.signal}));
		setTimeout(() => { waiting.abort(); reading.abort(); }, 100);
		return {refresh: await refresh, body: await body, aborted: await aborted};
	})()`)
	want := map[string]any{"name": "AbortError", "code": "ABORTED", "isError": true}
	assert.Equal(t, map[string]any{"refresh": want, "body": want, "aborted": want}, got)
	assert.Less(t, time.Since(start), 10*time.Second, "the calls settled at the abort, not at the hook's timeout")
	assert.Zero(t, f.api.Count("chatbot"), "nothing was sent")
}

// A request body whose stream errors rejects with a coded Error whatever
// the stream's reason, and the client goes on working.
func TestABodyStreamThatErrorsIsACodedError(t *testing.T) {
	f := newFixture(t)
	f.createClient("")
	got := eval[[]map[string]any](f, `Promise.all(['boom', 42, new TypeError('broken')].map((reason) => {
		const body = new ReadableStream({pull: (c) => c.error(reason)});
		return client.fetch(client.apis.chatbot + '/v1/conversation', {method: 'POST', body, duplex: 'half'})
			.then(() => ({sent: true}), (e) => ({isError: e instanceof Error, code: e.code, cause: typeof e.cause}));
	}))`)
	for i, want := range []string{"string", "number", "object"} {
		assert.Equal(t, map[string]any{"isError": true, "code": "INVALID_ARGUMENT", "cause": want}, got[i], "reason %d", i)
	}
	assert.Zero(t, f.api.Count("chatbot"))
	allOK(t, callChatbot(f, 2, false), 2)
}

// A product origin that redirects elsewhere: the browser would re-send
// x-inbenta-key there (it drops only Authorization). The SDK follows no
// redirect, and says where the call went.
func TestProductCallsFollowNoRedirect(t *testing.T) {
	foreign := newRecorder(t)
	redirecting := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", r.Header.Get("Origin"))
		w.Header().Set("Access-Control-Allow-Headers", "authorization, content-type, x-inbenta-key, x-inbenta-env, x-inbenta-user-type")
		if r.Method == http.MethodOptions {
			return
		}
		http.Redirect(w, r, foreign.URL+"/stolen", http.StatusTemporaryRedirect)
	}))
	t.Cleanup(redirecting.Close)
	f := newFixture(t, redirecting.URL, foreign.URL)
	tok := f.serverToken()
	tok["apis"] = map[string]any{"chatbot": redirecting.URL + "/prod/chatbot"}
	f.createFromToken(tok, "")
	r := eval[settled](f, `e2e.settle(client.fetch(client.apis.chatbot + '/v1/conversation', {method: 'POST', body: '{}'}))`)
	e := rejection(t, r)
	assert.Equal(t, "BAD_RESPONSE", e.Code)
	assert.Contains(t, e.Message, redirecting.URL+"/prod/chatbot/v1/conversation")
	assert.Contains(t, e.Message, "redirect")
	assert.Empty(t, foreign.requested(), "nothing reached the origin the redirect points to")
}

// An element named currentScript in the page's HTML (plain HTML injection)
// shows as document.currentScript; the loader still finds the wasm next to
// itself.
func TestAClobberedCurrentScriptDoesNotMoveTheWasm(t *testing.T) {
	foreign := newRecorder(t)
	page := `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,">
		<script src="/testsite/clock.js"></script><script src="/e2e.js"></script></head><body>
		<img name="currentScript" src="` + foreign.URL + `/x.png"><form name="currentScript"></form>
		<script src="/dist/wasm_exec.js"></script><script src="/dist/inbenta-auth.js"></script></body></html>`
	var f *fixture // the handler runs once f is made
	f = newBundleFixture(t, map[string]http.Handler{"/clobbered.html": http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", testsite.PageCSP(f.api.URL, foreign.URL))
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(page))
	})}, foreign.URL)
	f.open("/clobbered.html")
	f.createClient("")
	allOK(t, callChatbot(f, 1, false), 1)
	for _, r := range foreign.requested() {
		assert.NotContains(t, r, ".wasm", "the wasm was fetched from %s", foreign.URL)
	}
}
