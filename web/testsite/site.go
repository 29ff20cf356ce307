package main

import (
	"errors"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
)

// contentTypes pins the types the site depends on: mime.TypeByExtension also reads
// the system's mime.types, which may, say, call .js application/javascript.
var contentTypes = map[string]string{
	".html": "text/html; charset=utf-8",
	".js":   "text/javascript; charset=utf-8",
	".mjs":  "text/javascript; charset=utf-8",
	".css":  "text/css; charset=utf-8",
	".json": "application/json",
	".wasm": "application/wasm",
	".ts":   "text/plain; charset=utf-8",
	".svg":  "image/svg+xml",
}

// encodings lists the precompressed siblings of dist files, in order of preference.
var encodings = []struct{ name, ext string }{{"br", ".br"}, {"gzip", ".gz"}}

type site struct {
	static, dist http.Dir
	csp          string
}

// newSiteHandler serves the pages and static assets of staticDir at / and the build
// output of distDir at /dist/. apiOrigins are the origins the pages may connect to.
func newSiteHandler(staticDir, distDir string, apiOrigins ...string) http.Handler {
	connect := strings.Join(append([]string{"'self'"}, apiOrigins...), " ")
	return &site{
		static: http.Dir(staticDir),
		dist:   http.Dir(distDir),
		csp: "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; connect-src " + connect +
			"; style-src 'self'; img-src 'self' data:",
	}
}

func (s *site) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	w.Header().Set("X-Content-Type-Options", "nosniff")

	name := path.Clean("/" + r.URL.Path)
	if rest, ok := strings.CutPrefix(name, "/dist"); ok && (rest == "" || rest[0] == '/') {
		// The response depends on Accept-Encoding even when no sibling exists yet.
		w.Header().Set("Vary", "Accept-Encoding")
		s.serveFile(w, r, s.dist, rest, r.Header.Get("Accept-Encoding"))
		return
	}
	if name == "/" {
		name = "/index.html"
	}
	s.serveFile(w, r, s.static, name, "")
}

// serveFile serves dir/name, or its precompressed sibling when acceptEncoding allows one.
func (s *site) serveFile(w http.ResponseWriter, r *http.Request, dir http.Dir, name, acceptEncoding string) {
	f, info, err := openFile(dir, name)
	if err != nil {
		serveError(w, err)
		return
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
	h.Set("Cache-Control", "no-cache")
	if strings.HasPrefix(ctype, "text/html") {
		h.Set("Content-Security-Policy", s.csp)
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
		return
	}
	h.Set("ETag", etag(info, "identity"))
	http.ServeContent(w, r, name, info.ModTime(), f)
}

// openFile opens a regular file; directories count as missing so nothing is ever listed.
func openFile(dir http.Dir, name string) (http.File, fs.FileInfo, error) {
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
