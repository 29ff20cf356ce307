//go:build !(js && wasm)

package backend_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/inbenta-community/inbenta-auth/sdk"
	"github.com/inbenta-community/inbenta-auth/sdk/authtest"
	"github.com/inbenta-community/inbenta-auth/sdk/backend"
)

// Blips of the Auth API are the server's to absorb, with the browser's
// backoff, rather than the first 503 going to the page.
func TestTransientFailuresAreRetried(t *testing.T) {
	for name, c := range map[string]struct {
		faults   []authtest.Fault
		attempts int
	}{
		"5xx":     {[]authtest.Fault{{Status: 503}, {Status: 500}}, 3},
		"429":     {[]authtest.Fault{{Status: 429}}, 2},
		"network": {[]authtest.Fault{{Drop: true}}, 2},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f := setup(t)
			f.api.Fail("auth", c.faults...)
			tok := answered(t, serve(f.src, http.MethodGet))
			assert.NotEmpty(t, tok)
			assert.Equal(t, c.attempts, f.api.Count("auth"))
		})
	}
}

func TestRetryAfterIsHonoured(t *testing.T) {
	f := setup(t)
	f.api.Fail("auth", authtest.Fault{Status: 429, Header: map[string]string{"Retry-After": "1"}})
	begin := time.Now()
	answered(t, serve(f.src, http.MethodGet))
	assert.GreaterOrEqual(t, time.Since(begin), time.Second)
	assert.Equal(t, 2, f.api.Count("auth"))
}

// An outage ends in a 503 for the page after the policy's attempts, well
// inside the browser's 15 s refreshTimeout.
func TestOutageIsBounded(t *testing.T) {
	f := setup(t)
	f.api.FailAll("auth", authtest.Fault{Status: 503})
	begin := time.Now()
	rec := serve(f.src, http.MethodGet)
	assert.Equal(t, http.StatusServiceUnavailable, rec.Code)
	assert.Equal(t, "SERVER_ERROR", decode(t, rec)["error"].(map[string]any)["code"])
	assert.Equal(t, 4, f.api.Count("auth"), "sdk.DefaultRetryPolicy's attempts")
	assert.Less(t, time.Since(begin), backend.DefaultRetryBudget)
}

// A Retry-After beyond the budget is not waited for: the page hears it.
func TestRetryAfterBeyondTheBudgetIsPassedOn(t *testing.T) {
	f := setup(t)
	f.api.Fail("auth", authtest.Fault{Status: 429, Header: map[string]string{"Retry-After": "60"}})
	begin := time.Now()
	rec := serve(f.src, http.MethodGet)
	assert.Less(t, time.Since(begin), time.Second)
	assert.Equal(t, http.StatusServiceUnavailable, rec.Code)
	assert.Equal(t, "RATE_LIMITED", decode(t, rec)["error"].(map[string]any)["code"])
	assert.Equal(t, "60", rec.Header().Get("Retry-After"))
	assert.Equal(t, 1, f.api.Count("auth"))
}

func TestRetryBudgetNegativeMeansNoRetries(t *testing.T) {
	f := setup(t, func(c *backend.Config) { c.RetryBudget = -1 })
	f.api.Fail("auth", authtest.Fault{Status: 503})
	_, err := f.src.Token(t.Context())
	assert.Equal(t, sdk.CodeServerError, sdk.CodeOf(err))
	assert.Equal(t, 1, f.api.Count("auth"))
	_, err = f.src.Token(t.Context())
	require.NoError(t, err)
}
