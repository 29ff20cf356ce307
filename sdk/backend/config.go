//go:build !(js && wasm)

package backend

import (
	"net/http"
	"time"

	"github.com/inbenta-community/inbenta-auth/sdk"
)

// Defaults of a Config.
const (
	// DefaultRefreshBefore is the middle of Inbenta's 1–3 minute window for
	// refreshing a token obtained with a Secret.
	DefaultRefreshBefore = time.Duration(sdk.DefaultRefreshWindow)
	// DefaultHTTPTimeout bounds one request to the Auth API.
	DefaultHTTPTimeout = 15 * time.Second
	// DefaultRetryBudget bounds the retries of one renewal. Each attempt
	// takes at most 5 s, so with the last one a page's refresh hook hears
	// within 13 s: inside the browser SDK's 15 s refreshTimeout.
	DefaultRetryBudget = 8 * time.Second
	// MinReplaceInterval spaces the exchanges pages can force by reporting
	// a rejected token (see TokenServer.Replace): at most one per 30 s per
	// TokenServer, so a page, or a script on it, cannot spend the Auth
	// API's rate limit. Within it, the token in hand is answered.
	MinReplaceInterval = 30 * time.Second

	// retryAttemptTimeout bounds one attempt under the retry policy.
	retryAttemptTimeout = 5 * time.Second

	minRefreshBefore = time.Minute
	maxRefreshBefore = 3 * time.Minute
)

// Config is what a TokenServer needs. Only APIKey and Secret are required.
type Config struct {
	APIKey string
	Secret string
	// AuthURL is the Auth API base; "" means sdk.DefaultAuthURL. Regional
	// and smart-routing bases exist.
	AuthURL string
	// HTTPClient sends the requests; nil means a client of this package's
	// own with a DefaultHTTPTimeout timeout that does not follow redirects.
	HTTPClient *http.Client
	// RefreshBefore is how long before expiry a token is renewed: 0 means
	// DefaultRefreshBefore, otherwise between 1 and 3 minutes.
	RefreshBefore time.Duration
	// RetryBudget bounds the retries of one renewal (5xx, 429 and network
	// failures, with the browser SDK's backoff, honouring Retry-After):
	// attempts and waits together. 0 means DefaultRetryBudget; negative,
	// no retries.
	RetryBudget time.Duration
	// Now replaces time.Now, for tests.
	Now func() time.Time
}

// withDefaults validates c and fills in its defaults.
func (c Config) withDefaults() (Config, error) {
	if c.Secret == "" {
		return c, invalid("Secret is empty")
	}
	switch {
	case c.RefreshBefore == 0:
		c.RefreshBefore = DefaultRefreshBefore
	case c.RefreshBefore < minRefreshBefore || c.RefreshBefore > maxRefreshBefore:
		return c, invalid("RefreshBefore must be between 1 and 3 minutes (Inbenta's rule for Secret tokens)")
	}
	if c.RetryBudget == 0 {
		c.RetryBudget = DefaultRetryBudget
	}
	if c.AuthURL == "" {
		c.AuthURL = sdk.DefaultAuthURL
	}
	if c.HTTPClient == nil {
		c.HTTPClient = defaultHTTPClient()
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	return c, nil
}

// defaultHTTPClient has its own connection pool, so Close can drop its idle
// connections without touching anyone else's. It does not follow redirects:
// a 307/308 would resend the Secret to wherever the Location points, and
// the Auth API never redirects.
func defaultHTTPClient() *http.Client {
	return &http.Client{
		Timeout:   DefaultHTTPTimeout,
		Transport: http.DefaultTransport.(*http.Transport).Clone(),
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
}

// retryPolicy is the browser SDK's backoff (sdk.DefaultRetryPolicy) within
// c's budget, on clock.
func (c Config) retryPolicy(clock sdk.Clock) sdk.RetryPolicy {
	p := sdk.DefaultRetryPolicy(clock)
	attempt := retryAttemptTimeout
	if t := c.HTTPClient.Timeout; t > 0 && t < attempt {
		attempt = t
	}
	p.AttemptTimeout = sdk.Duration(attempt)
	p.Budget = sdk.Duration(max(c.RetryBudget, 0))
	if c.RetryBudget < 0 {
		p.Attempts = 1
	}
	return p
}

func invalid(msg string) *sdk.Error {
	return &sdk.Error{Code: sdk.CodeInvalidArgument, Message: msg}
}
