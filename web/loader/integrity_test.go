//go:build !(js && wasm)

package loader

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(body), 0o644))
	}
}

func TestHash(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"inbenta-auth.js":       "/*! inbenta-auth 2.0.0-rc.1 | inbenta-auth.js */\n",
		"hello.js":              "alert('Hello, world.');",
		"sub/inbenta-auth.wasm": "\x00asm",
		"integrity.json":        "{}",
		"bench.json":            "{}",
		"inbenta-community-inbenta-auth-2.0.0-rc.1.tgz": "npm pack",
		"inbenta-auth-2.0.0-rc.1.tar.gz":                "release",
		"inbenta-auth-2.0.0-rc.1.tar.gz.sha256":         "checksum",
	})
	m, err := Hash(dir)
	require.NoError(t, err)
	assert.Equal(t, "2.0.0-rc.1", m.Version)
	assert.Equal(t, map[string]string{
		"inbenta-auth.js":       SRI([]byte("/*! inbenta-auth 2.0.0-rc.1 | inbenta-auth.js */\n")),
		"hello.js":              testHash,
		"sub/inbenta-auth.wasm": SRI([]byte("\x00asm")),
	}, m.Files)
}

func TestHashNeedsTheLoader(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"hello.js": "x"})
	_, err := Hash(dir)
	assert.Error(t, err)
	writeFiles(t, dir, map[string]string{"inbenta-auth.js": "no version"})
	_, err = Hash(dir)
	assert.ErrorContains(t, err, "banner")
}

func TestWriteManifestThenVerify(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"inbenta-auth.js":   "/*! inbenta-auth 1.0.0 | inbenta-auth.js */\n",
		"inbenta-auth.wasm": "\x00asm",
	})
	m, err := WriteManifest(dir)
	require.NoError(t, err)
	read, err := ReadManifest(dir)
	require.NoError(t, err)
	assert.Equal(t, m, read)
	require.NoError(t, Verify(dir))

	data, err := os.ReadFile(filepath.Join(dir, ManifestName))
	require.NoError(t, err)
	assert.Equal(t, `{
  "version": "1.0.0",
  "files": {
    "inbenta-auth.js": "`+SRI([]byte("/*! inbenta-auth 1.0.0 | inbenta-auth.js */\n"))+`",
    "inbenta-auth.wasm": "`+SRI([]byte("\x00asm"))+`"
  }
}
`, string(data))
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, 3, "no temporary files left")
}

func TestVerifyReportsEveryDifference(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"inbenta-auth.js":   "/*! inbenta-auth 1.0.0 | inbenta-auth.js */\n",
		"inbenta-auth.wasm": "\x00asm",
		"gone.txt":          "x",
	})
	_, err := WriteManifest(dir)
	require.NoError(t, err)
	writeFiles(t, dir, map[string]string{
		"inbenta-auth.js":   "/*! inbenta-auth 1.0.1 | inbenta-auth.js */\n",
		"inbenta-auth.wasm": "\x00asm\x01",
		"new.txt":           "y",
	})
	require.NoError(t, os.Remove(filepath.Join(dir, "gone.txt")))

	err = Verify(dir)
	require.Error(t, err)
	for _, want := range []string{
		`version: integrity.json says "1.0.0", inbenta-auth.js declares "1.0.1"`,
		"inbenta-auth.js: hash sha384-",
		"inbenta-auth.wasm: hash sha384-",
		"new.txt: not listed in integrity.json",
		"gone.txt: listed in integrity.json but missing",
	} {
		assert.ErrorContains(t, err, want)
	}
}

func TestReadManifestIsStrict(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{ManifestName: `{"version":"1","files":{},"extra":1}`})
	_, err := ReadManifest(dir)
	assert.Error(t, err)
}

func TestWasmFile(t *testing.T) {
	name := WasmFile(SRI([]byte("\x00asm")))
	assert.Regexp(t, `^inbenta-auth\.[0-9a-f]{16}\.wasm$`, name)
	assert.NotEqual(t, name, WasmFile(SRI([]byte("\x00asm\x01"))))
	assert.Equal(t, WasmName, WasmFile(""))
	assert.True(t, Hashed("/dist/"+name) && Hashed(name+".br"))
	assert.False(t, Hashed(WasmName))
	assert.Equal(t, "public, max-age=31536000, immutable", CacheControl("/dist/"+name))
	assert.Equal(t, "no-cache", CacheControl("/dist/inbenta-auth.js"))
}

func TestWithCacheControl(t *testing.T) {
	h := WithCacheControl(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		if r.URL.Path == "/missing" {
			http.NotFound(w, r)
			return
		}
		_, _ = w.Write([]byte("x"))
	}))
	for path, want := range map[string]string{
		"/dist/" + WasmFile(SRI([]byte("x"))): "public, max-age=31536000, immutable",
		"/dist/inbenta-auth.js":               "no-cache",
		"/missing":                            "no-store",
	} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		assert.Equal(t, want, rec.Header().Get("Cache-Control"), path)
	}
}
