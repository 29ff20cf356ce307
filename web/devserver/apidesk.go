//go:build !(js && wasm)

package devserver

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
)

// apiDesk stands in front of the emulated API and tells the developer what
// a browser hides from the page: which page origins were refused (the page
// sees only a failed fetch, as CORS wants) and, in the 404 itself, which
// base a wrong authURL missed.
type apiDesk struct {
	api     http.Handler
	apiURL  string   // the API's origin; the Auth API's base is apiURL + "/v1"
	origins []string // those the Domain Key is registered for
	log     io.Writer

	mu   sync.Mutex
	told map[string]bool // each refused origin and unknown path, logged once
}

// maxTold bounds what the desk remembers, whatever a client sends.
const maxTold = 100

// authRoutes are the Auth API's paths below its base, for the hint that a
// path missed the base.
var authRoutes = []string{"/auth", "/refreshToken", "/apis"}

func (k *apiDesk) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	watched := &watchedAnswer{ResponseWriter: w}
	k.api.ServeHTTP(watched, r)
	if watched.held != nil {
		body := watched.held.Bytes()
		if bytes.Equal(bytes.TrimSpace(body), []byte(unknownPath)) {
			body = []byte(k.notFound(r))
		}
		w.Header().Del("Content-Length")
		w.WriteHeader(http.StatusNotFound)
		_, _ = w.Write(body)
	}
	origin := r.Header.Get("Origin")
	// The emulator grants CORS by its own rules; an origin given with
	// -origin and still not granted was refused on purpose (a fault).
	if origin != "" && w.Header().Get("Access-Control-Allow-Origin") == "" && !slices.Contains(k.origins, origin) {
		k.refused(origin)
	}
}

// refused logs, once per origin, a page the API refused for its origin.
func (k *apiDesk) refused(origin string) {
	if origin == "null" {
		k.tell("origin null", "refused a page with Origin: null (opened from a file, or a sandboxed frame): "+
			"no flag can admit it; serve the page over http, e.g. with -static DIR")
		return
	}
	k.tell("origin "+origin, "refused a page on "+origin+": its origin is not registered for the Domain Key, "+
		"so the page sees a failed fetch. Admit it with -origin "+origin+", e.g. make run ARGS='-origin "+origin+"'")
}

// notFound is the body of the emulator's 404, which it answers for any
// path it does not serve: it names the path and where the API is.
func (k *apiDesk) notFound(r *http.Request) string {
	base := k.apiURL + "/v1"
	path := r.URL.Path
	var msg string
	switch {
	case strings.HasPrefix(path, "/prod/"):
		product, _, _ := strings.Cut(strings.TrimPrefix(path, "/prod/"), "/")
		msg = "Not found: " + path + " is not a product API's path here. The products are at " +
			k.apiURL + "/prod/" + product + "/v1/... (chatbot, search, knowledge), as client.apis says"
	case slices.Contains(authRoutes, path):
		msg = "Not found: " + path + " is not a path of this Auth API. Its base (authURL) is " + base +
			": did you mean " + base + path + "? authURL ends in /v1"
	default:
		msg = "Not found: " + path + " is not a path of this Auth API. Its base (authURL) is " + base +
			", with " + strings.Join(authRoutes, ", ") + " below it"
	}
	k.tell("path "+path, "no such path on the emulated API: "+r.Method+" "+path+". authURL is "+base)
	b, _ := json.Marshal(map[string]any{"error": map[string]any{"code": http.StatusNotFound, "message": msg}})
	return string(b)
}

// tell writes line to the log, once per key.
func (k *apiDesk) tell(key, line string) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.told[key] || len(k.told) >= maxTold {
		return
	}
	k.told[key] = true
	fmt.Fprintln(k.log, "devserver: "+line)
}

// unknownPath is the emulator's answer to a path it does not serve.
const unknownPath = `{"error":{"code":404,"message":"Not found"}}`

// watchedAnswer passes an answer through, but for a 404, which it holds
// for the desk to tell an unknown path from the API's other 404s.
type watchedAnswer struct {
	http.ResponseWriter
	status int
	held   *bytes.Buffer // a 404's body
}

func (w *watchedAnswer) WriteHeader(status int) {
	if w.status != 0 {
		return
	}
	w.status = status
	if status == http.StatusNotFound {
		w.held = new(bytes.Buffer)
		return
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *watchedAnswer) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.WriteHeader(http.StatusOK)
	}
	if w.held != nil {
		return w.held.Write(b)
	}
	return w.ResponseWriter.Write(b)
}

// Hijack lets the emulator's dropped-connection faults through.
func (w *watchedAnswer) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	return http.NewResponseController(w.ResponseWriter).Hijack()
}
