package backend

import (
	"context"
	"net/http"

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
	s := &TokenServer{
		keeper: sdk.NewKeeper(src, src.clock, sdk.WithRefreshWindow(sdk.Duration(cfg.RefreshBefore))),
		secret: cfg.Secret,
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

// Close stops the renewal timer and drops the token; later calls, and calls
// waiting for a token, fail with sdk.CodeClosed. Safe to call more than once.
func (s *TokenServer) Close() {
	s.keeper.Close()
	if s.idle != nil {
		s.idle.CloseIdleConnections()
	}
}
