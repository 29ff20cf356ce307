//go:build !(js && wasm)

package backend

import (
	"encoding/json"

	"github.com/inbenta-community/inbenta-auth/sdk"
)

// secretSource is the sdk.Source of a server holding the Secret: it renews
// a still-valid token at /refreshToken and otherwise exchanges the Secret at
// /auth.
type secretSource struct {
	authURL   string // validated, without trailing slashes
	apiKey    string
	secret    string
	transport sdk.Transport
	clock     sdk.Clock
	refresh   *sdk.RefreshTokenExchange
}

// newSecretSource expects cfg with its defaults filled in.
func newSecretSource(cfg Config, t sdk.Transport) (*secretSource, error) {
	// The exchange validates the key and the base URL the same way the
	// browser SDK does; /auth uses the same base.
	clock := sdk.ClockOf(cfg.Now)
	refresh, err := sdk.NewRefreshTokenExchange(cfg.AuthURL, cfg.APIKey, t, clock)
	if err != nil {
		return nil, err
	}
	base, err := sdk.AuthBase(cfg.AuthURL)
	if err != nil {
		return nil, err
	}
	return &secretSource{
		authURL:   base,
		apiKey:    cfg.APIKey,
		secret:    cfg.Secret,
		transport: t,
		clock:     clock,
		refresh:   refresh,
	}, nil
}

func (x *secretSource) Token(ctx sdk.Context, stale *sdk.Token, why sdk.Reason) (*sdk.Token, error) {
	// Only a token inside its refresh window is still valid enough for
	// /refreshToken; an expired or rejected one would be refused there.
	if why == sdk.ReasonExpiring && stale != nil {
		tok, err := x.refresh.Token(ctx, stale, why)
		if err == nil || ctx.Err() != nil {
			return tok, err
		}
	}
	return x.exchange(ctx, stale)
}

// exchange trades the Secret for a new token at POST {authURL}/auth.
func (x *secretSource) exchange(ctx sdk.Context, stale *sdk.Token) (*sdk.Token, error) {
	// Marshalling a string field cannot fail.
	body, _ := json.Marshal(struct {
		Secret string `json:"secret"`
	}{x.secret})
	sent := x.clock.Now()
	req := &sdk.Request{
		Method: "POST",
		URL:    x.authURL + "/auth",
		Header: map[string]string{"x-inbenta-key": x.apiKey, "content-type": "application/json"},
		Body:   string(body),
	}
	resp, err := x.transport.RoundTrip(ctx, req)
	if err != nil {
		return nil, err
	}
	if resp.Status != 200 {
		// For a Secret, the gateway's 403 means a wrong key.
		return nil, sdk.AuthError(req, resp, sdk.CodeInvalidKey, x.clock.Now())
	}
	return sdk.ParseTokenAnswer(resp.JSON, stale, sent)
}
