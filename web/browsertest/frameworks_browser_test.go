//go:build browser

package browsertest

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/inbenta-community/inbenta-auth/sdk/authtest"
	"github.com/inbenta-community/inbenta-auth/web/testsite"
)

// A Vite + React 19 app in StrictMode (testdata/react: Chat.jsx creates the
// client in an effect and closes it in the effect's cleanup) built with
// `vite build` against the package installed from its tarball (once, by
// the npm set-up, with Chat.jsx's placeholders, which the test fills in a
// copy of the build: copyFilled), served as static files under the CSP a page of the
// SDK needs, and opened in the browser. Built for development, StrictMode
// runs the effect twice (create, close, create): two createFromDomainKey,
// so two exchanges, the first client closed when it comes, having called
// nothing; the second client makes the app's one call. Built for
// production: one of each.
func TestReactStrictModeAppFromTheTarball(t *testing.T) {
	setUp := requireNPM(t)
	api := authtest.NewServer()
	t.Cleanup(api.Close)
	const apiKey = "react-api-key"
	domainKey := authtest.NewDomainKey("react")
	fill := js(`%s, %s, { authURL: %s }`, domainKey, apiKey, api.AuthURL)

	for _, c := range []struct {
		mode      string
		exchanges int
	}{{"development", 2}, {"production", 1}} {
		t.Run(c.mode, func(t *testing.T) {
			out := t.TempDir()
			require.NoError(t, copyFilled(setUp.reactBuild(c.mode), out, fill))
			wasm, _ := filepath.Glob(filepath.Join(out, "assets", "*.wasm"))
			require.Len(t, wasm, 1, "Vite emitted the wasm as an asset")

			site := testsite.New(http.Dir(out))
			site.CSP = testsite.PageCSP(api.URL)
			srv := httptest.NewServer(site)
			t.Cleanup(srv.Close)
			api.AddDomainKey(apiKey, domainKey, srv.URL)
			api.ResetCounts()

			p := newPage(t)
			navigate(t, p, srv.URL+"/", `document.querySelector('#chat, [role=alert]') !== null`)
			poll(t, p, `document.querySelector('[role=alert]') !== null || document.getElementById('chat').textContent.startsWith('chatbot')`)
			require.Equal(t, "chatbot answered 200", evalIn[string](t, p, 10*time.Second,
				`document.querySelector('#chat, [role=alert]').textContent`))
			assert.Equal(t, c.exchanges, api.Count("auth"), "one exchange per createFromDomainKey the app made")
			assert.Equal(t, 1, api.Count("chatbot"), "the one call, from the client the app kept")
			used := api.TokensUsed("chatbot")
			assert.Len(t, used, 1, "with one token: %v", used)
			assert.Equal(t, srv.URL, api.Requests("chatbot")[0].Origin)
		})
	}
}

// ssrReport is what testdata/ssr.mjs prints.
type ssrReport struct {
	DOMGlobals []string          `json:"domGlobals"`
	Started    []string          `json:"started"`
	Threw      map[string]string `json:"threw"`
	Calls      map[string]string `json:"calls"`
	Entries    []string          `json:"entries"`
	Resources  []string          `json:"resources"`
}

// Server-side rendering: Node.js, with no DOM, imports every entry of the
// installed package (testdata/ssr.mjs) with fetch, timers, WebAssembly and
// channels instrumented first. Nothing throws, nothing starts, the process
// ends by itself, and every factory of every entry rejects with
// UNSUPPORTED_ENVIRONMENT, saying the SDK runs in web pages.
func TestServerSideRenderingImportsEveryEntryAndStartsNothing(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not installed (make test installs it as root)")
	}
	app := requireNPM(t).workspace(t)
	script, err := os.ReadFile("testdata/ssr.mjs")
	require.NoError(t, err)
	writeTestFiles(t, app, map[string]string{"ssr-test.mjs": string(script)})

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, "ssr-test.mjs")
	cmd.Dir = app
	var stderr strings.Builder
	cmd.Stderr = &stderr
	start := time.Now()
	out, err := cmd.Output()
	require.NoError(t, err, "node ssr-test.mjs ends by itself:\n%s", stderr.String())
	t.Logf("node ssr-test.mjs: %s", time.Since(start).Round(time.Millisecond))

	var r ssrReport
	require.NoError(t, json.Unmarshal(out, &r), "%s", out)
	assert.Empty(t, r.DOMGlobals, "no DOM")
	assert.Empty(t, r.Threw, "no entry throws")
	assert.Empty(t, r.Started, "nothing fetched, scheduled, compiled or opened")
	assert.Empty(t, r.Resources, "nothing left running")
	const pkg = "@inbenta-community/inbenta-auth"
	assert.Equal(t, []string{
		"import " + pkg, "import " + pkg + " (named exports)",
		"import " + pkg + "/inbenta-auth.mjs", "import " + pkg + "/inbenta-auth.mjs (named exports)",
		"import " + pkg + "/inbenta-auth.js", "vm " + pkg + "/inbenta-auth.js",
	}, r.Entries)
	require.Len(t, r.Calls, 3*len(r.Entries))
	for call, got := range r.Calls {
		assert.Equal(t, "UNSUPPORTED_ENVIRONMENT", got, call)
	}
}

// chatCall is Chat.jsx's createFromDomainKey arguments, placeholders and
// all, as a bundler may quote and space them; the SDK bundled beside them
// has the default Auth API's URL too, which must stay.
var chatCall = regexp.MustCompile(`["'\x60]YOUR_DOMAIN_KEY["'\x60]\s*,\s*["'\x60]YOUR_API_KEY["'\x60]\s*,\s*\{\s*authURL\s*:\s*["'\x60]https://api\.inbenta\.io/v1["'\x60]\s*\}`)

// copyFilled copies the app built in dir to out, Chat.jsx's arguments in
// its scripts replaced by args: once, or it fails.
func copyFilled(dir, out, args string) error {
	filled := 0
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(out, rel), 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if filepath.Ext(path) == ".js" {
			filled += len(chatCall.FindAllIndex(data, -1))
			data = chatCall.ReplaceAllLiteral(data, []byte(args))
		}
		return os.WriteFile(filepath.Join(out, rel), data, 0o644)
	})
	if err == nil && filled != 1 {
		err = fmt.Errorf("the scripts of %s have Chat.jsx's createFromDomainKey arguments %d times, not once", dir, filled)
	}
	return err
}
