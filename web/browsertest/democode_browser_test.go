//go:build browser

package browsertest

import (
	"context"
	"encoding/json"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/inbenta-community/inbenta-auth/web/devserver"
)

// copyDir copies the files of from into to, which it makes.
func copyDir(t *testing.T, from, to string) {
	t.Helper()
	require.NoError(t, filepath.WalkDir(from, func(path string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, path)
		if e.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), b, 0o644)
	}))
}

// demoCopy is a copy of the demo's folder, for a test to add pages to.
func demoCopy(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	copyDir(t, "../devserver/static", dir)
	return dir
}

// codeOf waits until the Code panel shows action's code, and returns it.
func (p *demoPage) codeOf(action string) string {
	p.t.Helper()
	poll(p.t, p.page, js(`document.getElementById('code').dataset.action === %s`, action))
	return demoEval[string](p, `document.getElementById('code').textContent`)
}

// step is the code of the "use it on your page" step named name.
func (p *demoPage) step(name string) string {
	p.t.Helper()
	sel := `#next-steps[data-mode="` + demoEval[string](p, `document.body.dataset.mode`) + `"] code[data-step="` + name + `"]`
	poll(p.t, p.page, js(`!!document.querySelector(%s)`, sel))
	return demoEval[string](p, js(`document.querySelector(%s).textContent`, sel))
}

// runShown runs code, as the demo showed it, in a module script on a page
// of static, and waits until it ran.
func runShown(t *testing.T, d *devserver.Server, static, code string) {
	t.Helper()
	page := "<!doctype html>\n<script src=\"/dist/wasm_exec.js\"></script>\n<script src=\"/dist/inbenta-auth.js\"></script>\n" +
		"<script type=\"module\">\ntry {\n" + code + "\ndocument.title = 'ran';\n} catch (err) {\n" +
		"document.title = 'failed: ' + err.code + ' ' + err.message;\n}\n</script>\n"
	require.NoError(t, os.WriteFile(filepath.Join(static, "shown.html"), []byte(page), 0o644))
	other := newPage(t)
	navigate(t, other, d.SiteURL+"/shown.html", `document.title !== ''`)
	require.Equal(t, "ran", evalIn[string](t, other, 10*time.Second, `document.title`), "the code as shown:\n%s", code)
}

// TestDemoShowsTheCodeBehindEachAction: each action shows its code, with
// the dev server's values, and that code runs as shown on a page of the
// same site.
func TestDemoShowsTheCodeBehindEachAction(t *testing.T) {
	static := demoCopy(t)
	d := startDevServerWith(t, devserver.Config{StaticDir: static, CSP: devserver.CSPInline})
	p := openDemoOn(t, d, "/")

	create := p.codeOf("create")
	assert.Contains(t, create, "InbentaAuth.createFromDomainKey(")
	assert.Contains(t, create, "'"+d.DomainKey+"'")
	assert.Contains(t, create, "authURL: '"+d.APIURL+"/v1'")
	require.Equal(t, "200", p.call(`#call-search`))
	call := p.codeOf("call")
	assert.Contains(t, call, "client.fetch(client.apis.search + '/v1/search', {")
	searches := d.API.Count("search")
	runShown(t, d, static, create+"\n"+call)
	require.Equal(t, searches+1, d.API.Count("search"), "the shown code called search")
	shown := d.API.Requests("search")[searches]
	assert.Equal(t, d.SiteURL, shown.Origin)
	assert.Contains(t, shown.Body, "reset my password", "with the body the demo sends")
	assert.True(t, strings.HasPrefix(shown.Header.Get("Authorization"), "Bearer "))

	// A fault: the request that armed it, which works from a terminal too.
	p.arm("slow")
	fault := p.codeOf("fault")
	m := regexp.MustCompile(`^curl -X POST (\S+) -H 'Content-Type: application/json' \\\n  -d '(.*)'$`).FindStringSubmatch(fault)
	require.NotNil(t, m, "a curl command:\n%s", fault)
	assert.Equal(t, d.SiteURL+"/demo/fault", m[1])
	var body map[string]string
	require.NoError(t, json.Unmarshal([]byte(m[2]), &body))
	assert.Equal(t, map[string]string{"kind": "slow", "mode": "domain-key"}, body)
	resp, err := http.Post(m[1], "application/json", strings.NewReader(m[2]))
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusNoContent, resp.StatusCode, "the server takes it as shown")

	p.click(`#custom-handler`)
	assert.Contains(t, p.codeOf("handler"), "client.setRefreshErrorHandler((info) => {")

	// Access-token mode: the client from the server's token and its hook.
	p.click(`label[for="mode-access-token"]`)
	p.waitVisible(`body[data-mode="access-token"][data-state="ready"]`)
	create = p.codeOf("create")
	assert.Contains(t, create, "InbentaAuth.createFromAccessToken(first.accessToken, 'demo-api-key', {")
	assert.Contains(t, create, "refresh: () => token('POST'),")
	assert.Contains(t, create, "client.setRefreshErrorHandler(", "the handler that is on")
	require.Equal(t, "200", p.call(`#call-chatbot`))
	chats, gets := d.API.Count("chatbot"), d.TokenRequests(http.MethodGet)
	runShown(t, d, static, create+"\n"+p.codeOf("call"))
	assert.Equal(t, gets+1, d.TokenRequests(http.MethodGet), "the first token from the token endpoint")
	assert.Equal(t, chats+1, d.API.Count("chatbot"), "the shown code called chatbot")
}

// TestDemoNextStepRunsOnYourPage follows the "use it on your page" steps
// as they are shown: the page, the dev server's flags and, in access-token
// mode, a server of your own on a port of its own.
func TestDemoNextStepRunsOnYourPage(t *testing.T) {
	t.Run("domain-key", func(t *testing.T) {
		d, err := devserver.NewServer(devserver.Config{Addr: "127.0.0.1:0", APIAddr: "127.0.0.1:0", StaticDir: "../devserver/static", DistDir: dist})
		require.NoError(t, err)
		stop := d.Start()
		p := openDemoOn(t, d, "/")
		page, run := p.step("page"), p.step("run")
		site, api := strings.TrimPrefix(d.SiteURL, "http://"), strings.TrimPrefix(d.APIURL, "http://")
		require.Equal(t, "make run ARGS='-static ./my-site -addr "+site+" -api-addr "+api+"'", run)
		require.NoError(t, stop())

		// Restarted as the step says, with the folder in place of the demo.
		mySite := filepath.Join(t.TempDir(), "my-site")
		require.NoError(t, os.MkdirAll(mySite, 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(mySite, "index.html"), []byte(page), 0o644))
		mine := startDevServerOn(t, devserver.Config{Addr: site, APIAddr: api, StaticDir: mySite, CSP: devserver.CSPInline})
		user := newPage(t)
		navigate(t, user, mine.SiteURL+"/", yourPageDone)
		assert.Regexp(t, `^200 \{"product":"chatbot"`, evalIn[string](t, user, 10*time.Second, `document.body.textContent`))
		require.Equal(t, 1, mine.API.Count("chatbot"))
		assert.Equal(t, mine.SiteURL, mine.API.Requests("chatbot")[0].Origin)
	})

	t.Run("access-token", func(t *testing.T) {
		port := freePort(t)
		origin := "http://localhost:" + port
		d := startDevServerWith(t, devserver.Config{StaticDir: "../devserver/static", Origins: []string{origin}})
		p := openDemoOn(t, d, "/?mode=access-token")
		server, page, copyCmd, run := p.step("server"), p.step("page"), p.step("copy"), p.step("run")
		assert.Contains(t, server, `http.ListenAndServe("localhost:3000", nil)`, "a port of its own")
		assert.NotContains(t, server, strings.TrimPrefix(d.SiteURL, "http://"), "not the dev server's")
		assert.Contains(t, run, "-origin http://localhost:3000")
		assert.Contains(t, run, "INBENTA_SECRET=")
		require.Equal(t, "cp -r ../inbenta-auth/web/dist/. my-site/inbenta", copyCmd)
		assert.NotContains(t, server+page, devserver.DemoSecret, "the Secret never reaches the page")

		// The server as shown, on a free port for the test's sake.
		src, err := os.MkdirTemp("..", ".next-step-")
		require.NoError(t, err)
		t.Cleanup(func() { os.RemoveAll(src) })
		require.NoError(t, os.WriteFile(filepath.Join(src, "main.go"), []byte(strings.ReplaceAll(server, "localhost:3000", "localhost:"+port)), 0o644))
		work := t.TempDir()
		build := exec.Command("go", "build", "-o", filepath.Join(work, "server"), "./"+filepath.Base(src))
		build.Dir = ".."
		out, err := build.CombinedOutput()
		require.NoError(t, err, "the server does not build:\n%s", out)
		require.NoError(t, os.MkdirAll(filepath.Join(work, "my-site"), 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(work, "my-site", "index.html"), []byte(page), 0o644))
		copyDir(t, dist, filepath.Join(work, "my-site", "inbenta"))

		srv := exec.Command(filepath.Join(work, "server"))
		srv.Dir = work
		srv.Env = append(os.Environ(), "INBENTA_SECRET="+devserver.DemoSecret)
		srv.Stdout, srv.Stderr = testWriter{t}, testWriter{t}
		require.NoError(t, srv.Start())
		t.Cleanup(func() { _ = srv.Process.Kill(); _ = srv.Wait() })
		require.Eventually(t, func() bool {
			c, err := net.Dial("tcp", "localhost:"+port)
			if err == nil {
				c.Close()
			}
			return err == nil
		}, 10*time.Second, 20*time.Millisecond, "your server listens")

		user := newPage(t)
		navigate(t, user, origin+"/", yourPageDone)
		assert.Regexp(t, `^200 \{"product":"chatbot"`, evalIn[string](t, user, 10*time.Second, `document.body.textContent`))
		calls := d.API.Requests("chatbot")
		require.NotEmpty(t, calls)
		assert.Equal(t, origin, calls[len(calls)-1].Origin)
		assert.Empty(t, d.API.Requests("auth")[len(d.API.Requests("auth"))-1].Origin, "the Secret exchange is your server's")
	})
}

// yourPageDone holds once the next steps' page shows its outcome: the
// call's status, or the error's code.
const yourPageDone = `!!document.body && /^(\d|[A-Z])/.test(document.body.textContent)`

// startDevServerOn is startDevServerWith on c's own addresses.
func startDevServerOn(t *testing.T, c devserver.Config) *devserver.Server {
	t.Helper()
	c.DistDir = dist
	var d *devserver.Server
	// The addresses were just let go of: a moment may pass before they can be had again.
	require.Eventually(t, func() bool {
		var err error
		d, err = devserver.NewServer(c)
		return err == nil
	}, 5*time.Second, 50*time.Millisecond)
	stop := d.Start()
	t.Cleanup(func() { require.NoError(t, stop()) })
	return d
}

func freePort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "localhost:0")
	require.NoError(t, err)
	defer ln.Close()
	return strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
}

// testWriter logs a process's output to the test.
type testWriter struct{ t *testing.T }

func (w testWriter) Write(b []byte) (int, error) {
	w.t.Logf("%s", b)
	return len(b), nil
}

// TestDemoFreshLoadMeetsNoFaultLeftArmed: a fault armed and never met must
// not break the next load of the demo, whose first exchange would meet it.
func TestDemoFreshLoadMeetsNoFaultLeftArmed(t *testing.T) {
	for _, kind := range []string{"refresh-failure", "malformed"} {
		t.Run(kind, func(t *testing.T) {
			p := openDemo(t, "/")
			p.arm(kind)
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			require.NoError(t, p.page.Navigate(ctx, p.d.SiteURL+"/"))
			poll(t, p.page, `['ready', 'error'].includes(document.body.dataset.state)`)
			assert.Equal(t, "ready", demoEval[string](p, `document.body.dataset.state`), "events:\n%s", p.events())
			require.Equal(t, "200", p.call(`#call-chatbot`), "events:\n%s", p.events())
			assert.Zero(t, p.notifications())
		})
	}
}
