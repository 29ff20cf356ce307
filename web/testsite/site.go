//go:build !(js && wasm)

// Package testsite is what the browser tests, the benchmark and the dev
// server share around a browser: a static site that serves a build with its
// precompressed siblings, the movable clock pages load, headless Chromium
// and its tabs, and the pages' console.
package testsite

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"
)

// contentTypes pins the types the site depends on: mime.TypeByExtension also reads
// the system's mime.types, which may, say, call .js application/javascript.
var contentTypes = map[string]string{
	".html": "text/html; charset=utf-8",
	".js":   "text/javascript; charset=utf-8",
	".mjs":  "text/javascript; charset=utf-8",
	".css":  "text/css; charset=utf-8",
	".json": "application/json",
	".map":  "application/json", // source maps
	".wasm": "application/wasm",
	".ts":   "text/plain; charset=utf-8",
	".svg":  "image/svg+xml",
}

// encodings lists the precompressed siblings of dist files, in order of preference.
var encodings = []struct{ name, ext string }{{"br", ".br"}, {"gzip", ".gz"}}

//go:embed js
var helpers embed.FS

// Site serves pages at /, this package's helper scripts at /testsite/ (the
// movable clock: /testsite/clock.js), and build outputs at their mounts,
// with precompressed .br/.gz siblings when the browser accepts them.
type Site struct {
	pages  http.FileSystem
	mounts map[string]http.FileSystem // by prefix without its trailing slash: "/dist"
	// CSP is the Content-Security-Policy of every HTML page; none when empty.
	CSP string
	// CacheControl is every answer's; NewSite's is no-cache, the benchmark's
	// no-store (every page load is cold).
	CacheControl string

	mu      sync.Mutex
	encoded map[string]string // the Content-Encoding last served, by .wasm URL path
}

// New serves pages at /. Mount adds build outputs.
func New(pages http.FileSystem) *Site {
	return &Site{pages: pages, mounts: map[string]http.FileSystem{}, CacheControl: "no-cache", encoded: map[string]string{}}
}

// NewSite serves the pages and static assets of pagesDir at / and the build
// output of distDir at /dist/, under a CSP that lets pages connect only to
// their own origin and apiOrigins.
func NewSite(pagesDir, distDir string, apiOrigins ...string) *Site {
	s := New(http.Dir(pagesDir))
	s.Mount("/dist/", http.Dir(distDir))
	s.CSP = PageCSP(apiOrigins...)
	return s
}

// PageCSP is what a page of the SDK's needs and no more: scripts from its
// origin plus WebAssembly compilation, connections to apiOrigins.
func PageCSP(apiOrigins ...string) string {
	connect := strings.Join(append([]string{"'self'"}, apiOrigins...), " ")
	return "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; connect-src " + connect +
		"; style-src 'self'; img-src 'self' data:"
}

// Mount serves dir at prefix ("/dist/"), with precompressed siblings.
func (s *Site) Mount(prefix string, dir http.FileSystem) {
	s.mounts[strings.TrimSuffix(prefix, "/")] = dir
}

// EncodingOf reports the Content-Encoding last served for urlPath (a .wasm
// file of a mount), "identity" for none, "not served" before any.
func (s *Site) EncodingOf(urlPath string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.encoded[urlPath]
	switch {
	case !ok:
		return "not served"
	case e == "":
		return "identity"
	}
	return e
}

func (s *Site) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	w.Header().Set("X-Content-Type-Options", "nosniff")

	name := path.Clean("/" + r.URL.Path)
	for prefix, dir := range s.mounts {
		if rest, ok := strings.CutPrefix(name, prefix); ok && (rest == "" || rest[0] == '/') {
			// The response depends on Accept-Encoding even when no sibling exists yet.
			w.Header().Set("Vary", "Accept-Encoding")
			encoding := s.serveFile(w, r, dir, rest, r.Header.Get("Accept-Encoding"))
			if path.Ext(name) == ".wasm" {
				s.mu.Lock()
				s.encoded[name] = encoding
				s.mu.Unlock()
			}
			return
		}
	}
	if rest, ok := strings.CutPrefix(name, "/testsite/"); ok {
		s.serveFile(w, r, http.FS(helpers), "/js/"+rest, "")
		return
	}
	if name == "/" {
		name = "/index.html"
	}
	s.serveFile(w, r, s.pages, name, "")
}

// serveFile serves dir/name, or its precompressed sibling when acceptEncoding
// allows one, and returns the Content-Encoding it used ("" for none).
func (s *Site) serveFile(w http.ResponseWriter, r *http.Request, dir http.FileSystem, name, acceptEncoding string) string {
	f, info, err := openFile(dir, name)
	if err != nil {
		serveError(w, err)
		return ""
	}
	defer f.Close()

	ctype, ok := contentTypes[path.Ext(name)]
	if !ok {
		ctype = mime.TypeByExtension(path.Ext(name))
	}
	if ctype == "" {
		ctype = "application/octet-stream"
	}
	h := w.Header()
	h.Set("Content-Type", ctype)
	h.Set("Cache-Control", s.CacheControl)
	if s.CSP != "" && strings.HasPrefix(ctype, "text/html") {
		h.Set("Content-Security-Policy", s.CSP)
	}

	for _, enc := range encodings {
		if !accepts(acceptEncoding, enc.name) {
			continue
		}
		cf, cinfo, err := openFile(dir, name+enc.ext)
		if err != nil {
			continue
		}
		defer cf.Close()
		// A sibling older than its original is left over from a previous build.
		if cinfo.ModTime().Before(info.ModTime()) {
			continue
		}
		h.Set("Content-Encoding", enc.name)
		h.Set("ETag", etag(cinfo, enc.name))
		http.ServeContent(w, r, name, cinfo.ModTime(), cf)
		return enc.name
	}
	h.Set("ETag", etag(info, "identity"))
	http.ServeContent(w, r, name, info.ModTime(), f)
	return ""
}

// openFile opens a regular file; directories count as missing so nothing is ever listed.
func openFile(dir http.FileSystem, name string) (http.File, fs.FileInfo, error) {
	f, err := dir.Open(name)
	if err != nil {
		return nil, nil, err
	}
	info, err := f.Stat()
	if err == nil && !info.Mode().IsRegular() {
		err = fs.ErrNotExist
	}
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	return f, info, nil
}

func serveError(w http.ResponseWriter, err error) {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		http.Error(w, "404 page not found", http.StatusNotFound)
	case errors.Is(err, fs.ErrPermission):
		http.Error(w, "403 forbidden", http.StatusForbidden)
	default:
		http.Error(w, "500 internal server error", http.StatusInternalServerError)
	}
}

func etag(info fs.FileInfo, encoding string) string {
	return fmt.Sprintf(`"%x-%x-%s"`, info.ModTime().UnixNano(), info.Size(), encoding)
}

// accepts reports whether an Accept-Encoding header allows coding, honouring q=0.
func accepts(header, coding string) bool {
	for part := range strings.SplitSeq(header, ",") {
		name, params, _ := strings.Cut(part, ";")
		if !strings.EqualFold(strings.TrimSpace(name), coding) {
			continue
		}
		for param := range strings.SplitSeq(params, ";") {
			k, v, _ := strings.Cut(param, "=")
			if strings.EqualFold(strings.TrimSpace(k), "q") {
				q, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
				return err == nil && q > 0
			}
		}
		return true
	}
	return false
}
