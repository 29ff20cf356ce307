//go:build !(js && wasm)

package devserver

import (
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/inbenta-community/inbenta-auth/sdk"
	"github.com/inbenta-community/inbenta-auth/sdk/authtest"
)

// Modes of the demo page, as it names them in /demo/fault requests.
const (
	modeDomainKey   = "domain-key"
	modeAccessToken = "access-token"
)

// Fault kinds of POST /demo/fault. Each one replaces whatever an earlier
// one left pending (see ServeHTTP).
const (
	// faultRefreshFailure revokes every token and makes the next refresh
	// fail: /auth answers 403 (Domain Key), /demo/token 503 (access token).
	faultRefreshFailure = "refresh-failure"
	// faultServerError: the next exchange meets two 503s, then works.
	faultServerError = "server-error"
	// faultRateLimit: the next exchange meets a 429 with Retry-After: 2.
	faultRateLimit = "rate-limit"
	// faultSlow: the next exchange's answer takes 3 s.
	faultSlow = "slow"
	// faultMalformed: the next exchange gets a 200 with a broken body.
	faultMalformed = "malformed"
	// faultExpireNow revokes every token: the next product call gets the
	// gateway's 403, and the SDK gets a new token and replays it.
	faultExpireNow = "expire-now"
	// faultExpireSession expires the chatbot's conversations so far and
	// nothing else: the next message gets 400 "Session expired", and the
	// SDK starts a new conversation and replays it.
	faultExpireSession = "expire-session"
	// faultClear withdraws what is still pending and revokes nothing.
	faultClear = "clear"
)

// faultKinds lists the kinds, for error messages.
var faultKinds = []string{
	faultRefreshFailure, faultServerError, faultRateLimit, faultSlow,
	faultMalformed, faultExpireNow, faultExpireSession, faultClear,
}

// slowDelay is how long the slow fault holds /auth's answer.
const slowDelay = 3 * time.Second

// malformedBody is a 200 answer cut short, as a proxy dropping the end of
// the body would leave it.
const malformedBody = `{"accessToken":"eyJ0eXAiOiJKV1Qi`

// exchangeFaults are the faults kind queues on /auth for the next exchange,
// or nil when kind is not about /auth. Each of these kinds also revokes
// every token, since a fault on /auth only shows when a token is needed.
func exchangeFaults(kind string) []authtest.Fault {
	switch kind {
	case faultServerError:
		return []authtest.Fault{{Status: http.StatusServiceUnavailable}, {Status: http.StatusServiceUnavailable}}
	case faultRateLimit:
		return []authtest.Fault{{Status: http.StatusTooManyRequests, Header: map[string]string{"Retry-After": "2"}}}
	case faultSlow:
		return []authtest.Fault{{Delay: slowDelay}}
	case faultMalformed:
		return []authtest.Fault{{Status: http.StatusOK, Body: malformedBody}}
	}
	return nil
}

// faultRequest is the body of POST /demo/fault.
type faultRequest struct {
	Kind string `json:"kind"`
	// Mode is the page's mode. For refresh-failure it limits the fault to
	// that mode, so that the half meant for the other mode is not left
	// armed for later; "" arms both. For the kinds that queue faults on
	// /auth it says whose exchange meets them: the page's (domain-key), or
	// the customer's server's, when the refresh hook asks it for a token
	// (access-token); "" leaves them to whichever exchange comes first.
	Mode string `json:"mode"`
}

// faultEndpoint is POST /demo/fault: it arms a fault on the emulated Auth
// API or the token endpoint, so that the page can show what the SDK does.
type faultEndpoint struct {
	api    *authtest.API
	tokens *tokenEndpoint

	mu sync.Mutex // one fault request at a time
}

// injectedRefusal is /auth's 403 for refresh-failure: the status the API
// gives an origin it does not allow (see the README's assumptions), with a
// message that the SDK passes on and that says what it is, so that the
// error does not read as a mistake in the page's configuration.
const injectedRefusal = `{"error":{"code":403,"message":"Injected fault (refresh-failure, from POST /demo/fault): ` +
	`this one exchange is refused as for an origin not allowed for the Domain Key; the next one works"}}`

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
	err := dec.Decode(&req)
	if err == nil {
		// One JSON value, and nothing after it.
		if _, err = dec.Token(); err == io.EOF {
			err = nil
		} else if err == nil {
			err = errors.New("unexpected data after the JSON object")
		}
	}
	if err != nil {
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			http.Error(w, "request body too large", http.StatusRequestEntityTooLarge)
			return
		}
		http.Error(w, `want {"kind": "`+faultServerError+`", "mode": "`+modeDomainKey+`"}: `+err.Error(), http.StatusBadRequest)
		return
	}
	if !slices.Contains(faultKinds, req.Kind) {
		http.Error(w, `unknown kind: use one of "`+strings.Join(faultKinds, `", "`)+`"`, http.StatusBadRequest)
		return
	}
	if req.Mode != "" && req.Mode != modeDomainKey && req.Mode != modeAccessToken {
		http.Error(w, `unknown mode: use "`+modeDomainKey+`", "`+modeAccessToken+`" or none for both`, http.StatusBadRequest)
		return
	}

	f.mu.Lock()
	defer f.mu.Unlock()
	// A new fault replaces what an earlier one left pending: a fault on
	// /auth that no exchange took (the SDK's breaker may have refused the
	// refresh meant to take it), a failure of the token endpoint that no
	// refresh took. Clearing first also keeps the renewals below from
	// taking them.
	f.api.ClearFaults("auth")
	f.tokens.disarm()
	switch req.Kind {
	case faultClear:
		w.WriteHeader(http.StatusNoContent)
		return
	case faultExpireSession:
		// The token stays good: the message meets the session's expiry
		// alone. The expiry is the fault, as the revocation is expire-now's.
		f.api.ExpireSessions("chatbot")
		w.WriteHeader(http.StatusNoContent)
		return
	}

	// Every other kind makes the page's token stop working, so that its
	// next call needs a new one...
	f.api.RevokeTokens()
	// ...and the server's too, which /demo/token must not hand out again:
	// it gets a new token now, unless the next exchange is meant to be its own.
	if exchangeFaults(req.Kind) != nil && req.Mode != modeDomainKey {
		err = f.tokens.reset()
	} else {
		err = f.tokens.renew(r.Context())
	}
	if err != nil {
		// Only the code: a message is no place to risk the Secret in.
		http.Error(w, "the token endpoint could not get a new token: "+string(sdk.CodeOf(err)), http.StatusBadGateway)
		return
	}

	switch req.Kind {
	case faultRefreshFailure:
		// The refresh fails: a Domain Key client's re-exchange at /auth is
		// refused, an access-token client's hook gets a 503 from its server.
		if req.Mode != modeAccessToken {
			f.api.Fail("auth", authtest.Fault{Status: http.StatusForbidden, Body: injectedRefusal})
		}
		if req.Mode != modeDomainKey {
			f.tokens.failOnce()
		}
	case faultExpireNow:
		// The revocation is the fault.
	default:
		f.api.Fail("auth", exchangeFaults(req.Kind)...)
	}
	w.WriteHeader(http.StatusNoContent)
}
