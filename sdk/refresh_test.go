package sdk

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRefreshTokenExchange(t *testing.T) {
	tr := &fakeTransport{resp: &Response{Status: 200, JSON: decode(t, `{"accessToken":"new","expiration":1800001200}`)}}
	x, err := NewRefreshTokenExchange("https://api.inbenta.io/v1", "key", tr, newFakeClock())
	require.NoError(t, err)
	stale := &Token{AccessToken: "old", APIs: map[string]string{"chatbot": "https://h/prod/chatbot"}}

	tok, err := x.Token(context.Background(), stale, ReasonExpiring)
	require.NoError(t, err)
	assert.Equal(t, "new", tok.AccessToken)
	assert.Equal(t, stale.APIs, tok.APIs, "apis kept when the answer omits them")
	req := tr.reqs[0]
	assert.Equal(t, "POST", req.Method)
	assert.Equal(t, "https://api.inbenta.io/v1/refreshToken", req.URL)
	assert.Equal(t, "old", req.Bearer.AccessToken)
	assert.Equal(t, "key", req.Header["x-inbenta-key"])
	assert.Empty(t, req.Body)

	tr.resp = &Response{Status: 403, JSON: decode(t, `{"Message":"User is not authorized to access this resource with an explicit deny"}`)}
	_, err = x.Token(context.Background(), stale, ReasonExpiring)
	assert.Equal(t, CodeTokenExpired, CodeOf(err))

	_, err = x.Token(context.Background(), nil, ReasonInitial)
	assert.Equal(t, CodeTokenExpired, CodeOf(err))
}

func TestFetchAPIs(t *testing.T) {
	tr := &fakeTransport{resp: &Response{Status: 200, JSON: decode(t, `{"apis":{"search":"https://h/prod/search"}}`)}}
	apis, err := fetchAPIs(context.Background(), DefaultAuthURL, "key", &Token{AccessToken: "t"}, tr, newFakeClock())
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"search": "https://h/prod/search"}, apis)
	assert.Equal(t, "GET", tr.reqs[0].Method)
	assert.Equal(t, DefaultAuthURL+"/apis", tr.reqs[0].URL)
	assert.Equal(t, "t", tr.reqs[0].Bearer.AccessToken)

	tr.resp = &Response{Status: 200, JSON: decode(t, `{"nope":1}`)}
	_, err = fetchAPIs(context.Background(), DefaultAuthURL, "key", &Token{AccessToken: "t"}, tr, newFakeClock())
	assert.Equal(t, CodeBadResponse, CodeOf(err))
	tr.resp = &Response{Status: 401}
	_, err = fetchAPIs(context.Background(), DefaultAuthURL, "key", &Token{AccessToken: "t"}, tr, newFakeClock())
	assert.Equal(t, CodeInvalidKey, CodeOf(err))
}

func TestParseHookAnswer(t *testing.T) {
	now := Instant(1_800_000_000 * Second)
	tok, err := ParseHookAnswer(decode(t, `{"accessToken":"a"}`), nil, now)
	require.NoError(t, err)
	assert.True(t, tok.Expiry.IsZero(), "no expiration: valid until the API says otherwise")

	tok, err = ParseHookAnswer(decode(t, `{"accessToken":"a","expiration":1800000600}`), nil, now)
	require.NoError(t, err)
	assert.Equal(t, now.Add(10*Minute), tok.Expiry)

	for _, bad := range []string{`"a"`, `{"accessToken":""}`, `{"accessToken":"a","expiration":"soon"}`, `{"token":"a"}`, `null`,
		`{"accessToken":"a","expires_in":8e9}`, `{"accessToken":"a","apis":{"chatbot":"ftp://x"}}`} {
		_, err := ParseHookAnswer(decode(t, bad), nil, now)
		assert.Equal(t, CodeInvalidArgument, CodeOf(err), bad)
	}
}

func TestAccessTokenSource(t *testing.T) {
	clock := newFakeClock()
	refresher := &countingSource{clock: clock, life: Hour}
	s := newAccessTokenSource(refresher, clock)
	valid := &Token{AccessToken: "v", Expiry: clock.Now().Add(Minute)}
	expired := &Token{AccessToken: "e", Expiry: clock.Now().Add(-Second)}

	_, err := s.Token(context.Background(), valid, ReasonExpiring)
	require.NoError(t, err)
	assert.EqualValues(t, 1, refresher.calls.Load(), "no hook: /refreshToken while valid")

	for name, c := range map[string]struct {
		stale *Token
		why   Reason
	}{"expired": {expired, ReasonExpired}, "rejected": {valid, ReasonRejected}, "none": {nil, ReasonInitial}} {
		_, err := s.Token(context.Background(), c.stale, c.why)
		assert.Equal(t, CodeTokenExpired, CodeOf(err), name)
	}
	assert.EqualValues(t, 1, refresher.calls.Load(), "nothing was sent for a token that cannot be saved")

	refresher.setErr(&Error{Code: CodeServerError, Status: 503, Retryable: true})
	_, err = s.Token(context.Background(), valid, ReasonExpiring)
	e := AsError(err)
	assert.Equal(t, CodeRefreshFailed, e.Code)
	assert.Equal(t, 503, e.Status)
	assert.Equal(t, CodeServerError, CodeOf(e.Cause))

	hookCalls := 0
	s.SetHook(SourceFunc(func(_ Context, stale *Token, why Reason) (*Token, error) {
		hookCalls++
		if why == ReasonRejected {
			return nil, errors.New("page server said no")
		}
		return &Token{AccessToken: "from-hook"}, nil
	}))
	tok, err := s.Token(context.Background(), expired, ReasonExpired)
	require.NoError(t, err)
	assert.Equal(t, "from-hook", tok.AccessToken, "a hook can save an expired token")
	_, err = s.Token(context.Background(), valid, ReasonRejected)
	assert.Equal(t, CodeRefreshFailed, CodeOf(err))
	assert.Contains(t, err.Error(), "page server said no")
	assert.Equal(t, 2, hookCalls)

	s.SetHook(nil)
	_, err = s.Token(context.Background(), expired, ReasonExpired)
	assert.Equal(t, CodeTokenExpired, CodeOf(err))
}

func TestHookTimeoutIsRefreshFailedWithTimeoutCause(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := newAccessTokenSource(nil, realClock)
		s.SetHook(SourceFunc(func(ctx Context, _ *Token, _ Reason) (*Token, error) {
			<-ctx.Done()
			return nil, ctx.Err()
		}))
		given := &Token{AccessToken: "a", Expiry: realClock.Now().Add(-Second)}
		k := NewKeeper(s, realClock, WithToken(given), WithRefreshTimeout(10*Second))
		defer k.Close()
		begin := realClock.Now()
		_, _, err := k.Token(context.Background())
		e := AsError(err)
		require.NotNil(t, e)
		assert.Equal(t, CodeRefreshFailed, e.Code)
		assert.Equal(t, CodeTimeout, CodeOf(e.Cause))
		assert.Equal(t, 10*Second, realClock.Now().Sub(begin))
	})
}

func TestUnsavableTokenFailsFastWithoutTrippingTheBreaker(t *testing.T) {
	clock := newFakeClock()
	refresher := &countingSource{clock: clock, life: Hour}
	s := newAccessTokenSource(refresher, clock)
	ev := &events{}
	expired := &Token{AccessToken: "e", Expiry: clock.Now().Add(-Second)}
	k := NewKeeper(s, clock, WithToken(expired), WithObserver(ev.add), withBreaker(3, Minute))
	defer k.Close()
	for range 10 {
		_, _, err := k.Token(context.Background())
		assert.Equal(t, CodeTokenExpired, CodeOf(err), "never the breaker's REFRESH_FAILED")
	}
	assert.Zero(t, refresher.calls.Load())
	assert.Equal(t, []EventKind{EventExpired, EventRefreshError}, ev.kinds(), "one episode")

	s.SetHook(SourceFunc(func(Context, *Token, Reason) (*Token, error) {
		return &Token{AccessToken: "saved"}, nil
	}))
	tok, _, err := k.Token(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "saved", tok.AccessToken)
	assert.Equal(t, []EventKind{EventExpired, EventRefreshError, EventToken, EventRecovered}, ev.kinds())
}

// A page server that answers a rejected token's refresh with that same
// token (a cache) cannot save it: the SDK fails the refresh instead of
// replaying with a token the API already refused, and the notification
// shows once however many calls follow.
func TestHookReturningTheRefusedTokenIsRefreshFailed(t *testing.T) {
	clock := newFakeClock()
	s := newAccessTokenSource(nil, clock)
	hookCalls := 0
	s.SetHook(SourceFunc(func(_ Context, stale *Token, _ Reason) (*Token, error) {
		hookCalls++
		return &Token{AccessToken: "cached", Expiry: clock.Now().Add(Hour)}, nil
	}))
	ev := &events{}
	given := &Token{AccessToken: "cached", Expiry: clock.Now().Add(Hour)}
	k := NewKeeper(s, clock, WithToken(given), WithObserver(ev.add))
	defer k.Close()

	_, _, err := k.Rejected(context.Background(), 1)
	e := AsError(err)
	require.NotNil(t, e)
	assert.Equal(t, CodeRefreshFailed, e.Code)
	assert.Contains(t, e.Message, "the refresh returned the token the API refused")
	for range 3 {
		_, _, err := k.Token(context.Background())
		assert.Equal(t, CodeRefreshFailed, CodeOf(err), "the refused token is never handed out again")
	}
	assert.Equal(t, []EventKind{EventRejected, EventRefreshError}, ev.kinds(), "the refusal, and one failure episode")
	assert.GreaterOrEqual(t, hookCalls, 1)

	// The same token for a routine refresh is fine: nothing refused it.
	tok, err := s.Token(context.Background(), given, ReasonExpiring)
	require.NoError(t, err)
	assert.Equal(t, "cached", tok.AccessToken)
}
