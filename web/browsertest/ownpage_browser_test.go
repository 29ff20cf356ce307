//go:build browser

package browsertest

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/inbenta-community/inbenta-auth/web/devserver"
	"github.com/inbenta-community/inbenta-auth/web/engine"
	"github.com/inbenta-community/inbenta-auth/web/testsite"
)

// TestDevServerServesYourOwnPage is the README's "try it with your own
// page": make run ARGS='-static DIR' with the README's classic quick start
// pasted into DIR/index.html, its placeholders replaced by what the dev
// server prints. Its inline script runs (the inline CSP that -static
// chooses), the bundle is at /inbenta/, and the call reaches the emulator.
func TestDevServerServesYourOwnPage(t *testing.T) {
	var page string
	for _, s := range readmeSnippets(t) {
		if s.lang == "html" && strings.Contains(s.code, `<script src="/inbenta/inbenta-auth.js"></script>`) && strings.Contains(s.code, "client.fetch") {
			page = s.code
			break
		}
	}
	require.NotEmpty(t, page, "the README's classic quick start")
	static := t.TempDir()
	d, err := devserver.NewServer(devserver.Config{
		Addr: "127.0.0.1:0", APIAddr: "127.0.0.1:0", StaticDir: static, DistDir: dist, CSP: devserver.CSPInline,
	})
	require.NoError(t, err)
	page = strings.NewReplacer(
		"'YOUR_DOMAIN_KEY'", js("%s", devserver.DemoDomainKey),
		"'YOUR_API_KEY'", js("%s", "demo-api-key"),
		"'https://api.inbenta.io/v1'", js("%s", d.APIURL+"/v1"),
	).Replace(page)
	require.NoError(t, os.WriteFile(filepath.Join(static, "index.html"), []byte("<!doctype html>\n<html><body>\n"+page+"\n</body></html>\n"), 0o644))
	stop := d.Start()
	t.Cleanup(func() { require.NoError(t, stop()) })

	f := newFixture(t) // its tab, which leaves the fixture's page for ours
	require.True(t, eval[bool](f, js("(setTimeout(() => location.assign(%s), 0), true)", d.SiteURL+"/")))
	require.Eventually(t, func() bool { return d.API.Count("chatbot") >= 1 }, 30*time.Second, 50*time.Millisecond,
		"the quick start's call reached the emulator")
	reqs := d.API.Requests("chatbot")
	assert.Equal(t, d.SiteURL, reqs[0].Header.Get("Origin"))
	assert.True(t, strings.HasPrefix(reqs[0].Header.Get("Authorization"), "Bearer "))
}

// yourOwnPage serves page (its placeholders filled in from d) from static
// as index.html, and opens it; the page writes its outcome into its title.
func yourOwnPage(t *testing.T, d *devserver.Server, static, siteURL, page string) engine.Page {
	t.Helper()
	page = strings.NewReplacer("DOMAIN_KEY", devserver.DemoDomainKey, "API_KEY", "demo-api-key", "API_URL", d.APIURL).Replace(page)
	require.NoError(t, os.WriteFile(filepath.Join(static, "index.html"), []byte(page), 0o644))
	p := newPage(t)
	navigate(t, p, siteURL+"/", `document.title !== ''`)
	return p
}

const createAndTell = `<!doctype html>
<script src="/inbenta/wasm_exec.js"></script>
<script src="/inbenta/inbenta-auth.js"></script>
<script>
  InbentaAuth.createFromDomainKey('DOMAIN_KEY', 'API_KEY', { authURL: AUTH_URL })
    .then(() => { document.title = 'created'; }, (err) => { document.title = err.code + ': ' + err.message; });
</script>`

// An authURL without its /v1: the dev server's 404, which the SDK passes
// on, names the base, and its log names the path.
func TestDevServerNamesTheBaseToAnAuthURLWithoutV1(t *testing.T) {
	var log syncLog
	static := t.TempDir()
	d := startDevServerWith(t, devserver.Config{StaticDir: static, CSP: devserver.CSPInline, Log: &log})
	p := yourOwnPage(t, d, static, d.SiteURL, strings.Replace(createAndTell, "AUTH_URL", "'API_URL'", 1))
	title := evalIn[string](t, p, 10*time.Second, `document.title`)
	assert.True(t, strings.HasPrefix(title, "BAD_RESPONSE: "), title)
	assert.Contains(t, title, "did you mean "+d.APIURL+"/v1/auth?", "the error names the base")
	assert.Contains(t, log.String(), "POST /auth. authURL is "+d.APIURL+"/v1")
	assert.NotContains(t, log.String(), "refused a page", "its origin is the site's")
}

// A page on an origin the dev server was not told of: the browser hides
// the refusal from the page, the dev server's log names the origin and
// the flag that admits it.
func TestDevServerLogsTheOriginItRefused(t *testing.T) {
	var log syncLog
	d := startDevServerWith(t, devserver.Config{StaticDir: "../devserver/static", Log: &log})
	static := t.TempDir()
	site := testsite.New(http.Dir(static))
	site.Mount("/inbenta/", http.Dir(dist))
	site.CSP = "" // its own server: only the dev server's API refuses it
	preview := httptest.NewServer(site)
	t.Cleanup(preview.Close)
	p := yourOwnPage(t, d, static, preview.URL, strings.Replace(createAndTell, "AUTH_URL", "'API_URL/v1'", 1))
	title := evalIn[string](t, p, 10*time.Second, `document.title`)
	assert.NotEqual(t, "created", title)
	assert.Contains(t, log.String(), "refused a page on "+preview.URL)
	assert.Contains(t, log.String(), "-origin "+preview.URL)
	assert.Zero(t, d.API.Count("chatbot"))
}

// syncLog is a dev server's log, written by its handlers while a test reads it.
type syncLog struct {
	mu  sync.Mutex
	buf strings.Builder
}

func (l *syncLog) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(b)
}

func (l *syncLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}
