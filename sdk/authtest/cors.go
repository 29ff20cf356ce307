//go:build !(js && wasm)

package authtest

import (
	"net/http"
	"slices"
	"strings"
)

const (
	allowMethods = "GET, POST, PUT, PATCH, DELETE, OPTIONS"
	// exposeHeaders lets page scripts read the rate-limit headers.
	exposeHeaders = "Retry-After, x-quota-usage, x-throttle-usage, x-quota-reset, x-throttle-reset"
)

// requestHeaders are the request headers Inbenta's APIs take from a
// browser (INBENTA.md): the only ones preflights grant, unless
// AllowHeaders adds more. A header the SDK starts sending must be added
// here, which is the point: the real API would refuse it too.
var requestHeaders = []string{
	"x-inbenta-key", "authorization", "content-type",
	"x-inbenta-env", "x-inbenta-user-type", "x-inbenta-source", "x-inbenta-session",
}

// AllowHeaders adds request headers that preflights grant, beyond those
// Inbenta's APIs take, for tests that send headers of their own.
func (a *API) AllowHeaders(names ...string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, n := range names {
		n = strings.ToLower(strings.TrimSpace(n))
		if n != "" && !slices.Contains(a.headers, n) {
			a.headers = append(a.headers, n)
		}
	}
}

// AllowOrigins lets pages on origins get CORS grants whatever API key they
// use, as pages registered for no Domain Key (access-token mode on a site
// of their own) need. "null" is never allowed.
func (a *API) AllowOrigins(origins ...string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.origins = append(a.origins, origins...)
}

// originAllowedLocked reports whether a page on origin may read answers to
// requests made with apiKey: origins given to AllowOrigins, and those
// registered for the instance's Domain Keys. A preflight names no key, and
// a request may name one the emulator does not know (its 401 must still
// reach the page): then the origins of every instance count.
func (a *API) originAllowedLocked(origin, apiKey string) bool {
	if origin == "" || origin == "null" {
		return false
	}
	if slices.Contains(a.origins, origin) {
		return true
	}
	if in, ok := a.instances[apiKey]; ok {
		return in.allows(origin)
	}
	for _, in := range a.instances {
		if in.allows(origin) {
			return true
		}
	}
	return false
}

func (in *instance) allows(origin string) bool {
	for _, origins := range in.domainKeys {
		if slices.Contains(origins, origin) {
			return true
		}
	}
	return false
}

// setCORS grants r's origin, when it is allowed (see originAllowedLocked),
// the reading of the answer. A page on any other origin, the browser's
// "null" included, sees a CORS failure, as it would with the real API.
// It reports whether it granted.
func (a *API) setCORS(w http.ResponseWriter, r *http.Request) bool {
	h := w.Header()
	h.Add("Vary", "Origin")
	origin := r.Header.Get("Origin")
	a.mu.Lock()
	ok := a.originAllowedLocked(origin, r.Header.Get("x-inbenta-key"))
	a.mu.Unlock()
	if !ok {
		return false
	}
	h.Set("Access-Control-Allow-Origin", origin)
	h.Set("Access-Control-Expose-Headers", exposeHeaders)
	return true
}

// preflight answers an OPTIONS request: an allowed origin is granted the
// methods and the allowed request headers, never a header merely because
// the preflight asks for it.
func (a *API) preflight(w http.ResponseWriter, r *http.Request) {
	if a.setCORS(w, r) {
		a.mu.Lock()
		headers := strings.Join(append(slices.Clone(requestHeaders), a.headers...), ", ")
		a.mu.Unlock()
		h := w.Header()
		h.Set("Access-Control-Allow-Methods", allowMethods)
		h.Set("Access-Control-Allow-Headers", headers)
		h.Set("Access-Control-Max-Age", "600")
	}
	w.WriteHeader(http.StatusNoContent)
}
