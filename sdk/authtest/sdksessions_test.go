//go:build !(js && wasm)

package authtest_test

import (
	"context"
	"net/http"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/inbenta-community/inbenta-auth/sdk"
	"github.com/inbenta-community/inbenta-auth/sdk/backend"
)

// pageTransport sends what a page on pageOrigin would: the Domain Key is
// only exchanged for pages on its origins.
type pageTransport struct{ backend.HTTPTransport }

func (p pageTransport) RoundTrip(ctx sdk.Context, req *sdk.Request) (*sdk.Response, error) {
	req.Header["origin"] = pageOrigin
	return p.HTTPTransport.RoundTrip(ctx, req)
}

// sdkClient is a Domain Key client's Keeper and Sessions against f.
type sdkClient struct {
	keeper   *sdk.Keeper
	sessions *sdk.Sessions
	mu       sync.Mutex
	changes  []sdk.SessionChange
}

func newSDKClient(t *testing.T, f fixture) *sdkClient {
	t.Helper()
	opts, err := sdk.ParseOptions(map[string]any{"authURL": f.AuthURL, "environment": "development", "userType": 2.0, "source": "tests"})
	require.NoError(t, err)
	c := &sdkClient{}
	cfg := sdk.Config{APIKey: apiKey, Options: opts, Transport: pageTransport{}, Clock: sdk.SystemClock,
		Observer: func(ev sdk.Event) {
			if ev.Kind == sdk.EventSession {
				c.mu.Lock()
				c.changes = append(c.changes, *ev.Session)
				c.mu.Unlock()
			}
		}}
	c.keeper, err = sdk.NewDomainKeyKeeper(cfg, f.domainKey)
	require.NoError(t, err)
	c.sessions = cfg.NewSessions(c.keeper)
	t.Cleanup(func() {
		c.sessions.Close()
		c.keeper.Close()
	})
	return c
}

// message sends a chatbot message as the bridge does: the token and the
// session the SDK hands out, for the generations it names.
func (c *sdkClient) message(t *testing.T, s *sdk.ProductSession) response {
	t.Helper()
	tok, _, err := c.keeper.Token(context.Background())
	require.NoError(t, err)
	header := map[string]string{"x-inbenta-key": apiKey, "Authorization": "Bearer " + tok.AccessToken,
		"x-inbenta-session": s.HeaderValue(), "Content-Type": "application/json"}
	return send(t, http.DefaultClient, "POST", s.Base+"/v1/conversation/message", header, `{"message":"hi"}`)
}

func TestSDKSessionsAgainstTheEmulator(t *testing.T) {
	f := newFixture(t)
	c := newSDKClient(t, f)
	ctx := context.Background()

	var wg sync.WaitGroup
	got := make([]*sdk.ProductSession, 20)
	for i := range got {
		wg.Go(func() {
			s, err := c.sessions.Session(ctx, "chatbot")
			assert.NoError(t, err)
			got[i] = s
		})
	}
	wg.Wait()
	assert.Equal(t, 1, f.SessionStarts("chatbot"), "20 concurrent first calls, one conversation")
	assert.Equal(t, 1, f.Count("auth"))
	first := got[0]
	require.NotNil(t, first)
	assert.Equal(t, "1", first.ID)

	start := f.Requests("chatbot")[0]
	assert.Equal(t, "development", start.Header.Get("x-inbenta-env"))
	assert.Equal(t, "2", start.Header.Get("x-inbenta-user-type"))
	assert.Equal(t, "tests", start.Header.Get("x-inbenta-source"))
	assert.Zero(t, f.CountWithHeader("auth", "x-inbenta-env"), "never to the Auth API")

	res := c.message(t, first)
	require.Equal(t, http.StatusOK, res.status, res.body)
	c.sessions.Touch("chatbot", first.Gen, 0)

	// The API expires the conversation: one new session, one replay.
	f.ExpireSessions("chatbot")
	res = c.message(t, first)
	require.Equal(t, http.StatusBadRequest, res.status)
	require.True(t, sdk.SessionExpired(res.status, res.json(t)))
	second, err := c.sessions.Expired(ctx, "chatbot", first.Gen)
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, c.message(t, second).status, "the replay")
	c.sessions.Touch("chatbot", second.Gen, 0)
	assert.Equal(t, 2, f.SessionStarts("chatbot"))
	assert.Equal(t, []sdk.SessionChange{{Product: "chatbot", Reason: sdk.StartExpired, PreviousID: "1", ID: "2"}}, c.changes)
	assert.Equal(t, map[int]int{1: 1, 2: 1}, f.SessionsUsed("chatbot"))

	// The gateway refuses the token (401 shape) as the next session starts:
	// one exchange, one retry.
	f.SetTokenRefusal(http.StatusUnauthorized)
	f.RevokeTokens()
	require.NoError(t, c.sessions.End("chatbot"))
	third, err := c.sessions.Session(ctx, "chatbot")
	require.NoError(t, err)
	assert.Equal(t, "3", third.ID)
	assert.Equal(t, 2, f.Count("auth"), "one more exchange")
	assert.Equal(t, 3, f.SessionStarts("chatbot"))
	assert.Equal(t, http.StatusOK, c.message(t, third).status)

	c.sessions.Close()
	_, err = c.sessions.Session(ctx, "search")
	assert.Equal(t, sdk.CodeClosed, sdk.CodeOf(err))
	assert.Zero(t, f.SessionStarts("search"))
}
