//go:build browser

package browsertest

import (
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/inbenta-community/inbenta-auth/web/pack"
)

// envPackages are what the environment tests put around the SDK, pinned:
// the frameworks and libraries customer pages run.
var envPackages = []string{
	"vite@8.4.0", "@vitejs/plugin-react@6.3.1", "react@19.3.1", "react-dom@19.3.1",
	"zone.js@0.16.3", "ses@2.3.0", "core-js-bundle@3.51.0",
}

// envInstall is the one npm install of the packed package and envPackages
// a test binary makes, in a temporary directory that TestMain removes.
var envInstall struct {
	once sync.Once
	root string // the temporary directory: app/, the tarball, its stage
	err  error
}

// installedApp is a directory where npm installed the SDK's package from
// its tarball (packed from web/dist as make package packs it) and
// envPackages: node_modules/ and an ES module package.json. It is made on
// the first call; tests that need npm skip without it, as the package
// test does.
func installedApp(t *testing.T) string {
	t.Helper()
	npm, err := exec.LookPath("npm")
	if err != nil {
		t.Skip("npm is not installed: this test needs it (Debian/Ubuntu: sudo apt-get install npm; make test installs it as root)")
	}
	envInstall.once.Do(func() {
		start := time.Now()
		envInstall.root, envInstall.err = installEnv(npm)
		t.Logf("npm install of the tarball and %v: %s", envPackages, time.Since(start).Round(time.Millisecond))
	})
	require.NoError(t, envInstall.err)
	return filepath.Join(envInstall.root, "app")
}

func installEnv(npm string) (string, error) {
	dir, err := os.MkdirTemp("", "inbenta-auth-env-")
	if err != nil {
		return "", err
	}
	// Packed here rather than into web/dist: the engines' test binaries
	// run at once.
	b, err := pack.ReadBundle(dist)
	if err != nil {
		return dir, err
	}
	stage := filepath.Join(dir, "stage")
	if err := b.Stage("../..", stage); err != nil {
		return dir, err
	}
	if err := run(stage, npm, "pack", "--ignore-scripts", "--loglevel=error", "--pack-destination", dir, "."); err != nil {
		return dir, err
	}
	app := filepath.Join(dir, "app")
	if err := os.Mkdir(app, 0o755); err != nil {
		return dir, err
	}
	pkg := `{"name": "inbenta-auth-environments", "private": true, "type": "module"}`
	if err := os.WriteFile(filepath.Join(app, "package.json"), []byte(pkg), 0o644); err != nil {
		return dir, err
	}
	args := append([]string{"install", "--no-audit", "--no-fund", "--loglevel=error"}, envPackages...)
	args = append(args, filepath.Join(dir, pack.TarballName(b.Manifest.Version)))
	return dir, run(app, npm, args...)
}

// run runs a command in dir; its output is the error's when it fails.
func run(dir, name string, args ...string) error {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		return &commandError{cmd.String(), err, out}
	}
	return nil
}

type commandError struct {
	cmd string
	err error
	out []byte
}

func (e *commandError) Error() string { return e.cmd + ": " + e.err.Error() + "\n" + string(e.out) }

// removeEnvInstall removes installedApp's directory; TestMain calls it.
func removeEnvInstall() {
	if envInstall.root != "" {
		os.RemoveAll(envInstall.root)
	}
}

// nodeModules serves the installed packages' files at /npm/, as a page
// that ships them from its own origin.
func nodeModules(t *testing.T) map[string]http.Handler {
	t.Helper()
	dir := filepath.Join(installedApp(t), "node_modules")
	return map[string]http.Handler{"/npm/": http.StripPrefix("/npm/", http.FileServer(http.Dir(dir)))}
}
