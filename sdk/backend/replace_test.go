//go:build !(js && wasm)

package backend_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/inbenta-community/inbenta-auth/sdk/authtest"
	"github.com/inbenta-community/inbenta-auth/sdk/backend"
)

// post sends the page's refresh-hook request: POST with the SDK's info as
// a JSON body, as the README's page snippet does.
func post(h http.Handler, contentType, body string) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodPost, "/inbenta/token", strings.NewReader(body))
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	h.ServeHTTP(rec, req)
	return rec
}

func answered(t *testing.T, rec *httptest.ResponseRecorder) string {
	t.Helper()
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	return decode(t, rec)["accessToken"].(string)
}

// productStatus calls the emulated chatbot with tok, as the page would.
func (f *fixture) productStatus(t *testing.T, tok string) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, f.api.URL+"/prod/chatbot/v1/conversation", strings.NewReader("{}"))
	require.NoError(t, err)
	req.Header.Set("x-inbenta-key", testKey)
	req.Header.Set("Authorization", "Bearer "+tok)
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	res.Body.Close()
	return res.StatusCode
}

const rejected = `{"reason":"rejected"}`

// The README's scenario: the API refused every token, the page's hook
// says so, and the handler must not answer the refused token again.
func TestHandlerReplacesARejectedToken(t *testing.T) {
	f := setup(t)
	first := answered(t, serve(f.src, http.MethodGet))
	require.Equal(t, http.StatusOK, f.productStatus(t, first))
	f.api.RevokeTokens()
	require.Equal(t, http.StatusForbidden, f.productStatus(t, first))

	second := answered(t, post(f.src, "application/json", rejected))
	assert.NotEqual(t, first, second, "the refused token is dropped")
	assert.Equal(t, http.StatusOK, f.productStatus(t, second))
	assert.Equal(t, 2, f.api.Count("auth"), "a new exchange, not /refreshToken")
	assert.Zero(t, f.api.Count("refreshToken"))

	again := answered(t, serve(f.src, http.MethodGet))
	assert.Equal(t, second, again, "later requests get the new token")
}

func TestConcurrentRejectionsShareOneExchange(t *testing.T) {
	f := setup(t)
	first := answered(t, serve(f.src, http.MethodGet))
	f.api.RevokeTokens()
	f.api.Fail("auth", authtest.Fault{Delay: 100 * time.Millisecond})
	const n = 30
	got := make([]string, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			rec := post(f.src, "application/json; charset=utf-8", rejected)
			if assert.Equal(t, http.StatusOK, rec.Code) {
				got[i] = decode(t, rec)["accessToken"].(string)
			}
		})
	}
	wg.Wait()
	assert.Equal(t, 2, f.api.Count("auth"))
	for _, tok := range got {
		assert.NotEqual(t, first, tok, "no request got the refused token")
		assert.Equal(t, got[0], tok)
	}
}

// A page (or a script on it) cannot force an exchange per request.
func TestForcedExchangesAreRateLimited(t *testing.T) {
	f := setup(t)
	answered(t, serve(f.src, http.MethodGet))
	second := answered(t, post(f.src, "application/json", rejected))
	require.Equal(t, 2, f.api.Count("auth"))
	for range 5 {
		assert.Equal(t, second, answered(t, post(f.src, "application/json", rejected)))
	}
	f.clock.Advance(backend.MinReplaceInterval - time.Second)
	assert.Equal(t, second, answered(t, post(f.src, "application/json", rejected)))
	assert.Equal(t, 2, f.api.Count("auth"), "at most one forced exchange per MinReplaceInterval")

	f.clock.Advance(time.Second)
	third := answered(t, post(f.src, "application/json", rejected))
	assert.NotEqual(t, second, third)
	assert.Equal(t, 3, f.api.Count("auth"))
}

// The first request of all needs an exchange anyway: rejected or not, it
// makes one.
func TestRejectedWithoutATokenMakesOneExchange(t *testing.T) {
	f := setup(t)
	answered(t, post(f.src, "application/json", rejected))
	assert.Equal(t, 1, f.api.Count("auth"))
}

func TestExpiringOrExpiredWithAFreshTokenMakesNoExchange(t *testing.T) {
	f := setup(t)
	first := answered(t, serve(f.src, http.MethodGet))
	for _, body := range []string{`{"reason":"expiring"}`, `{"reason":"expired"}`} {
		assert.Equal(t, first, answered(t, post(f.src, "application/json", body)), body)
	}
	assert.Equal(t, 1, f.api.Count("auth"))
	assert.Zero(t, f.api.Count("refreshToken"))

	f.clock.Advance(ttl - 90*time.Second) // the server's own window
	renewed := answered(t, post(f.src, "application/json", `{"reason":"expiring"}`))
	assert.NotEqual(t, first, renewed)
	assert.Equal(t, 1, f.api.Count("refreshToken"), "renewed as its window asks")
	assert.Equal(t, 1, f.api.Count("auth"))
}

// Anything but a small JSON object with a reason is a plain token request.
// A cross-site form can send text/plain without a preflight: that is not
// JSON, so it cannot force an exchange.
func TestOtherBodiesAreAsBefore(t *testing.T) {
	f := setup(t)
	first := answered(t, serve(f.src, http.MethodGet))
	for name, c := range map[string]struct{ contentType, body string }{
		"text/plain":    {"text/plain", rejected},
		"form":          {"application/x-www-form-urlencoded", "reason=rejected"},
		"no type":       {"", rejected},
		"not JSON":      {"application/json", "rejected"},
		"not an object": {"application/json", `["rejected"]`},
		"not a string":  {"application/json", `{"reason":1}`},
		"unknown":       {"application/json", `{"reason":"bored"}`},
		"empty":         {"application/json", ""},
		"too large":     {"application/json", `{"reason":"rejected","pad":"` + strings.Repeat("x", 4096) + `"}`},
	} {
		assert.Equal(t, first, answered(t, post(f.src, c.contentType, c.body)), name)
	}
	assert.Equal(t, 1, f.api.Count("auth"))
}
