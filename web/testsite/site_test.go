//go:build !(js && wasm)

package testsite

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const testAPIOrigin = "http://api.example:8081"

// siteFixture builds a site over temp dirs holding fake static and dist files,
// so these tests run without a build.
func siteFixture(t *testing.T) (http.Handler, string) {
	t.Helper()
	root := t.TempDir()
	files := map[string]string{
		"static/index.html":          "<!doctype html><title>demo</title>",
		"static/demo.js":             "console.log('demo')",
		"static/demo.css":            "body{}",
		"static/sub/note.txt":        "note",
		"dist/inbenta-auth.wasm":     "\x00asm identity",
		"dist/inbenta-auth.wasm.br":  "br bytes",
		"dist/inbenta-auth.wasm.gz":  "gz bytes",
		"dist/inbenta-auth.js":       "// loader",
		"dist/inbenta-auth.js.gz":    "stale gz bytes",
		"dist/wasm_exec.js":          "// go",
		"dist/wasm_exec.js.gz":       "wasm_exec gz bytes",
		"dist/nested/unrelated.json": "{}",
	}
	// One modification time for all: map order must not make a sibling look
	// older than its original.
	built := time.Now().Add(-time.Minute).Truncate(time.Second)
	for name, body := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(body), 0o644))
		require.NoError(t, os.Chtimes(p, built, built))
	}
	// A sibling older than its original must be ignored.
	old := built.Add(-time.Hour)
	require.NoError(t, os.Chtimes(filepath.Join(root, "dist/inbenta-auth.js.gz"), old, old))
	return NewSite(filepath.Join(root, "static"), filepath.Join(root, "dist"), testAPIOrigin), root
}

func siteGet(t *testing.T, h http.Handler, target string, header map[string]string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, target, nil)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func TestSiteContentTypes(t *testing.T) {
	h, _ := siteFixture(t)
	tests := []struct{ path, ctype, body string }{
		{"/", "text/html; charset=utf-8", "<!doctype html><title>demo</title>"},
		{"/index.html", "text/html; charset=utf-8", "<!doctype html><title>demo</title>"},
		{"/demo.js", "text/javascript; charset=utf-8", "console.log('demo')"},
		{"/demo.css", "text/css; charset=utf-8", "body{}"},
		{"/dist/inbenta-auth.wasm", "application/wasm", "\x00asm identity"},
		{"/dist/inbenta-auth.js", "text/javascript; charset=utf-8", "// loader"},
		{"/dist/nested/unrelated.json", "application/json", "{}"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			rec := siteGet(t, h, tt.path, nil)
			require.Equal(t, http.StatusOK, rec.Code)
			assert.Equal(t, tt.ctype, rec.Header().Get("Content-Type"))
			assert.Equal(t, "nosniff", rec.Header().Get("X-Content-Type-Options"))
			assert.Equal(t, "no-cache", rec.Header().Get("Cache-Control"))
			assert.NotEmpty(t, rec.Header().Get("ETag"))
			assert.NotEmpty(t, rec.Header().Get("Last-Modified"))
			assert.Equal(t, tt.body, rec.Body.String())
		})
	}
}

func TestSitePrecompressed(t *testing.T) {
	h, _ := siteFixture(t)
	tests := []struct {
		name, path, acceptEncoding, encoding, body string
	}{
		{"br preferred", "/dist/inbenta-auth.wasm", "gzip, deflate, br, zstd", "br", "br bytes"},
		{"gzip only", "/dist/inbenta-auth.wasm", "gzip", "gzip", "gz bytes"},
		{"br refused", "/dist/inbenta-auth.wasm", "br;q=0, gzip;q=0.5", "gzip", "gz bytes"},
		{"identity", "/dist/inbenta-auth.wasm", "", "", "\x00asm identity"},
		{"all refused", "/dist/inbenta-auth.wasm", "br;q=0,gzip;q=0", "", "\x00asm identity"},
		{"only gz exists", "/dist/wasm_exec.js", "br, gzip", "gzip", "wasm_exec gz bytes"},
		{"stale sibling", "/dist/inbenta-auth.js", "gzip", "", "// loader"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := siteGet(t, h, tt.path, map[string]string{"Accept-Encoding": tt.acceptEncoding})
			require.Equal(t, http.StatusOK, rec.Code)
			assert.Equal(t, tt.encoding, rec.Header().Get("Content-Encoding"))
			assert.Equal(t, "Accept-Encoding", rec.Header().Get("Vary"))
			assert.Equal(t, tt.body, rec.Body.String())
			if filepath.Ext(tt.path) == ".wasm" {
				assert.Equal(t, "application/wasm", rec.Header().Get("Content-Type"))
			} else {
				assert.Equal(t, "text/javascript; charset=utf-8", rec.Header().Get("Content-Type"))
			}
		})
	}
}

func TestSiteETagsDifferPerEncodingAndRevalidate(t *testing.T) {
	h, _ := siteFixture(t)
	br := siteGet(t, h, "/dist/inbenta-auth.wasm", map[string]string{"Accept-Encoding": "br"})
	plain := siteGet(t, h, "/dist/inbenta-auth.wasm", nil)
	require.NotEqual(t, br.Header().Get("ETag"), plain.Header().Get("ETag"))

	again := siteGet(t, h, "/dist/inbenta-auth.wasm", map[string]string{
		"Accept-Encoding": "br",
		"If-None-Match":   br.Header().Get("ETag"),
	})
	assert.Equal(t, http.StatusNotModified, again.Code)
	assert.Empty(t, again.Body.String())
}

func TestSiteNotFound(t *testing.T) {
	h, _ := siteFixture(t)
	for _, p := range []string{
		"/missing.js",
		"/dist/missing.wasm",
		"/dist",
		"/dist/",
		"/dist/nested/",
		"/sub/",
		"/sub",
		"/../static/index.html",
		"/dist/../../go.mod",
	} {
		t.Run(p, func(t *testing.T) {
			rec := siteGet(t, h, p, nil)
			assert.Equal(t, http.StatusNotFound, rec.Code)
			assert.NotContains(t, rec.Body.String(), "note.txt")
			assert.NotContains(t, rec.Body.String(), "unrelated.json")
		})
	}
}

func TestSiteRejectsWrites(t *testing.T) {
	h, _ := siteFixture(t)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/", nil))
	assert.Equal(t, http.StatusMethodNotAllowed, rec.Code)
	assert.Equal(t, "GET, HEAD", rec.Header().Get("Allow"))
}

func TestSiteCSP(t *testing.T) {
	h, _ := siteFixture(t)
	rec := siteGet(t, h, "/", nil)
	assert.Equal(t,
		"default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self' "+testAPIOrigin+
			"; style-src 'self'; img-src 'self' data:",
		rec.Header().Get("Content-Security-Policy"))

	for _, p := range []string{"/demo.js", "/dist/inbenta-auth.wasm"} {
		assert.Empty(t, siteGet(t, h, p, nil).Header().Get("Content-Security-Policy"), p)
	}
}

func TestSiteCSPOrigins(t *testing.T) {
	_, root := siteFixture(t)
	static, dist := filepath.Join(root, "static"), filepath.Join(root, "dist")

	csp := siteGet(t, NewSite(static, dist), "/", nil).Header().Get("Content-Security-Policy")
	assert.Contains(t, csp, "connect-src 'self';")

	csp = siteGet(t, NewSite(static, dist, "http://a.test", "http://b.test"), "/", nil).Header().Get("Content-Security-Policy")
	assert.Contains(t, csp, "connect-src 'self' http://a.test http://b.test;")
}

func TestAccepts(t *testing.T) {
	tests := []struct {
		header, coding string
		want           bool
	}{
		{"", "br", false},
		{"br", "br", true},
		{"BR", "br", true},
		{"gzip, br", "br", true},
		{"brotli", "br", false},
		{"br;q=0", "br", false},
		{"br; q=0.0", "br", false},
		{"br;q=0.1", "br", true},
		{"br;q=bad", "br", false},
		{"gzip;q=1.0, identity; q=0.5, *;q=0", "gzip", true},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, accepts(tt.header, tt.coding), "%q %q", tt.header, tt.coding)
	}
}

// The benchmark's use: an http.FileSystem of pages, a mount, no-store, and
// which encoding each .wasm was served with.
func TestMountServesPrecompressedWasm(t *testing.T) {
	dir := t.TempDir()
	for name, data := range map[string]string{"a.wasm": "raw", "a.wasm.br": "brotli", "a.wasm.gz": "gzip", "b.wasm": "only raw"} {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(data), 0o644))
		// One time for all: map order must not make a sibling look stale.
		require.NoError(t, os.Chtimes(p, time.Unix(1e9, 0), time.Unix(1e9, 0)))
	}
	site := New(http.FS(fstest.MapFS{"p.html": {Data: []byte("<p>")}}))
	site.CacheControl = "no-store"
	site.Mount("/dist/", http.Dir(dir))
	s := httptest.NewServer(site)
	defer s.Close()
	tr := &http.Transport{DisableCompression: true} // see the encoded bytes as sent
	get := func(path, acceptEncoding string) (*http.Response, string) {
		req, _ := http.NewRequest("GET", s.URL+path, nil)
		if acceptEncoding != "" {
			req.Header.Set("Accept-Encoding", acceptEncoding)
		}
		resp, err := tr.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp, string(body)
	}
	for _, tc := range []struct{ path, ae, enc, body string }{
		{"/dist/a.wasm", "gzip, deflate, br, zstd", "br", "brotli"},
		{"/dist/a.wasm", "gzip", "gzip", "gzip"},
		{"/dist/a.wasm", "", "", "raw"},
		{"/dist/b.wasm", "br", "", "only raw"},
	} {
		resp, body := get(tc.path, tc.ae)
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/wasm" ||
			resp.Header.Get("Content-Encoding") != tc.enc || body != tc.body {
			t.Errorf("GET %s (Accept-Encoding %q): %d %q %q %q", tc.path, tc.ae, resp.StatusCode,
				resp.Header.Get("Content-Type"), resp.Header.Get("Content-Encoding"), body)
		}
	}
	if got := site.EncodingOf("/dist/b.wasm"); got != "identity" {
		t.Errorf("EncodingOf(b.wasm) = %q", got)
	}
	if got := site.EncodingOf("/dist/nope.wasm"); got != "not served" {
		t.Errorf("EncodingOf(nope.wasm) = %q", got)
	}
	if resp, body := get("/p.html", "br"); resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") || body != "<p>" {
		t.Errorf("GET /p.html: %d %q %q", resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
	if resp, body := get("/testsite/clock.js", ""); resp.StatusCode != 200 || !strings.Contains(body, "testClock") {
		t.Errorf("GET /testsite/clock.js: %d %q", resp.StatusCode, body)
	}
	if resp, _ := get("/dist/a.wasm", ""); resp.Header.Get("Cache-Control") != "no-store" || resp.Header.Get("Content-Security-Policy") != "" {
		t.Errorf("GET /dist/a.wasm: Cache-Control %q, CSP %q", resp.Header.Get("Cache-Control"), resp.Header.Get("Content-Security-Policy"))
	}
	if resp, _ := get("/dist/missing.wasm", ""); resp.StatusCode != 404 {
		t.Errorf("GET a missing file: %d", resp.StatusCode)
	}
}
