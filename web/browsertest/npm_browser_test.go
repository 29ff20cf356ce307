//go:build browser

package browsertest

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"io/fs"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/inbenta-community/inbenta-auth/web/pack"
)

// createViteVersion is the create-vite that scaffolds the app the package
// is installed into, as `npm create vite` does for a user: its vanilla-ts
// template (Vite 8, TypeScript 7, whose npm run build is tsc && vite build).
const createViteVersion = "9.3.0"

// envPackages are what the environment tests put around the SDK, pinned:
// the frameworks and libraries customer pages run. The React app builds
// with the template's Vite.
var envPackages = []string{
	"@vitejs/plugin-react@6.3.1", "react@19.3.1", "react-dom@19.3.1",
	"zone.js@0.16.3", "ses@2.3.0", "core-js-bundle@3.51.0",
}

// reactModes are the builds of testdata/react the set-up makes.
var reactModes = []string{"development", "production"}

// npmSetUp is what npm installed and built from the bundle in web/dist:
// the package's tarball (packed as make package packs it), an app that
// `npm create vite` scaffolded and `npm install` installed the tarball and
// envPackages into, and testdata/react built with `vite build` in each of
// reactModes against it, with its placeholders. Tests read it and never
// write there: its directory is shared by every test binary that packs
// the same package, as the three engines' do when they run at once.
type npmSetUp struct {
	dir     string
	tarball string
	took    time.Duration // to set up, or to find it set up
	made    bool          // this binary set it up
}

// app is the scaffolded app; its node_modules/ has everything.
func (s *npmSetUp) app() string { return filepath.Join(s.dir, "app") }

// installed is the SDK's package as npm installed it.
func (s *npmSetUp) installed() string {
	return filepath.Join(s.app(), "node_modules", filepath.FromSlash(pack.Name))
}

// reactBuild is the built React app for mode.
func (s *npmSetUp) reactBuild(mode string) string { return filepath.Join(s.dir, "react-"+mode) }

// workspace is a directory of t's own that resolves packages as the app
// does (its node_modules is the app's), with a copy of the app's files
// but node_modules/ and the React app: where a test may write and build.
func (s *npmSetUp) workspace(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	entries, err := os.ReadDir(s.app())
	require.NoError(t, err)
	for _, e := range entries {
		switch name := e.Name(); name {
		case "node_modules":
			require.NoError(t, os.Symlink(filepath.Join(s.app(), name), filepath.Join(dir, name)))
		case "react", "dist":
		default:
			if e.IsDir() {
				require.NoError(t, os.CopyFS(filepath.Join(dir, name), os.DirFS(filepath.Join(s.app(), name))))
			} else {
				require.NoError(t, copyFile(filepath.Join(s.app(), name), filepath.Join(dir, name)))
			}
		}
	}
	return dir
}

// shared is the one npmSetUp of the test binary.
var shared struct {
	once  sync.Once
	setUp *npmSetUp
	err   error
}

// requireNPM gives the npm set-up, made on the first call; a test that
// needs npm is skipped without it.
func requireNPM(t *testing.T) *npmSetUp {
	t.Helper()
	npm, err := exec.LookPath("npm")
	if err != nil {
		t.Skip("npm is not installed: this test needs it (Debian/Ubuntu: sudo apt-get install npm; make test installs it as root)")
	}
	shared.once.Do(func() {
		start := time.Now()
		shared.setUp, shared.err = setUpNPM(npm)
		if shared.err == nil {
			shared.setUp.took = time.Since(start)
			if shared.setUp.made {
				t.Logf("npm create vite@%s, npm install of the tarball and %v, vite build of testdata/react: %s",
					createViteVersion, envPackages, shared.setUp.took.Round(time.Millisecond))
			} else {
				t.Logf("npm set-up found in %s: %s", shared.setUp.dir, shared.setUp.took.Round(time.Millisecond))
			}
		}
	})
	require.NoError(t, shared.err)
	return shared.setUp
}

// setUpNPM finds the set-up of the package web/dist makes in the cache, or
// makes it there. Its key is everything that goes into it.
func setUpNPM(npm string) (*npmSetUp, error) {
	stage, err := os.MkdirTemp("", "inbenta-auth-stage-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(stage)
	b, err := pack.ReadBundle(dist)
	if err != nil {
		return nil, err
	}
	if err := b.Stage("../..", stage); err != nil {
		return nil, err
	}
	key := sha256.New()
	io.WriteString(key, "create-vite@"+createViteVersion+" "+strings.Join(envPackages, " ")+" "+strings.Join(reactModes, " ")+"\n")
	for _, dir := range []string{stage, "testdata/react"} {
		if err := hashFiles(key, dir); err != nil {
			return nil, err
		}
	}
	s := &npmSetUp{dir: filepath.Join(npmCache(), hex.EncodeToString(key.Sum(nil))[:20])}
	s.tarball = filepath.Join(s.dir, pack.TarballName(b.Manifest.Version))
	done, err := useCacheEntry(s.dir, func() error { return s.make(npm, stage) })
	s.made = done
	return s, err
}

// npmCache is where set-ups are kept between test binaries.
func npmCache() string { return filepath.Join(os.TempDir(), "inbenta-auth-npm") }

// readyName marks a set-up made to its end.
const readyName = ".ready"

// makeOnce makes dir with make unless it is marked ready; it reports
// whether it made it.
func makeOnce(dir string, make func() error) (bool, error) {
	if _, err := os.Stat(filepath.Join(dir, readyName)); err == nil {
		return false, nil
	}
	if err := os.RemoveAll(dir); err != nil { // what a binary stopped midway left
		return false, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return false, err
	}
	if err := make(); err != nil {
		os.RemoveAll(dir)
		return false, err
	}
	return true, os.WriteFile(filepath.Join(dir, readyName), nil, 0o644)
}

// make packs, scaffolds, installs and builds into s.dir, which is empty.
func (s *npmSetUp) make(npm, stage string) error {
	if err := run(s.dir, npm, "pack", "--ignore-scripts", "--loglevel=error", "--pack-destination", s.dir, stage); err != nil {
		return err
	}
	if err := run(s.dir, npm, "create", "--yes", "vite@"+createViteVersion, "app", "--", "--template", "vanilla-ts", "--no-interactive"); err != nil {
		return err
	}
	args := append([]string{"install", "--no-audit", "--no-fund", "--loglevel=error", s.tarball}, envPackages...)
	if err := run(s.app(), npm, args...); err != nil {
		return err
	}
	// Inside the app, whose node_modules it resolves from.
	react := filepath.Join(s.app(), "react")
	if err := os.CopyFS(react, os.DirFS("testdata/react")); err != nil {
		return err
	}
	vite := filepath.Join(s.app(), "node_modules", ".bin", "vite")
	for _, mode := range reactModes {
		build := exec.Command(vite, "build", "--logLevel", "warn", "--outDir", s.reactBuild(mode))
		build.Dir = react
		build.Env = append(os.Environ(), "NODE_ENV="+mode)
		if out, err := build.CombinedOutput(); err != nil {
			return &commandError{build.String(), err, out}
		}
	}
	return nil
}

// hashFiles writes every file under dir, its path and its bytes, to h.
func hashFiles(h io.Writer, dir string) error {
	return filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		io.WriteString(h, filepath.ToSlash(rel)+"\x00")
		h.Write(data)
		return nil
	})
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

func copyFile(from, to string) error {
	data, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return os.WriteFile(to, data, 0o644)
}

// nodeModules serves the installed packages' files at /npm/, as a page
// that ships them from its own origin.
func nodeModules(t *testing.T) map[string]http.Handler {
	t.Helper()
	dir := filepath.Join(requireNPM(t).app(), "node_modules")
	return map[string]http.Handler{"/npm/": http.StripPrefix("/npm/", http.FileServer(http.Dir(dir)))}
}
