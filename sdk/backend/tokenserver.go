//go:build !(js && wasm)

package backend

import (
	"context"
	"net/http"
	"sync"
	"time"

	"github.com/inbenta-community/inbenta-auth/sdk"
)

// TokenServer keeps one access token obtained with the Secret, renews it
// ahead of expiry, and serves it to browsers: it is an http.Handler (see
// ServeHTTP). Safe for concurrent use.
type TokenServer struct {
	keeper *sdk.Keeper
	secret string // only to keep it out of error answers
	// idle is the HTTP client whose idle connections Close drops: the
	// default one, never a client the caller passed in and may share.
	idle *http.Client
	now  func() time.Time

	mu         sync.Mutex
	replacing  chan struct{} // closed when the Replace in progress ends; nil when none
	replacedAt time.Time     // when Replace last dropped a token
}

// New validates cfg and returns a TokenServer. Nothing is sent until the
// first token is wanted.
func New(cfg Config) (*TokenServer, error) {
	ownClient := cfg.HTTPClient == nil
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	src, err := newSecretSource(cfg, HTTPTransport{Client: cfg.HTTPClient})
	if err != nil {
		return nil, err
	}
	// Retries happen here, not in the page: a blip of the Auth API is
	// absorbed once for every page. The keeper's bound is the policy's.
	p := cfg.retryPolicy(src.clock)
	keeper := sdk.NewKeeper(sdk.WithRetry(src, p), src.clock,
		sdk.WithRefreshWindow(sdk.Duration(cfg.RefreshBefore)), sdk.WithRefreshTimeout(p.Bound()))
	s := &TokenServer{
		keeper: keeper,
		secret: cfg.Secret,
		now:    cfg.Now,
	}
	if ownClient {
		s.idle = cfg.HTTPClient
	}
	return s, nil
}

// Token returns a usable token, obtaining or renewing it first when needed.
// The token is shared with other callers: treat it, and its APIs map, as
// read-only.
func (s *TokenServer) Token(ctx context.Context) (*sdk.Token, error) {
	tok, _, err := s.keeper.Token(ctx)
	return tok, err
}

// Replace returns a token other than the current one, which the API
// refused (a page's refresh hook said reason "rejected"): it drops the
// current token and exchanges the Secret anew at /auth. Concurrent calls
// share one exchange. Pages decide when to call it, so at most one token
// is dropped per MinReplaceInterval: within it, Replace answers as Token
// does (the token that replaced the refused one, by then).
func (s *TokenServer) Replace(ctx context.Context) (*sdk.Token, error) {
	s.mu.Lock()
	if w := s.replacing; w != nil {
		s.mu.Unlock()
		select {
		case <-w:
		case <-ctx.Done():
			return nil, sdk.AsError(ctx.Err())
		}
		return s.Token(ctx)
	}
	now := s.now()
	// A clock moved back does not hold the limit shut.
	if !s.replacedAt.IsZero() && now.Sub(s.replacedAt) < MinReplaceInterval && !now.Before(s.replacedAt) {
		s.mu.Unlock()
		return s.Token(ctx)
	}
	w := make(chan struct{})
	s.replacing = w
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.replacing = nil
		s.mu.Unlock()
		close(w)
	}()

	tok, gen, err := s.keeper.Token(ctx)
	if err != nil || tok.Obtained >= sdk.At(now) {
		// No token to drop, or one obtained just now (the first, or a
		// renewal): not the one the page saw refused.
		return tok, err
	}
	s.mu.Lock()
	s.replacedAt = now
	s.mu.Unlock()
	tok, _, err = s.keeper.Rejected(ctx, gen)
	return tok, err
}

// Close stops the renewal timer and drops the token; later calls, and calls
// waiting for a token, fail with sdk.CodeClosed. Safe to call more than once.
func (s *TokenServer) Close() {
	s.keeper.Close()
	if s.idle != nil {
		s.idle.CloseIdleConnections()
	}
}
