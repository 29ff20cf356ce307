//go:build !(js && wasm)

package backend_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/inbenta-community/inbenta-auth/sdk"
	"github.com/inbenta-community/inbenta-auth/sdk/backend"
)

// page is the README's access-token page in Go: an SDK keeper whose
// refresh hook POSTs to the site's token endpoint, and a product call that
// replays once after a refused token, as client.fetch does.
type page struct {
	t      *testing.T
	f      *fixture
	keeper *sdk.Keeper

	mu     sync.Mutex
	events []sdk.EventKind
}

// newPage gets the first token from endpoint; sendInfo says whether the
// hook passes the SDK's info as the README's getToken does.
func newPage(t *testing.T, f *fixture, endpoint string, sendInfo bool) *page {
	t.Helper()
	p := &page{t: t, f: f}
	clock := sdk.ClockOf(f.clock.Now)
	getToken := func(ctx sdk.Context, info map[string]string) (map[string]any, error) {
		b, _ := json.Marshal(info)
		req, err := http.NewRequest(http.MethodPost, endpoint, bytes.NewReader(b))
		if err != nil {
			return nil, err
		}
		if sendInfo {
			req.Header.Set("Content-Type", "application/json")
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			return nil, err
		}
		defer res.Body.Close()
		var v map[string]any
		return v, json.NewDecoder(res.Body).Decode(&v)
	}
	hook := sdk.SourceFunc(func(ctx sdk.Context, stale *sdk.Token, why sdk.Reason) (*sdk.Token, error) {
		v, err := getToken(ctx, map[string]string{"reason": why.String()})
		if err != nil {
			return nil, err
		}
		return sdk.ParseHookAnswer(v, stale, clock.Now())
	})
	first, err := getToken(t.Context(), nil)
	require.NoError(t, err)
	opts, err := sdk.ParseOptions(map[string]any{"authURL": f.api.AuthURL, "expiration": first["expiration"], "apis": first["apis"]})
	require.NoError(t, err)
	cfg := sdk.Config{APIKey: testKey, Options: opts, Transport: backend.HTTPTransport{}, Clock: clock,
		Observer: func(ev sdk.Event) {
			p.mu.Lock()
			p.events = append(p.events, ev.Kind)
			p.mu.Unlock()
		}}
	src, err := sdk.NewAccessTokenSource(cfg, hook)
	require.NoError(t, err)
	p.keeper, err = sdk.NewAccessTokenKeeper(t.Context(), cfg, first["accessToken"].(string), src)
	require.NoError(t, err)
	t.Cleanup(p.keeper.Close)
	return p
}

// call is client.fetch of the chatbot: its status, or the SDK's code.
func (p *page) call() string {
	tok, gen, err := p.keeper.Token(p.t.Context())
	if err != nil {
		return string(sdk.CodeOf(err))
	}
	status := p.f.productStatus(p.t, tok.AccessToken)
	if status != http.StatusForbidden {
		return http.StatusText(status)
	}
	if tok, _, err = p.keeper.Rejected(p.t.Context(), gen); err != nil {
		return string(sdk.CodeOf(err))
	}
	return http.StatusText(p.f.productStatus(p.t, tok.AccessToken))
}

func (p *page) refreshErrors() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := 0
	for _, k := range p.events {
		if k == sdk.EventRefreshError {
			n++
		}
	}
	return n
}

// The README's example, followed as a new user would: after the API
// refused every token, the refused call is replayed with a new one.
func TestReadmeExampleSurvivesRevokedTokens(t *testing.T) {
	f := setup(t)
	site := httptest.NewServer(f.src)
	t.Cleanup(site.Close)
	p := newPage(t, f, site.URL, true)
	require.Equal(t, "OK", p.call())

	f.api.RevokeTokens()
	assert.Equal(t, "OK", p.call(), "refused, refreshed with reason rejected, replayed")
	for range 3 {
		assert.Equal(t, "OK", p.call())
	}
	assert.Zero(t, p.refreshErrors())
	assert.Equal(t, 2, f.api.Count("auth"))
}

// A site whose server answers the refused token again (a cache that does
// not hear the reason): the SDK does not replay with it, and says so once.
func TestCachedAnswerToARejectedTokenShowsTheNotificationOnce(t *testing.T) {
	f := setup(t)
	site := httptest.NewServer(f.src)
	t.Cleanup(site.Close)
	p := newPage(t, f, site.URL, false) // no Content-Type: the server cannot tell
	require.Equal(t, "OK", p.call())

	f.api.RevokeTokens()
	before := f.api.Count("chatbot")
	assert.Equal(t, "REFRESH_FAILED", p.call())
	for range 3 {
		assert.Equal(t, "REFRESH_FAILED", p.call())
	}
	assert.Equal(t, 1, p.refreshErrors())
	assert.Equal(t, before+1, f.api.Count("chatbot"), "only the first call went out with the refused token")
}
