//go:build !(js && wasm)

package backend_test

import (
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/inbenta-community/inbenta-auth/sdk"
	"github.com/inbenta-community/inbenta-auth/sdk/backend"
)

func TestNewValidates(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(*backend.Config)
	}{
		{"no API key", func(c *backend.Config) { c.APIKey = "" }},
		{"API key with spaces", func(c *backend.Config) { c.APIKey = "a key" }},
		{"no Secret", func(c *backend.Config) { c.Secret = "" }},
		{"relative authURL", func(c *backend.Config) { c.AuthURL = "/v1" }},
		{"non-http authURL", func(c *backend.Config) { c.AuthURL = "ftp://api.inbenta.io/v1" }},
		{"authURL with query", func(c *backend.Config) { c.AuthURL = "https://api.inbenta.io/v1?x=1" }},
		{"window too short", func(c *backend.Config) { c.RefreshBefore = 59 * time.Second }},
		{"window too long", func(c *backend.Config) { c.RefreshBefore = 3*time.Minute + time.Second }},
		{"negative window", func(c *backend.Config) { c.RefreshBefore = -time.Minute }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := backend.Config{APIKey: testKey, Secret: testSecret}
			tc.edit(&cfg)
			src, err := backend.New(cfg)
			assert.Nil(t, src)
			assert.Equal(t, sdk.CodeInvalidArgument, sdk.CodeOf(err))
		})
	}
}

func TestNewSendsNothing(t *testing.T) {
	f := setup(t, func(c *backend.Config) { c.AuthURL += "/" })
	assert.Zero(t, f.api.Count("auth"))
	_, err := f.src.Token(t.Context())
	require.NoError(t, err, "a trailing slash on authURL is dropped")
	assert.Equal(t, "/v1/auth", f.api.Requests("auth")[0].Path)
}

// The defaults a Config documents: New fills them in (see also
// TestConfigWithDefaults for what cannot be seen from outside).
func TestNewDefaults(t *testing.T) {
	assert.Equal(t, 2*time.Minute, backend.DefaultRefreshBefore, "the middle of Inbenta's 1–3 minute window")
	assert.Equal(t, 15*time.Second, backend.DefaultHTTPTimeout)
	assert.Equal(t, 8*time.Second, backend.DefaultRetryBudget)

	t.Run("authURL", func(t *testing.T) {
		var asked []string
		refuse := roundTripFunc(func(r *http.Request) (*http.Response, error) {
			asked = append(asked, r.Method+" "+r.URL.String())
			return nil, errors.New("no network in tests")
		})
		src, err := backend.New(backend.Config{APIKey: testKey, Secret: testSecret, RetryBudget: -1,
			HTTPClient: &http.Client{Transport: refuse}})
		require.NoError(t, err)
		t.Cleanup(src.Close)
		_, err = src.Token(t.Context())
		assert.Equal(t, sdk.CodeNetwork, sdk.CodeOf(err))
		assert.Equal(t, []string{"POST " + sdk.DefaultAuthURL + "/auth"}, asked)
		assert.Equal(t, "https://api.inbenta.io/v1", sdk.DefaultAuthURL)
	})

	// RefreshBefore is the window before expiry in which Token renews: a
	// token just outside it is served as it is, one just inside is renewed.
	for _, tc := range []struct {
		name          string
		refreshBefore time.Duration
		window        time.Duration
	}{
		{"RefreshBefore 0 is the default", 0, backend.DefaultRefreshBefore},
		{"RefreshBefore 1 minute", time.Minute, time.Minute},
		{"RefreshBefore 3 minutes", 3 * time.Minute, 3 * time.Minute},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := setup(t, func(c *backend.Config) { c.RefreshBefore = tc.refreshBefore })
			first, err := f.src.Token(t.Context())
			require.NoError(t, err)
			f.clock.Advance(ttl - tc.window - 5*time.Second)
			again, err := f.src.Token(t.Context())
			require.NoError(t, err)
			assert.Same(t, first, again, "5 s before the window")
			f.clock.Advance(10 * time.Second)
			renewed, err := f.src.Token(t.Context())
			require.NoError(t, err)
			assert.NotEqual(t, first.AccessToken, renewed.AccessToken, "5 s into the window")
			assert.Equal(t, 1, f.api.Count("refreshToken"))
		})
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
