//go:build !(js && wasm)

package devserver

import (
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// startWith serves c over a stand-in build on loopback ports.
func startWith(t *testing.T, c Config) *Server {
	t.Helper()
	c.DistDir = t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(c.DistDir, "inbenta-auth.wasm"), []byte("\x00asm"), 0o644))
	c.Addr, c.APIAddr = "127.0.0.1:0", "127.0.0.1:0"
	if c.StaticDir == "" {
		c.StaticDir = "static"
	}
	d, err := NewServer(c)
	require.NoError(t, err)
	stop := d.Start()
	t.Cleanup(func() { require.NoError(t, stop()) })
	return d
}

func exchangeFrom(t *testing.T, d *Server, origin, domainKey string) answer {
	t.Helper()
	return do(t, http.MethodPost, d.APIURL+"/v1/auth", map[string]string{
		"x-inbenta-key": demoAPIKey, "Content-Type": "application/json", "Origin": origin,
	}, `{"domain_key":"`+domainKey+`"}`)
}

func TestDemoKeysAreFixed(t *testing.T) {
	d := startWith(t, Config{})
	assert.Equal(t, DemoDomainKey, d.DomainKey)
	assert.Len(t, strings.Split(DemoDomainKey, "."), 3, "JWT-shaped")
	assert.Equal(t, http.StatusOK, exchangeFrom(t, d, d.SiteURL, DemoDomainKey).status)
	// A server of your own exchanges the fixed Secret.
	a := do(t, http.MethodPost, d.APIURL+"/v1/auth", map[string]string{"x-inbenta-key": demoAPIKey, "Content-Type": "application/json"},
		`{"secret":"`+DemoSecret+`"}`)
	assert.Equal(t, http.StatusOK, a.status, a.body)

	other := startWith(t, Config{DomainKey: "my.domain.key", Secret: "my-secret"})
	assert.Equal(t, http.StatusOK, exchangeFrom(t, other, other.SiteURL, "my.domain.key").status)
	assert.NotEqual(t, http.StatusOK, exchangeFrom(t, other, other.SiteURL, DemoDomainKey).status)
	tok, _ := serverToken(t, other, http.MethodGet) // the token endpoint holds the new Secret
	assert.NotEmpty(t, tok)
}

func TestExtraOriginsGetTheDomainKey(t *testing.T) {
	const vite, mine = "http://localhost:5173", "https://shop.example"
	d := startWith(t, Config{Origins: []string{vite, mine + "/"}})
	for _, o := range []string{vite, mine, d.SiteURL} {
		a := exchangeFrom(t, d, o, d.DomainKey)
		assert.Equal(t, http.StatusOK, a.status, o)
		assert.Equal(t, o, a.header.Get("Access-Control-Allow-Origin"), o)
		assert.Contains(t, d.Origins, o)
	}
	a := exchangeFrom(t, d, "http://localhost:3000", d.DomainKey)
	assert.Equal(t, http.StatusForbidden, a.status, "an origin not given")
}

func TestParseOrigin(t *testing.T) {
	for in, want := range map[string]string{
		"http://localhost:5173":  "http://localhost:5173",
		"https://Shop.Example/":  "https://shop.example",
		"http://127.0.0.1:9000/": "http://127.0.0.1:9000",
	} {
		got, err := ParseOrigin(in)
		if assert.NoError(t, err, in) {
			assert.Equal(t, want, got)
		}
	}
	for _, bad := range []string{"localhost:5173", "ftp://x", "http://x/path", "http://x?q", "http://u@x", "", "http://"} {
		_, err := ParseOrigin(bad)
		assert.Error(t, err, bad)
	}
	_, err := NewServer(Config{Addr: "127.0.0.1:0", APIAddr: "127.0.0.1:0", Origins: []string{"nope"}})
	assert.ErrorContains(t, err, "scheme://host")
}

func TestCSPModes(t *testing.T) {
	csp := func(mode string) string {
		d := startWith(t, Config{CSP: mode})
		a := do(t, http.MethodGet, d.SiteURL+"/", nil, "")
		require.Equal(t, http.StatusOK, a.status)
		return a.header.Get("Content-Security-Policy")
	}
	strict := csp("")
	assert.Contains(t, strict, "'wasm-unsafe-eval'")
	assert.NotContains(t, strict, "unsafe-inline")
	assert.NotContains(t, csp(CSPStrict), "unsafe-inline")
	inline := csp(CSPInline)
	assert.Contains(t, inline, "script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'")
	assert.Empty(t, csp(CSPOff))
	_, err := NewServer(Config{CSP: "loose"})
	assert.ErrorContains(t, err, "unknown CSP mode")
}

func TestTheBuildIsAtInbenta(t *testing.T) {
	d := startWith(t, Config{})
	for _, p := range []string{"/inbenta/inbenta-auth.wasm", "/dist/inbenta-auth.wasm"} {
		a := do(t, http.MethodGet, d.SiteURL+p, nil, "")
		assert.Equal(t, http.StatusOK, a.status, p)
		assert.Equal(t, "application/wasm", a.header.Get("Content-Type"), p)
	}
}

func TestBusyPortIsAListenError(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	dist := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dist, "inbenta-auth.wasm"), []byte("\x00asm"), 0o644))
	for which, c := range map[string]Config{
		"site": {Addr: ln.Addr().String(), APIAddr: "127.0.0.1:0"},
		"API":  {Addr: "127.0.0.1:0", APIAddr: ln.Addr().String()},
	} {
		c.StaticDir, c.DistDir = "static", dist
		_, err := NewServer(c)
		le, ok := err.(*ListenError)
		require.True(t, ok, "%s: %v", which, err)
		assert.Equal(t, which, le.Which)
		assert.Equal(t, ln.Addr().String(), le.Addr)
		assert.True(t, le.Busy(), "%s: %v", which, err)
	}
}
