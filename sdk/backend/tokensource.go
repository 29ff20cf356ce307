package backend

import (
	"context"
	"net/http"

	"github.com/inbenta-community/inbenta-auth/sdk"
)

// TokenSource keeps one access token obtained with the Secret and renews it
// ahead of expiry. It is also the http.Handler that gives the token to
// browsers (see ServeHTTP). Safe for concurrent use.
type TokenSource struct {
	client *sdk.Client
	secret string // only to keep it out of error answers
	// idle is the HTTP client whose idle connections Close drops: the
	// default one, never a client the caller passed in and may share.
	idle *http.Client
}

// New validates cfg and returns a TokenSource. Nothing is sent until the
// first token is wanted.
func New(cfg Config) (*TokenSource, error) {
	ownClient := cfg.HTTPClient == nil
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	src, err := newSecretSource(cfg, HTTPTransport{Client: cfg.HTTPClient})
	if err != nil {
		return nil, err
	}
	s := &TokenSource{
		client: sdk.NewClient(src, sdk.WithClock(cfg.Now), sdk.WithRefreshWindow(cfg.RefreshBefore)),
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
func (s *TokenSource) Token(ctx context.Context) (*sdk.Token, error) {
	return s.client.Token(ctx)
}

// Close stops the renewal timer and drops the token; later calls, and calls
// waiting for a token, fail with sdk.CodeClosed. Safe to call more than once.
func (s *TokenSource) Close() {
	s.client.Close()
	if s.idle != nil {
		s.idle.CloseIdleConnections()
	}
}
