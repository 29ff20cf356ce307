package main

import (
	"encoding/json"
	"errors"
	"mime"
	"net/http"
	"sync"

	"github.com/inbenta-community/inbenta-auth/sdk"
	"github.com/inbenta-community/inbenta-auth/sdk/authtest"
)

// Modes of the demo page, as it names them in /demo/fault requests.
const (
	modeDomainKey   = "domain-key"
	modeAccessToken = "access-token"
)

// faultRefreshFailure is the one fault kind: the next refresh fails.
const faultRefreshFailure = "refresh-failure"

// faultRequest is the body of POST /demo/fault.
type faultRequest struct {
	Kind string `json:"kind"`
	// Mode limits the fault to the page's mode, so that the half meant for
	// the other mode is not left armed for later; "" arms both.
	Mode string `json:"mode"`
}

// faultEndpoint is POST /demo/fault: it makes the next refresh fail, so
// that the page can show what the SDK does then.
type faultEndpoint struct {
	api    *authtest.API
	tokens *tokenEndpoint

	// The 403 queued on /auth is taken by the next exchange of any kind.
	// It stays pending while no exchange came since it was queued, which
	// happens when the SDK's breaker refused the refresh meant to take it.
	mu          sync.Mutex
	authArmed   bool
	authArmedAt int // the emulator's /auth count once the 403 was queued
}

// originRefused is what /auth answers when a Domain Key's origin is not
// allowed (see the README's assumptions), rather than the gateway's body
// that a bare 403 fault would carry.
const originRefused = `{"error":{"code":403,"message":"Origin not allowed for this domain key"}}`

// maxFaultBody bounds what a fault request may make the server read.
const maxFaultBody = 4 << 10

func (f *faultEndpoint) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "method not allowed: use POST", http.StatusMethodNotAllowed)
		return
	}
	// Requiring JSON makes a cross-origin request need a preflight, which
	// this server does not answer: other sites cannot arm faults.
	if ct, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || ct != "application/json" {
		http.Error(w, "send a JSON body with Content-Type: application/json", http.StatusUnsupportedMediaType)
		return
	}
	var req faultRequest
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxFaultBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			http.Error(w, "request body too large", http.StatusRequestEntityTooLarge)
			return
		}
		http.Error(w, `want {"kind": "`+faultRefreshFailure+`"}: `+err.Error(), http.StatusBadRequest)
		return
	}
	if req.Kind != faultRefreshFailure {
		http.Error(w, `unknown kind: the one kind is "`+faultRefreshFailure+`"`, http.StatusBadRequest)
		return
	}
	if req.Mode != "" && req.Mode != modeDomainKey && req.Mode != modeAccessToken {
		http.Error(w, `unknown mode: use "`+modeDomainKey+`", "`+modeAccessToken+`" or none for both`, http.StatusBadRequest)
		return
	}

	f.mu.Lock()
	defer f.mu.Unlock()
	pending := f.authArmed && f.api.Count("auth") == f.authArmedAt
	// The page's token stops working, so its next call must refresh...
	f.api.RevokeTokens()
	// ...and so does the server's, which /demo/token must not hand out again.
	err := f.tokens.renew(r.Context())
	if err != nil && pending {
		err = f.tokens.renew(r.Context()) // the first exchange took the pending 403
	}
	if err != nil {
		// Only the code: a message is no place to risk the Secret in.
		http.Error(w, "the token endpoint could not get a new token: "+string(sdk.CodeOf(err)), http.StatusBadGateway)
		return
	}
	// ...and that refresh fails: a Domain Key client's re-exchange at /auth
	// is refused, an access-token client's hook gets a 503 from its server.
	if req.Mode != modeAccessToken {
		f.api.Fail("auth", authtest.Fault{Status: http.StatusForbidden, Body: originRefused})
		f.authArmed, f.authArmedAt = true, f.api.Count("auth")
	}
	if req.Mode != modeDomainKey {
		f.tokens.failOnce()
	}
	w.WriteHeader(http.StatusNoContent)
}
