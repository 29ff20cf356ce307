//go:build browser

package browsertest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/inbenta-community/inbenta-auth/web/loader"
)

// The bundle as a web developer embeds it: web/dist loaded as a classic
// script and as an ES module, with the hashes of its integrity.json, and
// the loader's errors when a server gets the hosting wrong.

// quickStart runs the README's quick start with create (a JS expression:
// InbentaAuth.createFromDomainKey or the module's named export), adding only
// the emulator's authURL. It answers the product call's status and body.
func quickStart(f *fixture, create string) quickStartResult {
	f.t.Helper()
	r := eval[settled](f, js(`e2e.settle((async (DOMAIN_KEY, API_KEY, authURL) => {
		const client = await `+create+`(DOMAIN_KEY, API_KEY, { authURL });
		const res = await client.fetch(client.apis.chatbot + '/v1/conversation', {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ message: 'hello' }),
		});
		return { status: res.status, body: await res.json() };
	})(%s, %s, %s))`, f.domainKey, f.apiKey, f.api.AuthURL))
	require.True(f.t, r.OK, "quick start with %s failed: %+v", create, r.Error)
	var out quickStartResult
	require.NoError(f.t, json.Unmarshal(r.Value, &out))
	return out
}

type quickStartResult struct {
	Status int `json:"status"`
	Body   struct {
		Product string `json:"product"`
		Path    string `json:"path"`
		Body    string `json:"body"`
	} `json:"body"`
}

func requireQuickStartOK(t *testing.T, r quickStartResult) {
	t.Helper()
	require.Equal(t, 200, r.Status)
	assert.Equal(t, "chatbot", r.Body.Product)
	assert.Equal(t, "/v1/conversation", r.Body.Path)
	assert.JSONEq(t, `{"message":"hello"}`, r.Body.Body)
}

func distManifest(t *testing.T) *loader.Manifest {
	t.Helper()
	m, err := loader.ReadManifest(dist)
	require.NoError(t, err, "web/dist/integrity.json: run make build")
	return m
}

// wasmFetches counts the page's requests for .wasm files.
func wasmFetches(f *fixture) []string {
	return eval[[]string](f, `performance.getEntriesByType('resource').map(e => e.name).filter(n => new URL(n).pathname.endsWith('.wasm'))`)
}

func TestBundleQuickStartClassicScript(t *testing.T) {
	f := newFixture(t) // e2e.html: <script src=/dist/wasm_exec.js>, <script src=/dist/inbenta-auth.js>
	requireQuickStartOK(t, quickStart(f, "InbentaAuth.createFromDomainKey"))

	assert.Equal(t, distManifest(t).Version, eval[string](f, `InbentaAuth.version`))
	assert.True(t, eval[bool](f, `Object.isFrozen(InbentaAuth)`))
	assert.Equal(t, []string{f.origin + "/dist/" + distWasmFile(t)}, wasmFetches(f), "the wasm next to the loader")
}

func TestBundleQuickStartModule(t *testing.T) {
	f := newFixture(t)
	f.open("/e2e-module.html") // import InbentaAuth, * as named from '/dist/inbenta-auth.mjs'

	assert.False(t, eval[bool](f, `e2e.moduleSetGlobal`), "the module defines no InbentaAuth global")
	assert.Equal(t, []string{"createFromAccessToken", "createFromDomainKey", "default", "isInbentaAuthError", "load", "version"},
		eval[[]string](f, `Object.keys(e2e.module).sort()`))
	assert.True(t, eval[bool](f, `e2e.module.default.createFromDomainKey === e2e.module.createFromDomainKey &&
		e2e.module.default.load === e2e.module.load`), "named exports are the default export's functions")
	version := distManifest(t).Version
	assert.Equal(t, version, eval[string](f, `e2e.module.version`))
	assert.Equal(t, version, eval[string](f, `e2e.module.default.version`))

	requireQuickStartOK(t, quickStart(f, "e2e.module.default.createFromDomainKey"))
	requireQuickStartOK(t, quickStart(f, "e2e.module.createFromDomainKey"))
	assert.Equal(t, []string{f.origin + "/dist/" + distWasmFile(t)}, wasmFetches(f),
		"the wasm next to the module (import.meta.url), loaded once for two clients")
}

func TestBundleModuleLoadsWasmOnceForManyClients(t *testing.T) {
	f := newFixture(t)
	f.open("/e2e-module.html")
	r := eval[settled](f, js(`e2e.settle((async (dk, key, authURL) => {
		const clients = await Promise.all([1, 2, 3].map(() =>
			e2e.module.createFromDomainKey(dk, key, { authURL })));
		await e2e.module.load();
		return clients.length;
	})(%s, %s, %s))`, f.domainKey, f.apiKey, f.api.AuthURL))
	require.True(t, r.OK, "%+v", r.Error)
	assert.Len(t, wasmFetches(f), 1)
}

type sriOutcome struct {
	Failed []string `json:"failed"`
	Error  *string  `json:"error"`
}

func loadWithIntegrity(f *fixture, query string) sriOutcome {
	f.t.Helper()
	openUntil(f, "/e2e-sri.html?"+query, `e2e.sri && e2e.sri.done`)
	return eval[sriOutcome](f, `({ failed: e2e.sri.failed, error: e2e.sri.error })`)
}

// The page takes the hashes from integrity.json, so the bundle loading at
// all proves they match what the server sends; the tampered runs prove the
// browser checked them.
func TestBundleIntegrityAttributes(t *testing.T) {
	t.Run("classic", func(t *testing.T) {
		f := newFixture(t)
		out := loadWithIntegrity(f, "mode=classic")
		require.Empty(t, out.Failed)
		require.Nil(t, out.Error)
		assert.Equal(t, 2, eval[int](f, `document.querySelectorAll('script[integrity^="sha384-"]').length`))
		requireQuickStartOK(t, quickStart(f, "InbentaAuth.createFromDomainKey"))
		assert.Equal(t, distManifest(t).Version, eval[string](f, `InbentaAuth.version`))
	})
	t.Run("module", func(t *testing.T) {
		f := newFixture(t)
		out := loadWithIntegrity(f, "mode=module")
		require.Empty(t, out.Failed)
		require.Nil(t, out.Error)
		assert.Equal(t, 2, eval[int](f, `document.querySelectorAll('link[rel=modulepreload][integrity^="sha384-"]').length`))
		requireQuickStartOK(t, quickStart(f, "e2e.module.createFromDomainKey"))
		assert.Equal(t, distManifest(t).Version, eval[string](f, `e2e.module.version`))
	})
	for _, tc := range []struct{ mode, file string }{
		{"classic", "inbenta-auth.js"},
		{"classic", "wasm_exec.js"},
		{"module", "inbenta-auth.mjs"},
	} {
		t.Run(tc.mode+" with a wrong hash for "+tc.file, func(t *testing.T) {
			if tc.mode == "module" && browser.Name() == "webkit" {
				// The README says so: WebKitGTK fires a modulepreload's load
				// event despite a wrong integrity, and import() runs the module.
				t.Skip("WebKit does not check a modulepreload's integrity")
			}
			f := newFixture(t)
			out := loadWithIntegrity(f, "mode="+tc.mode+"&tamper="+tc.file)
			assert.Contains(t, out.Failed, "/dist/"+tc.file)
			if tc.mode == "module" {
				require.NotNil(t, out.Error, "importing a module whose preload failed its hash must fail")
				assert.Equal(t, "undefined", eval[string](f, `typeof InbentaAuth`))
			}
			if tc.file == "inbenta-auth.js" {
				assert.Equal(t, "undefined", eval[string](f, `typeof InbentaAuth`))
			}
		})
	}
}

// The manifest make build wrote describes web/dist exactly, and the loaders
// check the wasm it lists.
func TestIntegrityManifestMatchesDist(t *testing.T) {
	require.NoError(t, loader.Verify(dist))
	m := distManifest(t)
	for _, name := range []string{"wasm_exec.js", "inbenta-auth.js", "inbenta-auth.mjs", "inbenta-auth.d.ts",
		"inbenta-auth.d.mts", "inbenta-auth.wasm", "inbenta-auth.wasm.br", "inbenta-auth.wasm.gz"} {
		assert.Contains(t, m.Files, name)
	}
	version, err := loader.SourceVersion("../loader")
	require.NoError(t, err)
	assert.Equal(t, version, m.Version, "web/dist was built from the current loader")
	for _, name := range []string{"inbenta-auth.js", "inbenta-auth.mjs"} {
		data, err := os.ReadFile(filepath.Join(dist, name))
		require.NoError(t, err)
		// Minified: the hash is a string literal where WASM_INTEGRITY was.
		assert.Contains(t, string(data), `"`+m.Files["inbenta-auth.wasm"]+`"`, name)
	}
}

// bundleAt serves wasm_exec.js and inbenta-auth.js from web/dist under
// prefix, and inbenta-auth.wasm with wasm.
func bundleAt(t *testing.T, prefix string, wasm http.HandlerFunc) (string, http.Handler) {
	return prefix, http.StripPrefix(prefix, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "wasm_exec.js", "inbenta-auth.js":
			data, err := os.ReadFile(filepath.Join(dist, r.URL.Path))
			if err != nil {
				http.Error(w, err.Error(), http.StatusInternalServerError)
				return
			}
			w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
			w.Write(data)
		case "inbenta-auth.wasm", distWasmFile(t):
			wasm(w, r)
		default:
			http.NotFound(w, r)
		}
	}))
}

// distWasmFile is the content-hashed name the loaders load the wasm by.
func distWasmFile(t *testing.T) string { return loader.WasmFile(loader.SRI(distWasm(t))) }

func distWasm(t *testing.T) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dist, "inbenta-auth.wasm"))
	require.NoError(t, err)
	return data
}

// serveBytes answers with body as contentType.
func serveBytes(status int, contentType string, body []byte) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", contentType)
		w.WriteHeader(status)
		w.Write(body)
	}
}

func TestBundleLoaderWrongWasmURL(t *testing.T) {
	f := newFixture(t)
	r := eval[settled](f, js(`e2e.settle(InbentaAuth.createFromDomainKey(%s, %s, { authURL: %s, wasmURL: '/dist/missing.wasm' }))`,
		f.domainKey, f.apiKey, f.api.AuthURL))
	e := rejection(t, r)
	assert.Equal(t, "WASM_LOAD_FAILED", e.Code)
	assert.Equal(t, 404, e.Status)
	assert.False(t, e.Retryable)
	assert.Contains(t, e.Message, f.origin+"/dist/missing.wasm")
	assert.Contains(t, e.Message, "HTTP 404")
	assert.Equal(t, "InbentaAuthError", eval[string](f, js(`InbentaAuth.load({ wasmURL: '/dist/missing.wasm' }).catch(e => e.name)`)))

	// A failed load is not kept: the next call loads again.
	requireQuickStartOK(t, quickStart(f, "InbentaAuth.createFromDomainKey"))
}

// A server that sends the wasm as another type defeats streaming
// compilation; the loader says so and compiles it from bytes.
func TestBundleLoaderMIMETypeFallback(t *testing.T) {
	wasm := distWasm(t)
	plain := serveBytes(200, "text/plain; charset=utf-8", wasm)
	for _, tc := range []struct{ name, page, create, file string }{
		// The default URL, whose hash the loader checks.
		{"next to the loader", "/e2e-loader.html?base=/plain/", "InbentaAuth.createFromDomainKey", distWasmFile(t)},
		// wasmURL, which it does not.
		{"wasmURL", "/e2e-loader.html", "((dk, key, o) => InbentaAuth.createFromDomainKey(dk, key, Object.assign({ wasmURL: '/plain/inbenta-auth.wasm' }, o)))", "inbenta-auth.wasm"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newBundleFixture(t, routes(bundleAt(t, "/plain/", plain)))
			f.open(tc.page)
			requireQuickStartOK(t, quickStart(f, tc.create))
			assert.Equal(t, []string{f.origin + "/plain/" + tc.file}, wasmFetches(f))
			warnings := eval[[]string](f, `e2e.warnings`)
			require.Len(t, warnings, 1)
			assert.Contains(t, warnings[0], "/plain/"+tc.file+" was served as text/plain")
			assert.Contains(t, warnings[0], "application/wasm")
		})
	}
}

func routes(pattern string, h http.Handler) map[string]http.Handler {
	return map[string]http.Handler{pattern: h}
}

func TestBundleLoaderErrors(t *testing.T) {
	wasm := distWasm(t)
	page := "<!doctype html><title>Home</title><p>Welcome"
	for _, tc := range []struct {
		name     string
		wasm     http.HandlerFunc
		status   int
		messages []string
	}{
		{"missing", serveBytes(404, "text/plain", []byte("404 page not found")), 404,
			[]string{"/bad/" + distWasmFile(t) + ": HTTP 404"}},
		{"a page instead", serveBytes(200, "text/html; charset=utf-8", []byte(page)), 200,
			[]string{"/bad/" + distWasmFile(t) + " is not WebAssembly", "HTTP 200 with text/html"}},
		{"another build", serveBytes(200, "application/wasm", append(wasm[:len(wasm):len(wasm)], 0)), 200,
			[]string{"is not the inbenta-auth.wasm this loader was built with", "sha384-"}},
		// Still valid WebAssembly (an extra custom section): it compiles while
		// it downloads, and must never run.
		{"another build that compiles", serveBytes(200, "application/wasm", append(wasm[:len(wasm):len(wasm)], 0, 2, 1, 'x')), 200,
			[]string{"is not the inbenta-auth.wasm this loader was built with", "sha384-"}},
		{"another build, wrong type", serveBytes(200, "application/octet-stream", append(wasm[:len(wasm):len(wasm)], 0, 2, 1, 'x')), 200,
			[]string{"is not the inbenta-auth.wasm this loader was built with"}},
		// The loader hashes the wasm in blocks: a change in any one of them,
		// not only the last, is another build.
		{"another build of the same size", serveBytes(200, "application/wasm", flipped(wasm, len(wasm)/3)), 200,
			[]string{"is not the inbenta-auth.wasm this loader was built with"}},
		// A foreign module whose start function logs "42" when instantiated.
		{"a foreign module with a start function", serveBytes(200, "application/wasm", startsAndLogs), 200,
			[]string{"is not the inbenta-auth.wasm this loader was built with"}},
		{"a server error", serveBytes(503, "text/plain", []byte("busy")), 503,
			[]string{"HTTP 503"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newBundleFixture(t, routes(bundleAt(t, "/bad/", tc.wasm)))
			f.open("/e2e-loader.html?base=/bad/")
			eval[any](f, `(() => { const log = console.log; window.logged = [];
				console.log = (...a) => { window.logged.push(a.join(' ')); log(...a); }; })()`)
			e := rejection(t, eval[settled](f, js(`e2e.settle(InbentaAuth.createFromDomainKey(%s, %s, { authURL: %s }))`,
				f.domainKey, f.apiKey, f.api.AuthURL)))
			assert.NotContains(t, eval[[]string](f, `window.logged`), "42", "no code of a module that is not this build runs")
			t.Log(e.Message)
			assert.Equal(t, "WASM_LOAD_FAILED", e.Code)
			assert.Equal(t, tc.status, e.Status)
			assert.Equal(t, tc.status >= 500, e.Retryable)
			for _, m := range tc.messages {
				assert.Contains(t, e.Message, m)
			}
			assert.LessOrEqual(t, len(f.api.Requests("auth")), 1, "nothing but the loader's early /auth is sent without the wasm")
		})
	}
}

// Without SubtleCrypto (a page that is not a secure context) the loader
// cannot hash the wasm itself: fetch checks its SRI hash instead.
func TestBundleLoaderWithoutSubtleCrypto(t *testing.T) {
	wasm := distWasm(t)
	t.Run("this build", func(t *testing.T) {
		f := newBundleFixture(t, nil)
		f.open("/e2e-loader.html?nosubtle")
		require.Equal(t, "undefined", eval[string](f, `typeof crypto.subtle`))
		requireQuickStartOK(t, quickStart(f, "InbentaAuth.createFromDomainKey"))
	})
	t.Run("another build of the same size", func(t *testing.T) {
		f := newBundleFixture(t, routes(bundleAt(t, "/bad/", serveBytes(200, "application/wasm", flipped(wasm, len(wasm)/3)))))
		f.open("/e2e-loader.html?nosubtle&base=/bad/")
		e := rejection(t, eval[settled](f, js(`e2e.settle(InbentaAuth.createFromDomainKey(%s, %s, { authURL: %s }))`,
			f.domainKey, f.apiKey, f.api.AuthURL)))
		assert.Equal(t, "WASM_LOAD_FAILED", e.Code)
		assert.Contains(t, e.Message, "is not the inbenta-auth.wasm this loader was built with")
		assert.Contains(t, e.Message, "sha384-")
	})
}

// flipped is data with the byte at i changed.
func flipped(data []byte, i int) []byte {
	out := append([]byte(nil), data...)
	out[i] ^= 0x55
	return out
}

func TestBundleLoaderCSPWithoutWasmUnsafeEval(t *testing.T) {
	html, err := os.ReadFile("testdata/e2e-loader.html")
	require.NoError(t, err)
	var f *fixture
	f = newBundleFixture(t, routes("/strict.html", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", fmt.Sprintf(
			"default-src 'self'; script-src 'self'; connect-src 'self' %s", f.api.URL))
		serveBytes(200, "text/html; charset=utf-8", html)(w, r)
	})))
	f.open("/strict.html")
	e := rejection(t, eval[settled](f, js(`e2e.settle(InbentaAuth.createFromDomainKey(%s, %s, { authURL: %s }))`,
		f.domainKey, f.apiKey, f.api.AuthURL)))
	t.Log(e.Message)
	assert.Equal(t, "WASM_LOAD_FAILED", e.Code)
	assert.Contains(t, e.Message, "Content-Security-Policy")
	assert.Contains(t, e.Message, "'wasm-unsafe-eval'")
	assert.True(t, e.HasCause)
	assert.Empty(t, eval[[]string](f, `e2e.warnings`), "no MIME-type warning: the type was right")
}

// The loader is what pages include first; keep it free of eval, which a
// strict CSP forbids.
func TestBundleLoadersHaveNoEval(t *testing.T) {
	for _, name := range []string{"inbenta-auth.js", "inbenta-auth.mjs"} {
		data, err := os.ReadFile(path.Join(dist, name))
		require.NoError(t, err)
		for _, banned := range []string{"eval(", "new Function", "Function("} {
			assert.NotContains(t, strings.ReplaceAll(string(data), "unsafe-eval", ""), banned, name)
		}
	}
}

var moduleScript = regexp.MustCompile(`(?s)<script type="module">\n(.*?)</script>`)

// TestBundleReadmeModuleSnippets runs each <script type="module"> snippet of
// README.md as written, as a module importing the bundle (its placeholders
// filled in and /inbenta/ pointing at web/dist).
func TestBundleReadmeModuleSnippets(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	require.NoError(t, err)
	found := moduleScript.FindAllSubmatch(readme, -1)
	require.NotEmpty(t, found, `README.md has no <script type="module"> snippet: its ES module quick start is gone, or no longer reads <script type="module"> then a newline`)
	for i, m := range found {
		t.Run(strconv.Itoa(i+1), func(t *testing.T) { runModuleSnippet(t, string(m[1])) })
	}
}

// runModuleSnippet serves code as /e2e/snippet.mjs to a page that imports
// it, and waits for what it logs: a snippet ends with console.log.
func runModuleSnippet(t *testing.T, code string) {
	t.Helper()
	var f *fixture
	f = newBundleFixture(t, routes("/e2e/snippet.mjs", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		src := strings.NewReplacer(
			"'/inbenta/", "'/dist/",
			"'YOUR_DOMAIN_KEY'", js("%s", f.domainKey),
			"'YOUR_API_KEY'", js("%s", f.apiKey),
			"'https://api.inbenta.io/v1'", js("%s", f.api.AuthURL),
		).Replace(code)
		serveBytes(200, "text/javascript; charset=utf-8", []byte(src))(w, r)
	})))
	openUntil(f, "/e2e-snippet.html", `e2e.errors !== undefined`)
	var out struct {
		Errors []string `json:"errors"`
		Logs   []string `json:"logs"`
	}
	require.Eventually(t, func() bool {
		out = eval[struct {
			Errors []string `json:"errors"`
			Logs   []string `json:"logs"`
		}](f, `({ errors: e2e.errors, logs: e2e.logs })`)
		return len(out.Errors)+len(out.Logs) > 0
	}, 30*time.Second, 50*time.Millisecond, "the snippet logged nothing")
	require.Empty(t, out.Errors, "the snippet threw")
	t.Log(out.Logs)
	if strings.Contains(code, "client.fetch") {
		assert.GreaterOrEqual(t, f.api.Count("chatbot"), 1, "the snippet's call reached the API")
		assert.NotEmpty(t, f.api.TokensUsed("chatbot"), "with a token")
		assert.True(t, strings.HasPrefix(out.Logs[0], "200 "), "logged %q", out.Logs[0])
	}
}

// startsAndLogs is a WebAssembly module whose start function calls the
// import gojs.debug (console.log in wasm_exec.js) with 42.
var startsAndLogs = []byte{
	0, 'a', 's', 'm', 1, 0, 0, 0,
	1, 8, 2, 0x60, 1, 0x7f, 0, 0x60, 0, 0, // types: (i32) -> (), () -> ()
	2, 14, 1, 4, 'g', 'o', 'j', 's', 5, 'd', 'e', 'b', 'u', 'g', 0, 0, // import gojs.debug
	3, 2, 1, 1, // one function of type 1
	8, 1, 1, // start: function 1
	10, 8, 1, 6, 0, 0x41, 42, 0x10, 0, 0x0b, // i32.const 42; call 0
}
