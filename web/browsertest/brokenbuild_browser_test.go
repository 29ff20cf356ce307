//go:build browser

package browsertest

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/token"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/inbenta-community/inbenta-auth/web/loader"
	"github.com/inbenta-community/inbenta-auth/web/testsite"
)

// TestUnstyledBuildFailsTheStyleCheck shows that the suite catches a real
// regression in each engine, not only in Chromium: with a copy of the build
// whose notification CSS is blanked, the notification shows unstyled and
// checkNotificationStyle, which passes on the real build, reports it.
func TestUnstyledBuildFailsTheStyleCheck(t *testing.T) {
	site := testsite.New(http.Dir("testdata"))
	site.Mount("/dist/", http.Dir(unstyledBuild(t)))
	f := newBundleFixture(t, map[string]http.Handler{"/dist/": site})
	f.open("/e2e.html")
	loseTokenOnHostilePage(f)
	style := notificationStyle(f)
	rec := &failures{}
	checkNotificationStyle(rec, style)
	require.True(t, rec.failed, "the style check passed on an unstyled notification: %v", style)
	t.Logf("%s: the style check failed, as it must: %v", browser.Name(), style)
}

// unstyledBuild writes a copy of the classic-script build whose wasm has
// the notification's CSS replaced by as many spaces, and whose loader
// carries that wasm's hashes (or it would refuse to instantiate it).
func unstyledBuild(t *testing.T) string {
	t.Helper()
	css := []byte(notificationCSS(t))
	wasm, err := os.ReadFile(filepath.Join(dist, "inbenta-auth.wasm"))
	require.NoError(t, err)
	require.Equal(t, 1, bytes.Count(wasm, css), "the notification's CSS, once in the wasm")
	broken := bytes.Replace(wasm, css, bytes.Repeat([]byte(" "), len(css)), 1)

	js, err := os.ReadFile(filepath.Join(dist, loader.LoaderName))
	require.NoError(t, err)
	hashes, brokenHashes := loader.HashWasm(wasm), loader.HashWasm(broken)
	for _, h := range [][2]string{{hashes.SRI, brokenHashes.SRI}, {hashes.Blocks, brokenHashes.Blocks}} {
		require.Equal(t, 1, bytes.Count(js, []byte(h[0])), "each of the wasm's hashes, once in the loader")
		js = bytes.Replace(js, []byte(h[0]), []byte(h[1]), 1)
	}

	exec, err := os.ReadFile(filepath.Join(dist, "wasm_exec.js"))
	require.NoError(t, err)
	dir := t.TempDir()
	files := map[string][]byte{"inbenta-auth.wasm": broken, loader.LoaderName: js, "wasm_exec.js": exec}
	// The loader loads the content-hashed copy: serve the broken wasm there too.
	for _, name := range hashedWasm.FindAll(js, -1) {
		files[string(name)] = broken
	}
	for name, data := range files {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), data, 0o644))
	}
	return dir
}

// notificationCSS reads the notification's stylesheet from its Go source,
// so that the test follows its edits.
func notificationCSS(t *testing.T) string {
	t.Helper()
	file, err := parser.ParseFile(token.NewFileSet(), "../../jsbridge/notify.go", nil, 0)
	require.NoError(t, err)
	obj := file.Scope.Lookup("notificationCSS")
	require.NotNil(t, obj, "const notificationCSS in jsbridge/notify.go")
	lit, ok := obj.Decl.(*ast.ValueSpec).Values[0].(*ast.BasicLit)
	require.True(t, ok, "notificationCSS is a string literal")
	css, err := strconv.Unquote(lit.Value)
	require.NoError(t, err)
	return css
}

// failures is an assert.TestingT that only records that a check failed.
type failures struct{ failed bool }

func (r *failures) Errorf(string, ...any) { r.failed = true }

var hashedWasm = regexp.MustCompile(`inbenta-auth\.[0-9a-f]+\.wasm`)
