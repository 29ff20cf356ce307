//go:build !(js && wasm)

package devserver

import (
	"bytes"
	"context"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// lockedBuffer is a log the server writes from its handlers while the
// test reads it.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func standInDist(t *testing.T) string {
	t.Helper()
	dist := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dist, "inbenta-auth.wasm"), []byte("\x00asm"), 0o644))
	return dist
}

// A folder that is not there would be served as 404 for every page, which
// looks like a server that works and a page that is lost.
func TestAMissingStaticFolderIsRefusedAtStart(t *testing.T) {
	file := filepath.Join(t.TempDir(), "index.html")
	require.NoError(t, os.WriteFile(file, []byte("<!doctype html>"), 0o644))
	for name, tc := range map[string]struct {
		dir, says string
	}{
		"missing":    {filepath.Join(t.TempDir(), "nonexistent"), "does not exist"},
		"a file":     {file, "is not a folder"},
		"not given":  {"", "no folder of pages"},
		"misspelled": {"./sattic", "does not exist"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := NewServer(Config{Addr: "127.0.0.1:0", APIAddr: "127.0.0.1:0", StaticDir: tc.dir, DistDir: standInDist(t)})
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.says)
			assert.Contains(t, err.Error(), "-static")
			if tc.dir != "" {
				assert.Contains(t, err.Error(), tc.dir, "names the folder")
			}
		})
	}
	_, err := NewServer(Config{Addr: "127.0.0.1:0", APIAddr: "127.0.0.1:0", StaticDir: "./sattic", DistDir: standInDist(t)})
	assert.ErrorIs(t, err, fs.ErrNotExist, "the command tells a missing folder apart")
}

// The README's quick start loads the SDK from /inbenta/, so a site may keep
// its copy there: the dev server serves the site as it is, and says so.
func TestYourOwnInbentaFolderIsServed(t *testing.T) {
	static := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(static, "index.html"), []byte("<!doctype html>"), 0o644))
	require.NoError(t, os.MkdirAll(filepath.Join(static, "inbenta"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(static, "inbenta", "inbenta-auth.js"), []byte("// my copy"), 0o644))

	var out lockedBuffer
	c := Config{Addr: "127.0.0.1:0", APIAddr: "127.0.0.1:0", StaticDir: static, DistDir: standInDist(t)}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- Run(ctx, &out, c) }()
	require.Eventually(t, func() bool { return strings.Contains(out.String(), "Press Ctrl+C") }, 10*time.Second, 10*time.Millisecond)
	banner := out.String()
	// Run logs refusals where it printed the banner.
	_, api, _ := strings.Cut(banner, "API:")
	api, _, _ = strings.Cut(strings.TrimSpace(api), "/v1")
	do(t, http.MethodOptions, api+"/v1/auth", map[string]string{"Origin": "http://localhost:4173"}, "")
	require.Eventually(t, func() bool { return strings.Contains(out.String(), "-origin http://localhost:4173") }, 10*time.Second, 10*time.Millisecond)
	cancel()
	require.NoError(t, <-served)
	assert.Contains(t, banner, "/inbenta/ serves "+filepath.Join(static, "inbenta")+", your copy")
	assert.NotContains(t, banner, "the build at /inbenta/")

	d := startWith(t, Config{StaticDir: static})
	a := do(t, http.MethodGet, d.SiteURL+"/inbenta/inbenta-auth.js", nil, "")
	assert.Equal(t, http.StatusOK, a.status)
	assert.Equal(t, "// my copy", a.body, "your copy, not the build")
	assert.Equal(t, http.StatusNotFound, do(t, http.MethodGet, d.SiteURL+"/inbenta/inbenta-auth.wasm", nil, "").status,
		"nothing of the build mixed into your copy")
	assert.Equal(t, http.StatusOK, do(t, http.MethodGet, d.SiteURL+"/dist/inbenta-auth.wasm", nil, "").status,
		"the build stays at /dist/")
}

func TestTheDevServersOwnPathsInYourFolderAreNamed(t *testing.T) {
	static := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(static, "demo"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(static, "demo", "token"), []byte("mine"), 0o644))
	d := startWith(t, Config{StaticDir: static})
	assert.Contains(t, strings.Join(d.notes, "\n"), filepath.Join(static, "demo", "token")+" is not served")
	tok, _ := serverToken(t, d, http.MethodGet)
	assert.NotEmpty(t, tok, "/demo/token is the dev server's")
}

func TestTheDemoFolderShadowsNothing(t *testing.T) {
	d := startWith(t, Config{})
	assert.Empty(t, d.notes)
	assert.Equal(t, []string{"/inbenta/", "/dist/"}, d.buildAt)
}
