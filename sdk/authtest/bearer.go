//go:build !(js && wasm)

package authtest

import (
	"net/http"
	"strings"
)

// handleRefresh leaves the presented token valid until it expires: the docs
// do not say that a refresh revokes it.
func (a *API) handleRefresh(w http.ResponseWriter, r *http.Request) {
	if _, ok := a.checkToken(w, r); !ok {
		return
	}
	a.mu.Lock()
	g := a.issueLocked(r.Header.Get("x-inbenta-key"))
	if a.refreshAPIs {
		g.APIs = a.apisLocked(r)
	}
	a.mu.Unlock()
	writeJSON(w, g)
}

func (a *API) handleAPIs(w http.ResponseWriter, r *http.Request) {
	if apiKey := r.Header.Get("x-inbenta-key"); apiKey != "" {
		a.countUsage(w, apiKey)
	}
	if _, ok := a.checkToken(w, r); !ok {
		return
	}
	a.mu.Lock()
	apis := a.apisLocked(r)
	a.mu.Unlock()
	writeJSON(w, map[string]any{"apis": apis})
}

// SetTokenRefusal chooses how the gateway refuses a token it does not
// accept (unknown, expired, revoked, of another instance, not Bearer):
// http.StatusForbidden (the default) answers 403 GatewayDeny, what the
// gateway documents; http.StatusUnauthorized answers 401
// GatewayUnauthorized, what Inbenta's connectors also check for.
func (a *API) SetTokenRefusal(status int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.refusal = status
}

// checkToken answers like the gateway when r lacks a live token for its API
// key, and otherwise returns the token's sequence number.
func (a *API) checkToken(w http.ResponseWriter, r *http.Request) (int, bool) {
	apiKey := r.Header.Get("x-inbenta-key")
	authz := r.Header.Get("Authorization")
	if apiKey == "" || authz == "" {
		writeRaw(w, http.StatusUnauthorized, GatewayUnauthorized)
		return 0, false
	}
	value, bearer := strings.CutPrefix(authz, "Bearer ")
	a.mu.Lock()
	seq, valid := a.validLocked(apiKey, value)
	a.mu.Unlock()
	if !bearer || !valid {
		a.mu.Lock()
		refusal := a.refusal
		a.mu.Unlock()
		if refusal == http.StatusUnauthorized {
			writeRaw(w, http.StatusUnauthorized, GatewayUnauthorized)
		} else {
			writeRaw(w, http.StatusForbidden, GatewayDeny)
		}
		return 0, false
	}
	return seq, true
}

// apisLocked lists the product base URLs. By default they point back at the
// request's own host, where the emulator serves the products.
func (a *API) apisLocked(r *http.Request) map[string]string {
	base := a.productBase
	if base == "" {
		scheme := "http"
		if r.TLS != nil {
			scheme = "https"
		}
		base = scheme + "://" + r.Host
	}
	apis := make(map[string]string, len(products))
	for _, p := range products {
		apis[p] = base + "/prod/" + p
	}
	return apis
}
