//go:build browser

package browsertest

import (
	"bytes"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
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

// unstyledBuild writes a copy of the classic-script build whose loader
// has the notification's CSS replaced by as many spaces (the loader draws
// the notification; its wasm is the build's).
func unstyledBuild(t *testing.T) string {
	t.Helper()
	css := []byte(notificationCSS(t))
	js, err := os.ReadFile(filepath.Join(dist, loader.LoaderName))
	require.NoError(t, err)
	require.Equal(t, 1, bytes.Count(js, css), "the notification's CSS, once in the loader")
	js = bytes.Replace(js, css, bytes.Repeat([]byte(" "), len(css)), 1)

	dir := t.TempDir()
	files := map[string][]byte{loader.LoaderName: js}
	for _, name := range append([]string{"inbenta-auth.wasm", "wasm_exec.js"}, hashedWasm.FindAllString(string(js), -1)...) {
		data, err := os.ReadFile(filepath.Join(dist, name))
		require.NoError(t, err)
		files[name] = data
	}
	for name, data := range files {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), data, 0o644))
	}
	return dir
}

// notificationCSS reads the notification's stylesheet from the loader's
// source, so that the test follows its edits.
func notificationCSS(t *testing.T) string {
	t.Helper()
	src, err := os.ReadFile("../loader/src/notification.js")
	require.NoError(t, err)
	m := cssLiteral.FindSubmatch(src)
	require.NotNil(t, m, "const CSS = `...`; in web/loader/src/notification.js")
	return string(m[1])
}

var cssLiteral = regexp.MustCompile("(?s)\\nconst CSS = `([^`]*)`;")

// failures is an assert.TestingT that only records that a check failed.
type failures struct{ failed bool }

func (r *failures) Errorf(string, ...any) { r.failed = true }

var hashedWasm = regexp.MustCompile(`inbenta-auth\.[0-9a-f]+\.wasm`)
