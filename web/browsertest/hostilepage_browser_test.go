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
