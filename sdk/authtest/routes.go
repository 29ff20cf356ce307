//go:build !(js && wasm)

package authtest

import (
	"errors"
	"io"
	"net/http"
	"slices"
	"strings"
)

// Route names for Count, Requests and Fail.
const (
	routeAuth      = "auth"
	routeRefresh   = "refreshToken"
	routeAPIs      = "apis"
	routePreflight = "preflight"
)

var products = []string{"chatbot", "knowledge", "search"}

// maxBody bounds what a request may make the emulator read and keep.
const maxBody = 1 << 20

// routeMethods holds the Auth API's methods; products take any method.
var routeMethods = map[string]string{
	routeAuth:    http.MethodPost,
	routeRefresh: http.MethodPost,
	routeAPIs:    http.MethodGet,
}

// ServeHTTP serves the emulated API.
func (a *API) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodOptions {
		a.record(routePreflight, r, "")
		a.preflight(w, r)
		return
	}
	route, rest := routeOf(r.URL.Path)
	if route == "" {
		a.setCORS(w, r)
		writeAPIError(w, http.StatusNotFound, "Not found")
		return
	}
	b, readErr := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	body := string(b)
	f := a.record(route, r, body)
	if !f.NoCORS {
		a.setCORS(w, r)
	}
	for k, v := range f.Header {
		w.Header().Set(k, v)
	}
	if !f.apply(w, r) {
		return
	}
	if readErr != nil {
		if _, tooLarge := errors.AsType[*http.MaxBytesError](readErr); tooLarge {
			writeAPIError(w, http.StatusRequestEntityTooLarge, "Request body too large")
		} else {
			writeAPIError(w, http.StatusBadRequest, "Could not read request body")
		}
		return
	}
	if m, ok := routeMethods[route]; ok && r.Method != m {
		w.Header().Set("Allow", m+", OPTIONS")
		writeAPIError(w, http.StatusMethodNotAllowed, "Method not allowed")
		return
	}
	switch route {
	case routeAuth:
		a.handleAuth(w, r, body)
	case routeRefresh:
		a.handleRefresh(w, r)
	case routeAPIs:
		a.handleAPIs(w, r)
	default:
		a.handleProduct(w, r, route, rest, body)
	}
}

// routeOf names the route of path; for products it also returns the path
// below the product base ("/v1/..."). It returns "" for unknown paths.
func routeOf(path string) (route, rest string) {
	switch path {
	case "/v1/auth":
		return routeAuth, ""
	case "/v1/refreshToken":
		return routeRefresh, ""
	case "/v1/apis":
		return routeAPIs, ""
	}
	p, ok := strings.CutPrefix(path, "/prod/")
	if !ok {
		return "", ""
	}
	product, rest, _ := strings.Cut(p, "/")
	rest = "/" + rest
	if !slices.Contains(products, product) || (rest != "/v1" && !strings.HasPrefix(rest, "/v1/")) {
		return "", ""
	}
	return product, rest
}
