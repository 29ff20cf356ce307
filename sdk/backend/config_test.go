//go:build !(js && wasm)

package backend_test

import (
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

func TestNewDefaults(t *testing.T) {
	for _, d := range []time.Duration{0, time.Minute, 3 * time.Minute} {
		src, err := backend.New(backend.Config{APIKey: testKey, Secret: testSecret, RefreshBefore: d})
		require.NoError(t, err)
		src.Close()
	}
}
