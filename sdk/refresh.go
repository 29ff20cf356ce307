package sdk

import "sync"

// RefreshTokenExchange renews a still-valid token at POST
// {authURL}/refreshToken, the route Inbenta documents for tokens obtained
// with a Secret. An expired token cannot be renewed there.
type RefreshTokenExchange struct {
	_         NoCompare
	authURL   string
	apiKey    string
	transport Transport
	clock     Clock
}

// NewRefreshTokenExchange validates apiKey; nothing is sent. base is an
// Auth API base as AuthBase gives it.
func NewRefreshTokenExchange(base, apiKey string, t Transport, clock Clock) (*RefreshTokenExchange, error) {
	if err := validateKey("apiKey", apiKey); err != nil {
		return nil, err
	}
	return &RefreshTokenExchange{authURL: base, apiKey: apiKey, transport: t, clock: clock}, nil
}

func (x *RefreshTokenExchange) Token(ctx Context, stale *Token, _ Reason) (*Token, error) {
	if stale == nil {
		return nil, newError(CodeTokenExpired, "no token to refresh")
	}
	sent := x.clock.Now()
	req := &Request{
		Method: "POST",
		URL:    x.authURL + "/refreshToken",
		Header: map[string]string{"x-inbenta-key": x.apiKey}, Bearer: stale,
	}
	resp, err := x.transport.RoundTrip(ctx, req)
	if err != nil {
		return nil, err
	}
	if resp.Status != 200 {
		return nil, AuthError(req, resp, CodeTokenExpired, x.clock.Now())
	}
	return ParseTokenAnswer(resp.JSON, stale, sent)
}

// fetchAPIs asks GET {base}/apis for the product URLs of tok, for a page
// that was given a token without them.
func fetchAPIs(ctx Context, base, apiKey string, tok *Token, t Transport, clock Clock) (map[string]string, error) {
	req := &Request{Method: "GET", URL: base + "/apis", Header: map[string]string{"x-inbenta-key": apiKey}, Bearer: tok}
	resp, err := t.RoundTrip(ctx, req)
	if err != nil {
		return nil, err
	}
	if resp.Status != 200 {
		return nil, AuthError(req, resp, CodeTokenExpired, clock.Now())
	}
	obj, _ := resp.JSON.(map[string]any)
	if obj == nil || obj["apis"] == nil {
		return nil, badResponse("the /apis answer has no apis object")
	}
	return ParseAPIs(obj["apis"])
}

// AuthBase validates an Auth API base (default DefaultAuthURL) and drops
// trailing slashes so routes can be appended.
func AuthBase(authURL string) (string, error) {
	if authURL == "" {
		authURL = DefaultAuthURL
	}
	return normalizeBaseURL(authURL)
}

// AccessTokenSource renews a token the page was given (access-token mode):
// through the page's refresh hook when there is one, otherwise through
// /refreshToken while the token is still valid. An expired or rejected
// token with no hook cannot be saved: TOKEN_EXPIRED. A hook that answers a
// rejected token with that same token (a page server answering from its
// cache) has not saved it: REFRESH_FAILED.
type AccessTokenSource struct {
	_           NoCompare
	refresh     Source
	clock       Clock
	hookTimeout Duration // 0: the caller's context alone bounds the hook

	mu   sync.Mutex
	hook Source
}

// newAccessTokenSource renews through refresh (a RefreshTokenExchange
// with retries, see NewAccessTokenSource) until a hook is set.
func newAccessTokenSource(refresh Source, clock Clock) *AccessTokenSource {
	return &AccessTokenSource{refresh: refresh, clock: clock}
}

// SetHook replaces the page's refresh hook; nil removes it.
func (s *AccessTokenSource) SetHook(h Source) {
	s.mu.Lock()
	s.hook = h
	s.mu.Unlock()
}

func (s *AccessTokenSource) Token(ctx Context, stale *Token, why Reason) (*Token, error) {
	s.mu.Lock()
	hook := s.hook
	s.mu.Unlock()
	if hook != nil {
		if s.hookTimeout > 0 {
			var cancel func()
			ctx, cancel = WithTimeout(ctx, s.clock, s.hookTimeout)
			defer cancel()
		}
		tok, err := hook.Token(ctx, stale, why)
		if err == nil && why == ReasonRejected && tok != nil && stale != nil && tok.AccessToken == stale.AccessToken {
			// A page server answering from a cache: replaying with it
			// would only be refused again.
			return nil, newError(CodeRefreshFailed, "the refresh returned the token the API refused")
		}
		return tok, refreshFailed("the refresh hook failed", err)
	}
	if err := s.Refuse(stale, why, s.clock.Now()); err != nil {
		return nil, err
	}
	tok, err := s.refresh.Token(ctx, stale, why)
	return tok, refreshFailed("refreshing the token at /refreshToken failed", err)
}

// Refuse reports TOKEN_EXPIRED when only a hook could save the token:
// /refreshToken renews valid tokens only.
func (s *AccessTokenSource) Refuse(stale *Token, why Reason, now Instant) error {
	s.mu.Lock()
	hook := s.hook
	s.mu.Unlock()
	if hook == nil && (stale == nil || why == ReasonRejected || stale.Expired(now, 0)) {
		return newError(CodeTokenExpired, "the access token has expired and there is no refresh hook to replace it")
	}
	return nil
}

// refreshFailed wraps err as REFRESH_FAILED, keeping it as the cause.
func refreshFailed(msg string, err error) error {
	if err == nil {
		return nil
	}
	e := AsError(err)
	if e.Code == CodeRefreshFailed || e.Code == CodeClosed {
		return e
	}
	return &Error{Code: CodeRefreshFailed, Message: msg, Status: e.Status, Retryable: e.Retryable, Cause: e}
}
