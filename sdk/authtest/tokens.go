//go:build !(js && wasm)

package authtest

import (
	"crypto/rand"
	"encoding/base64"
	"math"
	"time"
)

type token struct {
	seq    int
	apiKey string
	expiry time.Time // whole seconds, as announced in "expiration"
}

type tokenStore struct {
	byValue map[string]*token
	lastSeq int
	// revokedThrough is the highest sequence number revoked by RevokeTokens;
	// one number suffices because sequence numbers only grow.
	revokedThrough int
}

// grant is the token part of /auth and /refreshToken answers.
type grant struct {
	AccessToken string            `json:"accessToken"`
	Expiration  int64             `json:"expiration"`
	ExpiresIn   int64             `json:"expires_in"`
	APIs        map[string]string `json:"apis,omitempty"`
}

// RevokeTokens invalidates every token issued so far, as a key rotation or
// an expiry the client did not notice would.
func (a *API) RevokeTokens() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.tokens.revokedThrough = a.tokens.lastSeq
}

func (a *API) issueLocked(apiKey string) grant {
	a.tokens.lastSeq++
	value := randomString(32)
	// Rounding up keeps a short TTL (1 s in tests) from yielding a token
	// that is already expired when announced.
	expiry := a.now().Add(a.ttl)
	expiration := expiry.Unix()
	if expiry.Nanosecond() > 0 {
		expiration++
	}
	a.tokens.byValue[value] = &token{
		seq:    a.tokens.lastSeq,
		apiKey: apiKey,
		expiry: time.Unix(expiration, 0),
	}
	return grant{
		AccessToken: value,
		Expiration:  expiration,
		ExpiresIn:   int64(math.Ceil(a.ttl.Seconds())),
	}
}

// validLocked returns the sequence number of value if it is a live token of apiKey.
func (a *API) validLocked(apiKey, value string) (int, bool) {
	t, ok := a.tokens.byValue[value]
	if !ok || t.apiKey != apiKey || t.seq <= a.tokens.revokedThrough || !a.now().Before(t.expiry) {
		return 0, false
	}
	return t.seq, true
}

// randomString returns n random bytes, base64url-encoded without padding.
func randomString(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails since Go 1.24
	return base64.RawURLEncoding.EncodeToString(b)
}
