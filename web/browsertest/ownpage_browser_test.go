//go:build browser

package browsertest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/inbenta-community/inbenta-auth/web/devserver"
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
