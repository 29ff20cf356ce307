//go:build browser

package browsertest

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// User content such as <a id="InbentaAuth"> also shows as
// globalThis.InbentaAuth (DOM clobbering): the loader recognises only its
// own object, so the SDK still loads.
func TestLoaderIgnoresClobberingElements(t *testing.T) {
	f := newBundleFixture(t, routes("/clobbered.html", serveBytes(200, "text/html; charset=utf-8", []byte(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>clobbered</title><link rel="icon" href="data:,">
<script src="/e2e.js"></script></head>
<body><a id="InbentaAuth" href="#"></a><form name="InbentaAuth"></form>
<script src="/dist/wasm_exec.js"></script><script src="/dist/inbenta-auth.js"></script></body></html>`))))
	f.open("/clobbered.html")
	require.Equal(t, "string", eval[string](f, `typeof InbentaAuth.version`))
	requireQuickStartOK(t, quickStart(f, "InbentaAuth.createFromDomainKey"))
}

// The Auth API's answers are never followed to where a redirect points: it
// would re-send the Domain Key and the API key there.
func TestAuthRedirectIsNotFollowed(t *testing.T) {
	evil := newRecorder(t)
	redirector := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", "*")
		w.Header().Set("Access-Control-Allow-Headers", "*")
		w.Header().Set("Access-Control-Allow-Methods", "*")
		if r.Method == http.MethodOptions {
			return
		}
		http.Redirect(w, r, evil.URL+r.URL.Path, http.StatusTemporaryRedirect)
	}))
	t.Cleanup(redirector.Close)
	f := newFixture(t, evil.URL, redirector.URL)

	r := eval[settled](f, js(`e2e.settle(InbentaAuth.createFromDomainKey(%s, %s, {authURL: %s}))`,
		f.domainKey, f.apiKey, redirector.URL+"/v1"))
	e := rejection(t, r)
	assert.Equal(t, "BAD_RESPONSE", e.Code)
	assert.Contains(t, e.Message, "redirect")
	assert.Len(t, evil.requests(), 0, "the keys were not sent to the redirect's target")
}

// Prototype pollution (a vulnerable query-string parser, say) must not
// configure the SDK: options are read as own data properties only.
func TestInheritedPropertiesConfigureNothing(t *testing.T) {
	evil := newRecorder(t)
	f := newFixture(t, evil.URL)
	got := eval[map[string]any](f, js(`(async (DK, KEY, AUTH, EVIL) => {
		Object.prototype.wasmURL = EVIL + '/x.wasm';
		Object.prototype.refresh = () => { window.pollutedHookRan = true; return {accessToken: 'evil'}; };
		Object.prototype.authURL = EVIL + '/v1';
		Object.prototype.loadTimeout = 0.001; // would fail the load
		try {
			const c = await InbentaAuth.createFromDomainKey(DK, KEY, {authURL: AUTH});
			const status = (await c.fetch(c.apis.chatbot + '/v1/conversation', {method: 'POST', body: '{}'})).status;
			const setRefresh = await e2e.settle(c.setRefresh(() => ({})));
			return {status, hook: !!window.pollutedHookRan, setRefresh: setRefresh.ok ? 'ok' : setRefresh.error.code};
		} finally {
			delete Object.prototype.wasmURL; delete Object.prototype.refresh; delete Object.prototype.authURL;
			delete Object.prototype.loadTimeout;
		}
	})(%s, %s, %s, %s)`, f.domainKey, f.apiKey, f.api.AuthURL, evil.URL))
	assert.Equal(t, float64(200), got["status"])
	assert.Equal(t, false, got["hook"])
	assert.Equal(t, "INVALID_ARGUMENT", got["setRefresh"], "a Domain Key client has no hook, inherited or not")
	assert.Len(t, evil.requests(), 0, "the polluted wasmURL and authURL were not used")
}

// Lengths are checked before anything crosses into Go (the wasm's memory
// never shrinks): a huge label is INVALID_ARGUMENT, and the wasm's memory
// does not grow by it.
func TestHugeValuesAreRefusedBeforeGo(t *testing.T) {
	f := newFixture(t)
	f.createClient("")
	r := eval[settled](f, js(`e2e.settle(InbentaAuth.createFromDomainKey(%s, %s, {authURL: %s, labels: {REFRESH_TITLE: 'x'.repeat(64 << 20)}}))`,
		f.domainKey, f.apiKey, f.api.AuthURL))
	e := rejection(t, r)
	assert.Equal(t, "INVALID_ARGUMENT", e.Code)
	assert.Contains(t, e.Message, "longer than")
	r = eval[settled](f, `e2e.settle(client.fetch(client.apis.chatbot + '/v1/x', {method: 'POST', body: new Blob(['x'.repeat(2 << 20)])}))`)
	assert.Equal(t, "INVALID_ARGUMENT", rejection(t, r).Code, "a body over 1 MiB is refused")
	allOK(t, callChatbot(f, 3, false), 3)
}
