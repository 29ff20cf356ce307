package sdk

import (
	"context"
	"strconv"
	"sync"
	"testing"
	"testing/synctest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// pageOptions are the options of a page that set what opts says, and
// nothing else.
func pageOptions(t *testing.T, opts string) Options {
	t.Helper()
	o, err := ParseOptions(decode(t, opts))
	require.NoError(t, err)
	return o
}

func TestDomainKeyKeeperDefaultsAndOverrides(t *testing.T) {
	offline := func(Context) error { return nil }
	for _, tc := range []struct {
		opts            string
		leeway, timeout Duration
	}{
		{`{}`, DefaultLeeway, 30 * Second}, // the retries' bound: 20 s budget + a 10 s attempt
		{`{"leeway":2.5,"refreshTimeout":3,"refreshWindow":90}`, 2500 * Millisecond, 3 * Second},
	} {
		cfg := Config{APIKey: "k", Options: pageOptions(t, tc.opts), Transport: &fakeTransport{}, Clock: newFakeClock(), WaitOnline: offline}
		k, err := NewDomainKeyKeeper(cfg, testCreds.DomainKey)
		require.NoError(t, err)
		assert.Equal(t, tc.leeway, k.leeway, tc.opts)
		assert.Equal(t, tc.timeout, k.timeout, tc.opts)
		assert.Zero(t, k.window, "Domain Key tokens are refreshed only once expired, whatever refreshWindow says")
		r, _ := k.src.(*retrying)
		require.NotNil(t, r, "the exchange is retried")
		assert.NotNil(t, r.p.WaitOnline)
		assert.Empty(t, cfg.Transport.(*fakeTransport).reqs, "nothing is sent before the first Token")
		k.Close()
	}
	_, err := NewDomainKeyKeeper(Config{APIKey: "k", Clock: newFakeClock()}, "")
	assert.Equal(t, CodeInvalidArgument, CodeOf(err))
}

func TestAccessTokenKeeperDefaultsAndOverrides(t *testing.T) {
	clock := newFakeClock()
	exp := strconv.FormatInt(int64(clock.Now().Add(Hour)/Instant(Second)), 10)
	apis := `"apis":{"chatbot":"https://h/prod/chatbot"}`
	for _, tc := range []struct {
		opts                         string
		window, timeout, hookTimeout Duration
	}{
		{`{` + apis + `}`, 2 * Minute, 30 * Second, 15 * Second},
		{`{` + apis + `,"refreshWindow":90,"refreshTimeout":5}`, 90 * Second, 5 * Second, 5 * Second},
		{`{` + apis + `,"refreshWindow":0}`, 0, 30 * Second, 15 * Second},
	} {
		cfg := Config{APIKey: "k", Options: pageOptions(t, tc.opts), Transport: &fakeTransport{}, Clock: clock}
		src, err := NewAccessTokenSource(cfg, nil)
		require.NoError(t, err)
		k, err := NewAccessTokenKeeper(context.Background(), cfg, "given", src)
		require.NoError(t, err)
		assert.Equal(t, tc.window, k.window, tc.opts)
		assert.Equal(t, tc.timeout, k.timeout, tc.opts)
		assert.Equal(t, tc.hookTimeout, src.hookTimeout, tc.opts)
		assert.Equal(t, DefaultLeeway, k.leeway)
		assert.Empty(t, cfg.Transport.(*fakeTransport).reqs, "apis were given: nothing sent")
		k.Close()
	}

	cfg := Config{APIKey: "k", Options: pageOptions(t, `{"expiration":`+exp+`}`), Clock: clock,
		Transport: &fakeTransport{resp: &Response{Status: 200, JSON: decode(t, `{"apis":{"search":"https://h/prod/search"}}`)}}}
	src, err := NewAccessTokenSource(cfg, nil)
	require.NoError(t, err)
	k, err := NewAccessTokenKeeper(context.Background(), cfg, "given", src)
	require.NoError(t, err)
	defer k.Close()
	tok := k.Current()
	assert.Equal(t, "given", tok.AccessToken)
	assert.Equal(t, clock.Now().Add(Hour), tok.Expiry)
	assert.Zero(t, tok.Obtained, "when it was issued is unknown")
	assert.Equal(t, map[string]string{"search": "https://h/prod/search"}, tok.APIs, "from GET /apis")
	req := cfg.Transport.(*fakeTransport).reqs[0]
	assert.Equal(t, DefaultAuthURL+"/apis", req.URL)
	assert.Equal(t, "given", req.Bearer.AccessToken)

	_, err = NewAccessTokenKeeper(context.Background(), cfg, "not a token", src)
	assert.Equal(t, CodeInvalidArgument, CodeOf(err))

	// An expiration no token of the API's has (a year away; given in
	// milliseconds, options refuse it).
	cfg.Options.Expiration = clock.Now().Add(365 * 24 * Hour)
	_, err = NewAccessTokenKeeper(context.Background(), cfg, "given", src)
	assert.Equal(t, CodeInvalidArgument, CodeOf(err))
	assert.ErrorContains(t, err, "options.expiration")
}

// slowRefresh answers /refreshToken after the delays in turn; an attempt
// cut by its timeout counts as answered.
type slowRefresh struct {
	mu     sync.Mutex
	delays []Duration
}

func (s *slowRefresh) RoundTrip(ctx Context, _ *Request) (*Response, error) {
	s.mu.Lock()
	d := s.delays[0]
	s.delays = s.delays[1:]
	s.mu.Unlock()
	if err := sleep(ctx, realClock, d); err != nil {
		return nil, &Error{Code: CodeTimeout, Retryable: true, Cause: err}
	}
	exp := float64(realClock.Now().Add(20*Minute) / Instant(Second))
	return &Response{Status: 200, JSON: map[string]any{"accessToken": "renewed", "expiration": exp}}, nil
}

// A refresh at the Auth API may take its retries' whole budget (30 s),
// a hook 15 s, as the README's refreshTimeout promises.
func TestAccessTokenRefreshTimeouts(t *testing.T) {
	given := func(t *testing.T) Config {
		exp := strconv.FormatInt(int64(realClock.Now().Add(Minute)/Instant(Second)), 10) // inside the window
		return Config{APIKey: "k", Clock: realClock,
			Options: pageOptions(t, `{"expiration":`+exp+`,"apis":{"chatbot":"https://h/prod/chatbot"}}`)}
	}
	t.Run("/refreshToken with retries", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			cfg := given(t)
			// The first attempt hangs until its 10 s timeout, the second
			// answers 8 s later: 18 s in all, past a 15 s cut.
			cfg.Transport = &slowRefresh{delays: []Duration{Hour, 8 * Second}}
			src, err := NewAccessTokenSource(cfg, nil)
			require.NoError(t, err)
			k, err := NewAccessTokenKeeper(context.Background(), cfg, "given", src)
			require.NoError(t, err)
			defer k.Close()
			tok, _, err := k.Token(context.Background())
			require.NoError(t, err)
			assert.Equal(t, "renewed", tok.AccessToken, "not the old token, kept after a failed refresh")
		})
	})
	for _, tc := range []struct {
		hook Duration
		ok   bool
	}{{14 * Second, true}, {16 * Second, false}} {
		t.Run("hook taking "+seconds(tc.hook), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				cfg := given(t)
				cfg.Transport = &fakeTransport{}
				hook := SourceFunc(func(ctx Context, _ *Token, _ Reason) (*Token, error) {
					if err := sleep(ctx, realClock, tc.hook); err != nil {
						return nil, err
					}
					return &Token{AccessToken: "from-hook"}, nil
				})
				src, err := NewAccessTokenSource(cfg, hook)
				require.NoError(t, err)
				k, err := NewAccessTokenKeeper(context.Background(), cfg, "given", src)
				require.NoError(t, err)
				defer k.Close()
				_, err = k.Refresh(context.Background())
				if tc.ok {
					assert.NoError(t, err)
					return
				}
				assert.Equal(t, CodeRefreshFailed, CodeOf(err))
				assert.Equal(t, CodeTimeout, CodeOf(AsError(err).Cause))
			})
		})
	}
}
