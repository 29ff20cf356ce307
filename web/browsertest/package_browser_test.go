//go:build browser

package browsertest

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/inbenta-community/inbenta-auth/sdk/authtest"
	"github.com/inbenta-community/inbenta-auth/web/loader"
	"github.com/inbenta-community/inbenta-auth/web/pack"
)

// TestPackageInstallsIntoAViteAppAndAStaticPage packs the npm package as
// make package does, installs the tarball with npm into a fresh app of
// Vite's TypeScript template (the npm set-up the environment tests share,
// requireNPM, installed this very tarball) and builds it as the template
// does (tsc, then vite build; and tsc --strict), copies the installed
// files into a plain static site, and runs the README's quick starts in both, each on its own
// origin, against the emulated API: the bundler snippet (the ```ts fence,
// which readme_browser_test.go does not run) as the app's src/main.ts, the
// classic <script> quick start as the static page. It also checks that the
// installed dist/ is the bundle the other browser tests load (same bytes,
// matching its integrity.json), so the Domain Key tests hold for it.
//
// It needs npm (make test installs Debian's as root) and the npm registry.
func TestPackageInstallsIntoAViteAppAndAStaticPage(t *testing.T) {
	npm, err := exec.LookPath("npm")
	require.NoError(t, err, "the package test needs npm (Debian/Ubuntu: sudo apt-get install npm; make test installs it as root)")
	m, err := loader.ReadManifest(dist)
	require.NoError(t, err)

	start := time.Now()
	cmd := exec.Command("go", "run", "./web/cmd/package", "-dist", "web/dist")
	cmd.Dir = "../.."
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "make package:\n%s", out)
	tarball, err := filepath.Abs(filepath.Join(dist, pack.TarballName(m.Version)))
	require.NoError(t, err)
	t.Logf("packed in %s:\n%s", time.Since(start).Round(time.Millisecond), out)
	packed, err := os.ReadFile(tarball)
	require.NoError(t, err)
	assert.Less(t, len(packed), 1<<20, "the package packs under 1 MiB")
	again := exec.Command("go", "run", "./web/cmd/package", "-dist", "web/dist")
	again.Dir = "../.."
	out, err = again.CombinedOutput()
	require.NoError(t, err, "make package, again:\n%s", out)
	repacked, err := os.ReadFile(tarball)
	require.NoError(t, err)
	assert.True(t, bytes.Equal(packed, repacked), "npm pack's tarball is the same bytes every time")

	setUp := requireNPM(t)
	installedTarball, err := os.ReadFile(setUp.tarball)
	require.NoError(t, err)
	assert.True(t, bytes.Equal(packed, installedTarball), "npm installed the tarball make package packs")
	app := setUp.workspace(t)
	installed := setUp.installed()
	t.Run("the installed files are the tested bundle", func(t *testing.T) {
		require.NoError(t, loader.Verify(filepath.Join(installed, "dist")))
		shipped, err := loader.ReadManifest(filepath.Join(installed, "dist"))
		require.NoError(t, err)
		for name := range shipped.Files {
			want, err := os.ReadFile(filepath.Join(dist, name))
			require.NoError(t, err)
			got, err := os.ReadFile(filepath.Join(installed, "dist", name))
			require.NoError(t, err)
			assert.True(t, bytes.Equal(want, got), "dist/%s is web/dist's", name)
			assert.NotRegexp(t, `\.(br|gz)$`, name, "no precompressed copies in the package")
		}
		assert.Contains(t, shipped.Files, loader.WasmFile(m.Files[loader.WasmName]), "the wasm the loaders load")
		assert.NotContains(t, shipped.Files, loader.WasmName, "and only once")
		for _, name := range []string{"README.md", "LICENSE", "CHANGELOG.md", "package.json"} {
			assert.FileExists(t, filepath.Join(installed, name))
		}
		changelog, err := os.ReadFile(filepath.Join(installed, "CHANGELOG.md"))
		require.NoError(t, err)
		assert.NoError(t, pack.CheckChangelog(changelog, m.Version))
	})

	// One emulated API for both sites, each on an origin of its own.
	api := authtest.NewServer()
	t.Cleanup(api.Close)
	const apiKey = "package-api-key"
	domainKey := authtest.NewDomainKey("package")
	fill := func(code string) string {
		return strings.NewReplacer(
			"'YOUR_DOMAIN_KEY'", js("%s", domainKey),
			"'YOUR_API_KEY'", js("%s", apiKey),
			"'https://api.inbenta.io/v1'", js("%s", api.AuthURL),
		).Replace(code)
	}
	snippets := readmeSnippets(t)

	t.Run("vite", func(t *testing.T) {
		var entry string
		for _, s := range snippets {
			if s.lang == "ts" && strings.Contains(s.code, "from '"+pack.Name+"'") {
				entry = s.code
			}
		}
		require.NotEmpty(t, entry, "the README has a ```ts snippet importing %s", pack.Name)
		writeTestFiles(t, app, map[string]string{"src/main.ts": fill(entry)})
		start := time.Now()
		build := exec.Command(npm, "run", "build")
		build.Dir = app
		out, err := build.CombinedOutput()
		require.NoError(t, err, "npm run build (tsc && vite build):\n%s", out)
		strict := exec.Command(filepath.Join(app, "node_modules", ".bin", "tsc"), "--noEmit", "--strict", "-p", ".")
		strict.Dir = app
		out, err = strict.CombinedOutput()
		require.NoError(t, err, "tsc --strict:\n%s", out)
		t.Logf("npm run build and tsc --strict: %s", time.Since(start).Round(time.Millisecond))
		wasm, _ := filepath.Glob(filepath.Join(app, "dist", "assets", "*.wasm"))
		require.Len(t, wasm, 1, "Vite emitted the wasm as an asset")
		runQuickStart(t, api, apiKey, domainKey, filepath.Join(app, "dist"))
	})

	t.Run("static page", func(t *testing.T) {
		var page string
		for _, s := range snippets {
			if s.lang == "html" && strings.Contains(s.code, `<script src="/inbenta/inbenta-auth.js"></script>`) && strings.Contains(s.code, "client.fetch") {
				page = s.code
				break
			}
		}
		require.NotEmpty(t, page, "the README's classic quick start")
		site := t.TempDir()
		writeTestFiles(t, site, map[string]string{"index.html": "<!doctype html>\n<html><body>\n" + fill(page) + "\n</body></html>\n"})
		// "Copy the files": the installed package's dist/ as /inbenta/.
		require.NoError(t, os.CopyFS(filepath.Join(site, "inbenta"), os.DirFS(filepath.Join(installed, "dist"))))
		runQuickStart(t, api, apiKey, domainKey, site)
	})
}

// runQuickStart serves root on an origin of its own, registers it for the
// Domain Key, opens it and waits for its product call to reach the API
// with a token.
func runQuickStart(t *testing.T, api *authtest.Server, apiKey, domainKey, root string) {
	t.Helper()
	site := httptest.NewServer(http.FileServer(http.Dir(root)))
	t.Cleanup(site.Close)
	api.AddDomainKey(apiKey, domainKey, site.URL)
	before := api.Count("chatbot")

	f := newFixture(t) // its tab, which leaves the fixture's page for ours
	require.True(t, eval[bool](f, js("(setTimeout(() => location.assign(%s), 0), true)", site.URL+"/")))
	require.Eventually(t, func() bool { return api.Count("chatbot") > before }, 30*time.Second, 50*time.Millisecond,
		"the quick start's call reached the API")
	reqs := api.Requests("chatbot")
	last := reqs[len(reqs)-1]
	assert.Equal(t, site.URL, last.Header.Get("Origin"), "from the page")
	assert.True(t, strings.HasPrefix(last.Header.Get("Authorization"), "Bearer "), "with a token")
	assert.Equal(t, apiKey, last.Header.Get("x-inbenta-key"))
	assert.Equal(t, site.URL+"/", eval[string](f, "location.href"))
	assert.Equal(t, "object", eval[string](f, "typeof (globalThis.InbentaAuth || {})"))
}

func writeTestFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644))
	}
}
