//go:build browser

package browsertest

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/inbenta-community/inbenta-auth/sdk/authtest"
)

// A refresh hook that answers a lifetime no token has (expires_in: 8e9 s)
// fails the refresh, saying what to give, once: it does not make an expiry
// that overflows into the past, and so a hook run on every call.
func TestAHookAnsweringALifetimeNoTokenHasIsRefused(t *testing.T) {
	f := newFixture(t)
	f.createFromToken(f.serverToken(), `{refresh: () => { window.runs = (window.runs || 0) + 1;
			return fetch('/e2e/token', {method: 'POST'}).then(r => r.json()).then(t => Object.assign(t, {expires_in: 8e9})); },
		onRefreshError: (info) => { window.reported = (window.reported || 0) + 1; }}`)
	expiration := eval[float64](f, `client.expiration`)
	f.advanceClocks(2 * time.Hour)
	r := eval[settled](f, `e2e.settle(client.fetch(client.apis.chatbot + '/v1/conversation'))`)
	assert.Equal(t, expiration, eval[float64](f, `client.expiration`), "the expired token's, not an overflow")
	e := rejection(t, r)
	assert.Equal(t, "REFRESH_FAILED", e.Code)
	assert.Contains(t, e.Message, "expires_in must be the token's lifetime in seconds")
	for range 3 {
		eval[settled](f, `e2e.settle(client.fetch(client.apis.chatbot + '/v1/conversation'))`)
	}
	assert.Equal(t, 1, eval[int](f, `reported`), "reported once")
	assert.LessOrEqual(t, eval[int](f, `runs`), 3, "the breaker bounds the runs, as for any failing hook")
}

// The Auth API's answers are held to the same: an /auth answer with a
// lifetime in milliseconds is BAD_RESPONSE.
func TestAnAuthAnswerWithALifetimeNoTokenHasIsBadResponse(t *testing.T) {
	f := newFixture(t)
	body, err := json.Marshal(map[string]any{"accessToken": "tok", "expires_in": 1200000, "expiration": time.Now().Add(20 * time.Minute).Unix(),
		"apis": map[string]string{"chatbot": f.api.URL + "/prod/chatbot"}})
	require.NoError(t, err)
	f.api.Fail("auth", authtest.Fault{Status: 200, Body: string(body)})
	e := rejection(t, eval[settled](f, js(`e2e.settle(InbentaAuth.createFromDomainKey(%s, %s, {authURL: %s}).then(c => c.expiration))`,
		f.domainKey, f.apiKey, f.api.AuthURL)))
	assert.Equal(t, "BAD_RESPONSE", e.Code)
	assert.Contains(t, e.Message, "expires_in must be the token's lifetime in seconds")
}

// A /refreshToken answer whose expiration lies two centuries ahead is
// refused: the token held is kept while it lasts.
func TestARefreshAnswerWithAnExpirationNoTokenHasIsRefused(t *testing.T) {
	f := newFixture(t)
	tok := f.serverToken()
	f.createFromToken(tok, "")
	f.api.Fail("refreshToken", authtest.Fault{Status: 200, Body: `{"accessToken":"renewed","expiration":8000000000}`})
	f.advanceClocks(19 * time.Minute) // inside the refresh window, still valid
	allOK(t, callChatbot(f, 1, false), 1)
	assert.Equal(t, 1, f.api.Count("refreshToken"))
	assert.Equal(t, tok["expiration"], eval[float64](f, `client.expiration`), "the token held, not the answer's")
}
