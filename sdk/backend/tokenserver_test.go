//go:build !(js && wasm)

package backend_test

import (
	"context"
	"encoding/json"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/inbenta-community/inbenta-auth/sdk"
	"github.com/inbenta-community/inbenta-auth/sdk/authtest"
	"github.com/inbenta-community/inbenta-auth/sdk/backend"
)

// The emulator's tokens live 1200 s; the window is 2 minutes.
const ttl = 1200 * time.Second

func TestAuthRequestShape(t *testing.T) {
	f := setup(t)
	tok, err := f.src.Token(t.Context())
	require.NoError(t, err)
	assert.NotEmpty(t, tok.AccessToken)
	assert.NotEmpty(t, tok.APIs["chatbot"])

	reqs := f.api.Requests("auth")
	require.Len(t, reqs, 1)
	r := reqs[0]
	assert.Equal(t, "POST", r.Method)
	assert.Equal(t, "/v1/auth", r.Path)
	assert.Equal(t, testKey, r.Header.Get("x-inbenta-key"))
	assert.Equal(t, "application/json", r.Header.Get("Content-Type"))
	assert.Empty(t, r.Header.Get("Authorization"))
	var body map[string]any
	require.NoError(t, json.Unmarshal([]byte(r.Body), &body))
	assert.Equal(t, map[string]any{"secret": testSecret}, body)
}

func TestConcurrentCallsShareOneExchange(t *testing.T) {
	f := setup(t)
	// Slow enough that every caller arrives while the exchange is in flight.
	f.api.Fail("auth", authtest.Fault{Delay: 100 * time.Millisecond})
	const n = 50
	toks := make([]*sdk.Token, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			tok, err := f.src.Token(t.Context())
			assert.NoError(t, err)
			toks[i] = tok
		})
	}
	wg.Wait()
	assert.Equal(t, 1, f.api.Count("auth"))
	for _, tok := range toks {
		assert.Same(t, toks[0], tok)
	}
}

func TestTokenReusedOutsideWindow(t *testing.T) {
	f := setup(t)
	first, err := f.src.Token(t.Context())
	require.NoError(t, err)
	f.clock.Advance(ttl - 3*time.Minute) // 3 minutes left: not yet in the window
	again, err := f.src.Token(t.Context())
	require.NoError(t, err)
	assert.Same(t, first, again)
	assert.Equal(t, 1, f.api.Count("auth"))
	assert.Zero(t, f.api.Count("refreshToken"))
}

func TestRefreshInsideWindowKeepsAPIs(t *testing.T) {
	f := setup(t)
	first, err := f.src.Token(t.Context())
	require.NoError(t, err)
	f.clock.Advance(ttl - 90*time.Second) // inside the 2-minute window, still valid
	renewed, err := f.src.Token(t.Context())
	require.NoError(t, err)

	assert.NotEqual(t, first.AccessToken, renewed.AccessToken)
	assert.Equal(t, first.APIs, renewed.APIs, "the /refreshToken answer omits apis")
	assert.True(t, renewed.Expiry > first.Expiry)
	assert.Equal(t, 1, f.api.Count("auth"))
	reqs := f.api.Requests("refreshToken")
	require.Len(t, reqs, 1)
	assert.Equal(t, "Bearer "+first.AccessToken, reqs[0].Header.Get("Authorization"))
	assert.Equal(t, testKey, reqs[0].Header.Get("x-inbenta-key"))
}

func TestCustomRefreshBefore(t *testing.T) {
	f := setup(t, func(c *backend.Config) { c.RefreshBefore = 3 * time.Minute })
	_, err := f.src.Token(t.Context())
	require.NoError(t, err)
	f.clock.Advance(ttl - 150*time.Second) // outside a 2-minute window, inside 3
	_, err = f.src.Token(t.Context())
	require.NoError(t, err)
	assert.Equal(t, 1, f.api.Count("refreshToken"))
}

func TestExpiredTokenFallsBackToAuth(t *testing.T) {
	f := setup(t)
	first, err := f.src.Token(t.Context())
	require.NoError(t, err)
	f.clock.Advance(ttl + time.Minute) // e.g. the machine slept
	renewed, err := f.src.Token(t.Context())
	require.NoError(t, err)
	assert.NotEqual(t, first.AccessToken, renewed.AccessToken)
	assert.Equal(t, 2, f.api.Count("auth"))
	assert.Zero(t, f.api.Count("refreshToken"))
}

func TestRefreshFailureFallsBackToAuth(t *testing.T) {
	f := setup(t)
	first, err := f.src.Token(t.Context())
	require.NoError(t, err)
	f.api.Fail("refreshToken", authtest.Fault{Status: 403})
	f.clock.Advance(ttl - 90*time.Second)
	renewed, err := f.src.Token(t.Context())
	require.NoError(t, err)
	assert.NotEqual(t, first.AccessToken, renewed.AccessToken)
	assert.Equal(t, 1, f.api.Count("refreshToken"))
	assert.Equal(t, 2, f.api.Count("auth"))
	assert.NotEmpty(t, renewed.APIs["search"])
}

func TestAuthFailures(t *testing.T) {
	for _, tc := range []struct {
		name      string
		fault     authtest.Fault
		code      sdk.Code
		retryable bool
		attempts  int
	}{
		{"gateway deny", authtest.Fault{Status: 403}, sdk.CodeInvalidKey, false, 1},
		{"rate limited", authtest.Fault{Status: 429}, sdk.CodeRateLimited, true, 4},
		{"server error", authtest.Fault{Status: 502}, sdk.CodeServerError, true, 4},
		{"odd status", authtest.Fault{Status: 418}, sdk.CodeBadResponse, false, 1},
		{"not a token", authtest.Fault{Status: 200, Body: `{"accessToken":""}`}, sdk.CodeBadResponse, false, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := setup(t)
			f.api.FailAll("auth", tc.fault)
			_, err := f.src.Token(t.Context())
			e := sdk.AsError(err)
			require.NotNil(t, e)
			assert.Equal(t, tc.code, e.Code)
			assert.Equal(t, tc.retryable, e.Retryable)
			assert.Equal(t, tc.attempts, f.api.Count("auth"), "retried only when retrying may help")
		})
	}
}

func TestWrongSecret(t *testing.T) {
	f := setup(t, func(c *backend.Config) { c.Secret = "not-the-secret" })
	_, err := f.src.Token(t.Context())
	e := sdk.AsError(err)
	require.NotNil(t, e)
	assert.Equal(t, sdk.CodeInvalidKey, e.Code)
	assert.Equal(t, 401, e.Status)
	assert.NotContains(t, e.Error(), "not-the-secret")
}

// A redirect must not carry the Secret elsewhere: the default client does
// not follow it.
func TestDefaultClientDoesNotFollowRedirects(t *testing.T) {
	f := setup(t)
	elsewhere := authtest.NewServer()
	t.Cleanup(elsewhere.Close)
	f.api.Fail("auth", authtest.Fault{Status: 307, Header: map[string]string{"Location": elsewhere.AuthURL + "/auth"}})
	_, err := f.src.Token(t.Context())
	assert.Equal(t, sdk.CodeBadResponse, sdk.CodeOf(err))
	assert.Zero(t, elsewhere.Count("auth"))
}

func TestCloseEndsWaitingCallsWithoutLeaks(t *testing.T) {
	f := setup(t)
	f.api.Fail("auth", authtest.Fault{Delay: time.Minute})
	done := make(chan error, 1)
	go func() {
		_, err := f.src.Token(context.Background())
		done <- err
	}()
	require.Eventually(t, func() bool { return f.api.Count("auth") == 1 }, 2*time.Second, 5*time.Millisecond)
	f.src.Close()
	select {
	case err := <-done:
		assert.Equal(t, sdk.CodeClosed, sdk.CodeOf(err))
	case <-time.After(2 * time.Second):
		t.Fatal("Token still waiting after Close")
	}
	_, err := f.src.Token(t.Context())
	assert.Equal(t, sdk.CodeClosed, sdk.CodeOf(err))
	f.src.Close() // twice is fine
	requireNoLeaks(t)
}

func TestCloseAfterUseLeavesNothingRunning(t *testing.T) {
	f := setup(t)
	_, err := f.src.Token(t.Context())
	require.NoError(t, err)
	f.clock.Advance(ttl - 90*time.Second)
	_, err = f.src.Token(t.Context())
	require.NoError(t, err)
	f.src.Close()
	requireNoLeaks(t)
}
