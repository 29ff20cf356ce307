//go:build !(js && wasm)

package loader

import (
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"path"
	"regexp"
	"strings"
)

// WasmName is the wasm make build compiles; the bundle keeps it under that
// name for pages that set options.wasmURL, and under WasmFile's
// content-hashed name, which the loaders load by default.
const WasmName = "inbenta-auth.wasm"

// WasmFile is the content-hashed name of the wasm whose SRI hash is
// integrity: inbenta-auth.<the digest's first 8 bytes in hex>.wasm, or
// WasmName for none. A file so named never changes, so a browser may keep
// it, and the code V8 compiled from it, for good (CacheControl).
func WasmFile(integrity string) string {
	digest, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(integrity, "sha384-"))
	if !sriRE.MatchString(integrity) || err != nil {
		return WasmName
	}
	return strings.TrimSuffix(WasmName, ".wasm") + "." + hex.EncodeToString(digest[:8]) + ".wasm"
}

// hashedRE matches WasmFile's names, and their precompressed siblings.
var hashedRE = regexp.MustCompile(`\.[0-9a-f]{16}\.wasm(\.br|\.gz)?$`)

// Hashed reports whether name (a file or URL path) is content-hashed.
func Hashed(name string) bool { return hashedRE.MatchString(path.Base(name)) }

// CacheControl is how long a browser may keep a file of the bundle: a
// content-hashed name for a year, unrevalidated; any other name (the
// loaders, wasm_exec.js, whose bytes change under the same name) only
// after asking the server (a 304 when unchanged).
func CacheControl(name string) string {
	if Hashed(name) {
		return "public, max-age=31536000, immutable"
	}
	return "no-cache"
}

// WithCacheControl serves h's successful answers with the CacheControl of
// their path, whatever h set.
func WithCacheControl(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(&cacheWriter{ResponseWriter: w, value: CacheControl(r.URL.Path)}, r)
	})
}

type cacheWriter struct {
	http.ResponseWriter
	value   string
	written bool
}

func (w *cacheWriter) WriteHeader(code int) {
	if !w.written && (code == http.StatusOK || code == http.StatusNotModified || code == http.StatusPartialContent) {
		w.Header().Set("Cache-Control", w.value)
	}
	w.written = true
	w.ResponseWriter.WriteHeader(code)
}

func (w *cacheWriter) Write(b []byte) (int, error) {
	if !w.written {
		w.WriteHeader(http.StatusOK)
	}
	return w.ResponseWriter.Write(b)
}
