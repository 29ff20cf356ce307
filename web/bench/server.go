//go:build !(js && wasm)

package main

import (
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"strings"
	"sync"
)

// The site the benchmark pages load from: a small static server on loopback,
// like the dev server's (application/wasm, precompressed .br/.gz siblings),
// with nothing cached so every page load is cold.

var contentTypes = map[string]string{
	".html": "text/html; charset=utf-8",
	".js":   "text/javascript; charset=utf-8",
	".wasm": "application/wasm",
}

type site struct {
	*httptest.Server
	mu      sync.Mutex
	encoded map[string]string // last Content-Encoding served per path
}

// newSite serves pages at / and each dir of mounts at its prefix
// ("/dist/" -> web/dist).
func newSite(pages fs.FS, mounts map[string]string) *site {
	s := &site{encoded: map[string]string{}}
	mux := http.NewServeMux()
	for prefix, dir := range mounts {
		mux.Handle(prefix, http.StripPrefix(strings.TrimSuffix(prefix, "/"), s.files(os.DirFS(dir), prefix)))
	}
	mux.Handle("/", s.files(pages, ""))
	s.Server = httptest.NewServer(mux)
	return s
}

// files serves fsys. A mount (prefix not empty) serves precompressed
// siblings when the browser accepts them.
func (s *site) files(fsys fs.FS, prefix string) http.Handler {
	precompressed := prefix != ""
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
		h := w.Header()
		h.Set("Cache-Control", "no-store")
		ctype := contentTypes[path.Ext(name)]
		if ctype == "" {
			ctype = "application/octet-stream"
		}
		h.Set("Content-Type", ctype)
		encoding := ""
		if precompressed {
			h.Set("Vary", "Accept-Encoding")
			for _, enc := range []struct{ name, ext string }{{"br", ".br"}, {"gzip", ".gz"}} {
				if acceptsEncoding(r.Header.Get("Accept-Encoding"), enc.name) && isFile(fsys, name+enc.ext) {
					encoding, name = enc.name, name+enc.ext
					h.Set("Content-Encoding", encoding)
					break
				}
			}
		}
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			h.Del("Content-Encoding")
			http.NotFound(w, r)
			return
		}
		if strings.HasSuffix(r.URL.Path, ".wasm") {
			s.mu.Lock()
			s.encoded[strings.TrimSuffix(prefix, "/")+r.URL.Path] = encoding
			s.mu.Unlock()
		}
		_, _ = w.Write(data)
	})
}

// encodingOf reports the Content-Encoding last served for urlPath, "identity" for none.
func (s *site) encodingOf(urlPath string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if e, ok := s.encoded[urlPath]; ok && e != "" {
		return e
	}
	if _, ok := s.encoded[urlPath]; ok {
		return "identity"
	}
	return "not served"
}

func isFile(fsys fs.FS, name string) bool {
	info, err := fs.Stat(fsys, name)
	return err == nil && info.Mode().IsRegular()
}

// acceptsEncoding reports whether an Accept-Encoding header lists coding
// (q=0 is not used by browsers for these codings, so it is not parsed).
func acceptsEncoding(header, coding string) bool {
	for part := range strings.SplitSeq(header, ",") {
		name, _, _ := strings.Cut(part, ";")
		if strings.EqualFold(strings.TrimSpace(name), coding) {
			return true
		}
	}
	return false
}

// writeSiblings writes name.br and name.gz from already compressed bytes.
func writeSiblings(name string, br, gz []byte) error {
	if err := os.WriteFile(name+".br", br, 0o644); err != nil {
		return err
	}
	return os.WriteFile(name+".gz", gz, 0o644)
}
