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

var allowHeaders = []string{"x-inbenta-key", "authorization", "content-type", "x-inbenta-session"}

// setCORS allows every origin, so that browser tests fail on what the
// emulated API decides (e.g. a Domain Key's origins), not on CORS.
func setCORS(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	origin := r.Header.Get("Origin")
	if origin == "" {
		origin = "*"
	}
	h.Set("Access-Control-Allow-Origin", origin)
	h.Add("Vary", "Origin")
	h.Set("Access-Control-Expose-Headers", exposeHeaders)
}

// preflight answers an OPTIONS request. Requested headers are allowed too,
// so a header the SDK starts sending needs no change here.
func preflight(w http.ResponseWriter, r *http.Request) {
	setCORS(w, r)
	headers := slices.Clone(allowHeaders)
	for field := range strings.SplitSeq(r.Header.Get("Access-Control-Request-Headers"), ",") {
		name := strings.ToLower(strings.TrimSpace(field))
		if name != "" && !slices.Contains(headers, name) {
			headers = append(headers, name)
		}
	}
	h := w.Header()
	h.Set("Access-Control-Allow-Methods", allowMethods)
	h.Set("Access-Control-Allow-Headers", strings.Join(headers, ", "))
	h.Set("Access-Control-Max-Age", "600")
	w.WriteHeader(http.StatusNoContent)
}
