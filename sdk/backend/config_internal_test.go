//go:build !(js && wasm)

package backend

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/inbenta-community/inbenta-auth/sdk"
)

// What New fills in for a Config with only its key and Secret, and how the
// retry policy follows from it.
func TestConfigWithDefaults(t *testing.T) {
	c, err := Config{APIKey: "key", Secret: "secret"}.withDefaults()
	require.NoError(t, err)
	assert.Equal(t, DefaultRefreshBefore, c.RefreshBefore)
	assert.Equal(t, DefaultRetryBudget, c.RetryBudget)
	assert.Equal(t, sdk.DefaultAuthURL, c.AuthURL)
	require.NotNil(t, c.Now)
	assert.WithinDuration(t, time.Now(), c.Now(), time.Second)

	require.NotNil(t, c.HTTPClient)
	assert.NotSame(t, http.DefaultClient, c.HTTPClient, "a client of its own, whose idle connections Close may drop")
	assert.Equal(t, DefaultHTTPTimeout, c.HTTPClient.Timeout)
	require.IsType(t, &http.Transport{}, c.HTTPClient.Transport)
	assert.NotSame(t, http.DefaultTransport, c.HTTPClient.Transport)
	require.NotNil(t, c.HTTPClient.CheckRedirect)
	assert.ErrorIs(t, c.HTTPClient.CheckRedirect(nil, nil), http.ErrUseLastResponse, "redirects are not followed")

	p := c.retryPolicy(sdk.ClockOf(c.Now))
	assert.Equal(t, sdk.Duration(retryAttemptTimeout), p.AttemptTimeout)
	assert.Equal(t, sdk.Duration(DefaultRetryBudget), p.Budget)
	assert.Equal(t, sdk.DefaultRetryPolicy(nil).Attempts, p.Attempts)
}

// What a Config sets is kept, and shapes the retry policy.
func TestConfigKeepsWhatItSets(t *testing.T) {
	client := &http.Client{Timeout: 2 * time.Second}
	now := func() time.Time { return time.Unix(1e9, 0) }
	c, err := Config{APIKey: "key", Secret: "secret", AuthURL: "https://api-eu.inbenta.io/v1", HTTPClient: client,
		RefreshBefore: 3 * time.Minute, RetryBudget: -1, Now: now}.withDefaults()
	require.NoError(t, err)
	assert.Equal(t, "https://api-eu.inbenta.io/v1", c.AuthURL)
	assert.Same(t, client, c.HTTPClient)
	assert.Equal(t, 3*time.Minute, c.RefreshBefore)
	assert.Equal(t, time.Unix(1e9, 0), c.Now())

	p := c.retryPolicy(sdk.ClockOf(c.Now))
	assert.Equal(t, sdk.Duration(2*time.Second), p.AttemptTimeout, "the client's shorter timeout bounds an attempt")
	assert.Equal(t, 1, p.Attempts, "a negative budget: no retries")
	assert.Zero(t, p.Budget)
}
