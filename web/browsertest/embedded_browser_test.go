//go:build browser

package browsertest

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/inbenta-community/inbenta-auth/web/engine"
	"github.com/inbenta-community/inbenta-auth/web/testsite"
)

// embedOutcome is what testdata/embed.js reports from its frame.
type embedOutcome struct {
	Origin  string `json:"origin"`
	Outcome string `json:"outcome"` // client, rejected, call rejected, threw
	MS      int    `json:"ms"`
	Code    string `json:"code"`
	Message string `json:"message"` // the status of the call, for a client
}

// embedLoadTimeout bounds how long a frame may take to report: the
// loader's default loadTimeout, 60 s, is the longest a load may take.
const embedLoadTimeout = 60 * time.Second

// frameRoutes serves the bundle at /cdn/ as a CDN does, to any origin,
// and the frames' pages (testdata/embed*.html) under a CSP that names
// their site where the site's other pages say 'self': in a sandboxed frame
// (an opaque origin) WebKit matches no URL against 'self', and would run
// none of the frame's scripts. api is the Auth API's origin, once known.
func frameRoutes(api func() string) map[string]http.Handler {
	files := http.StripPrefix("/cdn/", http.FileServer(http.Dir(dist)))
	page := func(w http.ResponseWriter, r *http.Request) {
		site := "http://" + r.Host
		w.Header().Set("Content-Security-Policy", "default-src 'none'; script-src "+site+" 'wasm-unsafe-eval'; connect-src "+site+" "+api()+"; img-src data:")
		http.ServeFile(w, r, filepath.Join("testdata", path.Base(r.URL.Path)))
	}
	return map[string]http.Handler{
		"/cdn/": http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Access-Control-Allow-Origin", "*")
			files.ServeHTTP(w, r)
		}),
		"/embed.html":     http.HandlerFunc(page),
		"/embed-cdn.html": http.HandlerFunc(page),
	}
}

// newFrameFixture is a fixture whose site serves frameRoutes.
func newFrameFixture(t *testing.T) *fixture {
	t.Helper()
	var f *fixture
	f = newBundleFixture(t, frameRoutes(func() string { return f.api.URL }))
	return f
}

// embed opens top (a testdata/embedder.html URL on any site) in f's tab,
// framing framePage of f's site with the fixture's keys, and waits for
// what the frame reports.
func embed(f *fixture, top, framePage, sandbox string) embedOutcome {
	f.t.Helper()
	src := f.origin + framePage + "?" + url.Values{"dk": {f.domainKey}, "key": {f.apiKey}, "auth": {f.api.AuthURL}}.Encode()
	q := url.Values{"src": {src}}
	if sandbox != "" {
		q.Set("sandbox", sandbox)
	}
	navigate(f.t, f.page, top+"?"+q.Encode(), "document.readyState === 'complete'")
	ctx, cancel := context.WithTimeout(context.Background(), embedLoadTimeout+10*time.Second)
	defer cancel()
	require.NoError(f.t, engine.Poll(ctx, f.page, `embedded.length > 0`), "the frame reported")
	out := eval[embedOutcome](f, `embedded[0]`)
	f.t.Logf("%s in %d ms: %+v", framePage, out.MS, out)
	return out
}

// A sandboxed frame (sandbox="allow-scripts": an opaque origin, whose
// requests say Origin: null) gets a coded error, at once: the bundle
// from its site, which grants other origins nothing, fails to load; the
// bundle from a CDN loads, and the Auth API cannot grant an opaque origin
// a token, which the error says (no Domain Key can list it, whatever the
// frame's URL).
func TestSandboxedFrameGetsACodedError(t *testing.T) {
	for _, c := range []struct{ page, code, says string }{
		{"/embed.html", "WASM_LOAD_FAILED", "CORS"},
		{"/embed-cdn.html", "ORIGIN_NOT_ALLOWED", "its origin is opaque"},
	} {
		t.Run(strings.TrimPrefix(c.page, "/"), func(t *testing.T) {
			f := newFrameFixture(t)
			out := embed(f, f.origin+"/embedder.html", c.page, "allow-scripts")
			assert.Equal(t, "null", out.Origin, "an opaque origin")
			assert.Equal(t, "rejected", out.Outcome, "%+v", out)
			assert.NotEqual(t, "INTERNAL", out.Code)
			assert.NotEqual(t, "undefined", out.Code, "a coded error")
			assert.Equal(t, c.code, out.Code, "%+v", out)
			assert.Contains(t, out.Message, c.says)
			assert.Zero(t, f.api.Count("chatbot"))
		})
	}
}

// A frame of another site (a third-party context: storage, locks and
// channels partitioned by the top-level site) on an origin its Domain Key
// lists gets a client, and its call goes out with the token.
func TestCrossSiteFrameGetsAClient(t *testing.T) {
	f := newFrameFixture(t)
	// The top page's site: localhost, where the frame's is 127.0.0.1.
	top := testsite.New(http.Dir("testdata"))
	top.CSP = "default-src 'self'; script-src 'self'; img-src data:; frame-src " + f.origin
	srv := httptest.NewServer(top)
	t.Cleanup(srv.Close)
	topURL := strings.Replace(srv.URL, "127.0.0.1", "localhost", 1) + "/embedder.html"

	out := embed(f, topURL, "/embed.html", "")
	assert.Equal(t, f.origin, out.Origin)
	assert.Equal(t, embedOutcome{Origin: f.origin, Outcome: "client", MS: out.MS, Code: "undefined", Message: "200"}, out)
	assert.Equal(t, 1, f.api.Count("auth"))
	assert.Equal(t, 1, f.api.Count("chatbot"))
	assert.Equal(t, f.origin, f.api.Requests("chatbot")[0].Origin, "from the frame's origin")
}
