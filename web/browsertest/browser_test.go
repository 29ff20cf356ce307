//go:build browser

package browsertest

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/inbenta-community/inbenta-auth/sdk/authtest"
	"github.com/inbenta-community/inbenta-auth/web/engine"
	"github.com/inbenta-community/inbenta-auth/web/testsite"
)

// dist is the bundle make build wrote, web/dist.
const dist = "../dist"

// browser is the one browser all tests share, the engine $BROWSER names
// (chromium when unset); each test gets a page of its own, one an earlier
// test closed when there is one (engine.Reusing): each test serves its
// pages from servers of its own, on origins new to the browser.
var browser engine.Browser

func TestMain(m *testing.M) {
	if _, err := os.Stat(filepath.Join(dist, "inbenta-auth.wasm")); err != nil {
		fmt.Fprintln(os.Stderr, "browser tests: web/dist is not built; run `make test` (or `make build` first)")
		os.Exit(1)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	b, err := engine.Launch(ctx, cmp.Or(os.Getenv("BROWSER"), "chromium"), engine.Options{})
	cancel()
	if err != nil {
		fmt.Fprintln(os.Stderr, "browser tests:", err)
		os.Exit(1)
	}
	browser = engine.Reusing(b)
	fmt.Println("browser tests in", b.Version()) // the README's browser support names it
	code := m.Run()
	releaseCache()
	browser.Close()
	os.Exit(code)
}

// fixture is one test's world: an emulated API, a site on another origin
// serving the built bundle and the test page, and a browser tab on it.
type fixture struct {
	t         *testing.T
	api       *authtest.Server
	site      *httptest.Server
	origin    string
	apiKey    string
	domainKey string
	page      engine.Page
	offset    atomic.Int64 // how far both clocks were moved, in ns
	minted    atomic.Int32 // tokens the page's server handed out
	mintDelay atomic.Int64 // ns the page's server waits before answering
	// lifeCut is taken from the expires_in the page's server answers, in
	// seconds: its token seems to expire sooner than the API says.
	lifeCut atomic.Int64
}

// testSecret is the Secret of the test instance; only Go code sees it.
const testSecret = "e2e-secret"

// serverToken gets a token the way a customer's server does: with the
// Secret, server side.
func (f *fixture) serverToken() map[string]any {
	f.t.Helper()
	tok, err := f.mint()
	require.NoError(f.t, err)
	return tok
}

func (f *fixture) mint() (map[string]any, error) {
	body := strings.NewReader(`{"secret":"` + testSecret + `"}`)
	req, err := http.NewRequest("POST", f.api.AuthURL+"/auth", body)
	if err != nil {
		return nil, err
	}
	req.Header.Set("x-inbenta-key", f.apiKey)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		return nil, fmt.Errorf("/auth with the secret: HTTP %d", resp.StatusCode)
	}
	var tok map[string]any
	return tok, json.NewDecoder(resp.Body).Decode(&tok)
}

// serveToken is the page's own server endpoint that a refresh hook calls.
func (f *fixture) serveToken(w http.ResponseWriter, r *http.Request) {
	time.Sleep(time.Duration(f.mintDelay.Load()))
	tok, err := f.mint()
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	f.minted.Add(1)
	if in, ok := tok["expires_in"].(float64); ok {
		tok["expires_in"] = in - float64(f.lifeCut.Load())
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	json.NewEncoder(w).Encode(tok)
}

// newFixture starts the world; the page may also connect to the origins in
// connect (its CSP allows only the API otherwise).
func newFixture(t *testing.T, connect ...string) *fixture {
	t.Helper()
	f := newBundleFixture(t, nil, connect...)
	f.open("/e2e.html")
	return f
}

// newBundleFixture is newFixture with routes of its own on the site, to
// serve the bundle the ways real servers get wrong. It opens no page.
func newBundleFixture(t *testing.T, routes map[string]http.Handler, connect ...string) *fixture {
	t.Helper()
	f := &fixture{t: t, api: authtest.NewServer(), apiKey: "e2e-api-key"}
	t.Cleanup(f.api.Close)
	f.api.SetClock(func() time.Time { return time.Now().Add(time.Duration(f.offset.Load())) })
	f.api.AddInstance(f.apiKey, testSecret)
	mux := http.NewServeMux()
	mux.Handle("/", testsite.NewSite("testdata", dist, append([]string{f.api.URL}, connect...)...))
	mux.HandleFunc("/e2e/token", f.serveToken)
	for pattern, h := range routes {
		mux.Handle(pattern, h)
	}
	f.site = httptest.NewServer(mux)
	t.Cleanup(f.site.Close)
	f.origin = f.site.URL
	f.domainKey = authtest.NewDomainKey("e2e")
	f.api.AddDomainKey(f.apiKey, f.domainKey, f.origin)
	f.page = newPage(t)
	return f
}

// newPage gives t a page of its own that logs its console and uncaught
// errors to the test.
func newPage(t *testing.T) engine.Page {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	p, err := browser.NewPage(ctx)
	require.NoError(t, err)
	p.OnConsole(func(m engine.ConsoleMessage) { t.Logf("console.%s: %s", m.Type, m.Text) })
	t.Cleanup(func() {
		p.OnConsole(nil) // t.Logf must not run once t has ended
		p.Close()
	})
	return p
}

// open loads a page of the site and waits until InbentaAuth exists.
func (f *fixture) open(path string) {
	f.t.Helper()
	openUntil(f, path, "typeof InbentaAuth === 'object'")
}

// openUntil loads a page of the site and waits until cond (a JS
// expression) holds.
func openUntil(f *fixture, path, cond string) {
	f.t.Helper()
	navigate(f.t, f.page, f.site.URL+path, cond)
}

// navigate loads url in p and waits until cond holds.
func navigate(t *testing.T, p engine.Page, url, cond string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	require.NoError(t, p.Navigate(ctx, url), url)
	require.NoError(t, engine.Poll(ctx, p, cond), url)
}

// eval runs a JS expression (awaiting a promise) and decodes its value.
func eval[T any](f *fixture, expr string) T {
	f.t.Helper()
	return evalIn[T](f.t, f.page, 60*time.Second, expr)
}

// evalIn is eval in any page. The context is not t's: cleanups evaluate
// too, after t.Context has ended.
func evalIn[T any](t *testing.T, p engine.Page, timeout time.Duration, expr string) T {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	v, err := engine.Eval[T](ctx, p, expr)
	require.NoError(t, err, "evaluating:\n%s", expr)
	return v
}

// poll waits up to 30 s until expr (a JS expression) holds in p.
func poll(t *testing.T, p engine.Page, expr string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	require.NoError(t, engine.Poll(ctx, p, expr))
}

// js fills %s verbs in a JS template with JSON literals of args.
func js(format string, args ...any) string {
	lits := make([]any, len(args))
	for i, a := range args {
		b, err := json.Marshal(a)
		if err != nil {
			panic(err)
		}
		lits[i] = string(b)
	}
	return fmt.Sprintf(format, lits...)
}

// createClient creates window.client from the fixture's keys.
func (f *fixture) createClient(extra string) {
	f.t.Helper()
	if extra == "" {
		extra = "{}"
	}
	r := eval[settled](f, js(`e2e.settle(InbentaAuth.createFromDomainKey(%s, %s,
		Object.assign({authURL: %s}, `+extra+`)).then(c => { window.client = c; return true; }))`,
		f.domainKey, f.apiKey, f.api.AuthURL))
	require.True(f.t, r.OK, "createFromDomainKey failed: %+v", r.Error)
}

// advanceClocks moves both the page's and the API's clocks, as if the
// machine slept for d.
func (f *fixture) advanceClocks(d time.Duration) {
	f.t.Helper()
	f.offset.Add(int64(d))
	eval[any](f, js(`e2e.advanceClock(%s)`, d.Milliseconds()))
}

// settled mirrors e2e.settle in testdata/e2e.js.
type settled struct {
	OK    bool            `json:"ok"`
	Value json.RawMessage `json:"value"`
	Error *jsError        `json:"error"`
}

type jsError struct {
	IsError   bool   `json:"isError"`
	Code      string `json:"code"`
	Status    int    `json:"status"`
	Retryable bool   `json:"retryable"`
	Message   string `json:"message"`
	HasCause  bool   `json:"hasCause"`
}

// rejection asserts the settled promise rejected with a coded Error.
func rejection(t *testing.T, r settled) *jsError {
	t.Helper()
	require.False(t, r.OK, "expected a rejection, got %s", r.Value)
	require.NotNil(t, r.Error)
	require.True(t, r.Error.IsError, "rejections are Error objects: %+v", r.Error)
	require.NotEmpty(t, r.Error.Code, "rejections carry a code: %+v", r.Error)
	return r.Error
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
