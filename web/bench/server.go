//go:build !(js && wasm)

package main

import (
	"io/fs"
	"net/http"
	"net/http/httptest"

	"github.com/inbenta-community/inbenta-auth/web/loader"
	"github.com/inbenta-community/inbenta-auth/web/testsite"
)

// site is what the benchmark pages load from: web/testsite's static site
// (application/wasm, precompressed .br/.gz siblings) on loopback, with
// nothing cached so that every page load is cold.
type site struct {
	*httptest.Server
	*testsite.Site
}

// newSite serves pages at / and each dir of mounts at its prefix
// ("/dist/" -> web/dist). Nothing is cached unless cached: then files are
// served as the README's hosting advice says (loader.CacheControl), as the
// dev server does, for the repeat visits.
func newSite(pages fs.FS, mounts map[string]string, cached bool) *site {
	s := testsite.New(http.FS(pages))
	s.CacheControl = "no-store"
	for prefix, dir := range mounts {
		s.Mount(prefix, http.Dir(dir))
	}
	var h http.Handler = s
	if cached {
		h = loader.WithCacheControl(s)
	}
	return &site{Server: httptest.NewServer(h), Site: s}
}
