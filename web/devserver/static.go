//go:build !(js && wasm)

package devserver

import (
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/inbenta-community/inbenta-auth/web/testsite"
)

// buildMounts are where the site serves the build: /inbenta/, where the
// README's snippets look for it, and /dist/, where the demo does.
var buildMounts = []string{"/inbenta/", "/dist/"}

// ownPaths are the site's paths the dev server answers itself, whatever the
// folder of pages holds.
var ownPaths = []string{"/demo/config.json", tokenPath, faultPath, "/testsite/"}

// checkStatic refuses a folder of pages that is not there: served, it would
// answer 404 for every page, which reads as a lost page, not a wrong flag.
func checkStatic(dir string) error {
	if dir == "" {
		return errors.New("no folder of pages: -static takes the folder that holds your index.html")
	}
	info, err := os.Stat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return missing("the folder of pages " + dir + " does not exist (-static takes the folder that holds your index.html)")
	}
	if err != nil {
		return fmt.Errorf("the folder of pages %s (-static): %w", dir, err)
	}
	if !info.IsDir() {
		return fmt.Errorf("the folder of pages %s is not a folder (-static takes the folder that holds your index.html)", dir)
	}
	return nil
}

// newSite serves the pages of c.StaticDir and the build. A folder of pages
// that has its own copy at one of the build's mounts keeps it: a site that
// copied the SDK to /inbenta/, as the README says, runs here as it is. What
// it changes, and what the dev server's own paths hide, it returns as notes
// for the person who started the server.
func newSite(c Config, apiURL string) (site *testsite.Site, buildAt, notes []string) {
	site = testsite.New(http.Dir(c.StaticDir))
	for _, prefix := range buildMounts {
		own := filepath.Join(c.StaticDir, strings.Trim(prefix, "/"))
		if info, err := os.Stat(own); err == nil && info.IsDir() {
			notes = append(notes, prefix+" serves "+own+", your copy, not the build in "+c.DistDir)
			continue
		}
		site.Mount(prefix, http.Dir(c.DistDir))
		buildAt = append(buildAt, prefix)
	}
	for _, p := range ownPaths {
		if _, err := os.Stat(filepath.Join(c.StaticDir, filepath.FromSlash(strings.TrimSuffix(p, "/")))); err == nil {
			notes = append(notes, filepath.Join(c.StaticDir, filepath.FromSlash(strings.TrimSuffix(p, "/")))+
				" is not served: the dev server answers "+p+" itself")
		}
	}
	switch c.CSP {
	case CSPStrict:
		site.CSP = testsite.PageCSP(apiURL)
	case CSPInline:
		site.CSP = inlineCSP(apiURL)
	}
	return site, buildAt, notes
}

// inlineCSP is testsite.PageCSP with inline scripts and styles allowed.
func inlineCSP(apiURL string) string {
	return "default-src 'self'; script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'; connect-src 'self' " + apiURL +
		"; style-src 'self' 'unsafe-inline'; img-src 'self' data:"
}

// missing is an error that says all there is to say, and is fs.ErrNotExist.
type missing string

func (m missing) Error() string { return string(m) }
func (missing) Unwrap() error   { return fs.ErrNotExist }
