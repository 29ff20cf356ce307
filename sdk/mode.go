package sdk

// The browser's two modes, assembled here rather than in the wasm's main
// so their policy (retries, timeouts, windows) is unit-tested.

// Config is what a browser Keeper is assembled from.
type Config struct {
	APIKey string
	// Options are the page's data options, parsed: AuthURL, Leeway,
	// RefreshTimeout, RefreshWindow, and in access-token mode Expiration
	// and APIs.
	Options    Options
	Transport  Transport
	Clock      Clock
	WaitOnline func(Context) error // blocks while offline; nil: always online
	// Random is a number in [0, 1) that spreads the retries of pages that
	// fail together; nil: defaultRandom.
	Random   func() float64
	Observer func(Event)
	// Peers, when set, are the other pages the Keeper shares tokens with
	// (see Shared); nil keeps them to this page.
	Peers Peers
	// Store, when set, keeps the token beyond the page (options.persist):
	// the Keeper starts from a usable token it holds, and every token it
	// adopts is saved there. nil keeps it in memory only.
	Store Store
	// Exchanging: the first exchange was sent already (the loader's early
	// /auth); the Store's token is not restored, the exchange's is saved.
	Exchanging bool
}

// retryPolicy is the SDK's for the Auth API, waiting out offline periods.
func (c *Config) retryPolicy() RetryPolicy {
	p := DefaultRetryPolicy(c.Clock)
	p.WaitOnline = c.WaitOnline
	if c.Random != nil {
		p.jitter = c.Random
	}
	return p
}

// timeout is the page's refreshTimeout, or def.
func (c *Config) timeout(def Duration) Duration {
	if c.Options.RefreshTimeout > 0 {
		return c.Options.RefreshTimeout
	}
	return def
}

func (c *Config) keeperOptions(timeout Duration) []Option {
	return []Option{WithObserver(c.Observer), WithRefreshTimeout(timeout), WithLeeway(c.leeway())}
}

// leeway is the page's leeway, or DefaultLeeway.
func (c *Config) leeway() Duration {
	if c.Options.Leeway >= 0 {
		return c.Options.Leeway
	}
	return DefaultLeeway
}

// NewDomainKeyKeeper keeps tokens exchanged for domainKey at /auth, with
// retries, only when a call finds the token expired or rejected. A refresh
// may take as long as its retries (RetryPolicy.Bound, 30 s) unless the
// page set refreshTimeout. Nothing is sent yet.
func NewDomainKeyKeeper(cfg Config, domainKey string) (*Keeper, error) {
	creds := Credentials{APIKey: cfg.APIKey, DomainKey: domainKey}
	x, err := NewDomainKeyExchange(cfg.Options.AuthURL, creds, cfg.Transport, cfg.Clock)
	if err != nil {
		return nil, err
	}
	persist, restored := cfg.persisting(domainKey)
	p := cfg.retryPolicy()
	opts := cfg.keeperOptions(cfg.timeout(p.Bound()))
	if restored != nil {
		opts = append(opts, WithToken(restored))
	}
	k := cfg.newKeeper(WithRetry(x, p), opts...)
	k.persist = persist
	cfg.announce(restored)
	return k, nil
}

// announce tells the other pages of a token restored from the Store, as
// of one just obtained: those whose token is older adopt it.
func (c *Config) announce(restored *Token) {
	if restored != nil && c.Peers != nil {
		c.Peers.Announce(restored)
	}
}

// newKeeper is NewKeeper, its tokens shared with cfg.Peers when there are
// some.
func (c *Config) newKeeper(src Source, opts ...Option) *Keeper {
	if c.Peers == nil {
		return NewKeeper(src, c.Clock, opts...)
	}
	s := NewShared(src, c.Peers, c.Clock)
	k := NewKeeper(s, c.Clock, opts...)
	s.Bind(k)
	return k
}

// NewAccessTokenSource is access-token mode's Source: the page's hook when
// there is one (hook, or one set later), each run bounded by refreshTimeout
// (15 s by default), else /refreshToken with retries while the token is
// valid.
func NewAccessTokenSource(cfg Config, hook Source) (*AccessTokenSource, error) {
	x, err := NewRefreshTokenExchange(cfg.Options.AuthURL, cfg.APIKey, cfg.Transport, cfg.Clock)
	if err != nil {
		return nil, err
	}
	s := newAccessTokenSource(WithRetry(x, cfg.retryPolicy()), cfg.Clock)
	s.hookTimeout = cfg.timeout(DefaultRefreshTimeout)
	s.SetHook(hook)
	return s, nil
}

// NewAccessTokenKeeper adopts accessToken, a token the page's server
// obtained with the Secret, and keeps it renewed through src
// DefaultRefreshWindow before it expires (the page's refreshWindow
// overrides). Without options.apis its product URLs come from GET /apis,
// the only request sent here (ctx and the retry policy's AttemptTimeout
// bound it).
//
// With a Store, the token it holds counts as another page's (see
// preferStored): it stands in for an older or expired accessToken, and
// gives accessToken itself the apis and expiration the page left out.
//
// accessToken is a string, or TokenBytes the Keeper then owns (and wipes).
func NewAccessTokenKeeper(ctx Context, cfg Config, accessToken any, src *AccessTokenSource) (*Keeper, error) {
	now := cfg.Clock.Now()
	given, err := ParseHookAnswer(map[string]any{"accessToken": accessToken}, nil, now)
	if err != nil {
		return nil, &Error{Code: CodeInvalidArgument, Message: "accessToken is not a token", Cause: err}
	}
	// When the token was issued is unknown: Obtained stays zero, so a token
	// given with 30 s left is renewed at once rather than at half its life.
	given.Expiry, given.APIs, given.Obtained = cfg.Options.Expiration, cfg.Options.APIs, 0
	if given.Expiry.Sub(now) > MaxTokenLife+MaxClockSkew {
		return nil, newError(CodeInvalidArgument, "options.expiration must be the token's expiry in Unix seconds, at most 48 h after this device's clock")
	}
	base := cfg.Options.AuthURL
	persist, restored := cfg.persisting("")
	given = preferStored(given, restored, now, cfg.leeway())
	p := cfg.retryPolicy()
	if given.APIs == nil && !given.Expired(now, 0) {
		actx, cancel := WithTimeout(ctx, cfg.Clock, p.AttemptTimeout)
		given.APIs, err = fetchAPIs(actx, base, cfg.APIKey, given, cfg.Transport, cfg.Clock)
		cancel()
		if err != nil {
			return nil, err
		}
	}
	window := DefaultRefreshWindow
	if cfg.Options.RefreshWindow >= 0 {
		window = cfg.Options.RefreshWindow
	}
	// The Keeper's bound is the Auth API's (retries included); src bounds
	// each run of the hook itself.
	opts := append(cfg.keeperOptions(cfg.timeout(p.Bound())), WithToken(given), WithRefreshWindow(window))
	k := cfg.newKeeper(src, opts...)
	k.persist = persist
	if given == restored {
		cfg.announce(restored)
	} else if persist != nil {
		persist.save(given)
	}
	return k, nil
}

// preferStored is the token an access-token client starts with: given,
// the page's, unless restored (from the Store; nil when none) is the same
// token, which then fills in what the page left out, or a token that
// expires later, or given has expired: the page's server may hand out a
// token from its cache while the tab's last page had its hook renew it.
// A given token without an expiration is never replaced: it is valid
// until the API refuses it. The token not kept is wiped.
func preferStored(given, restored *Token, now Instant, leeway Duration) *Token {
	switch {
	case restored == nil:
		return given
	case restored.AccessToken == given.AccessToken:
		if given.Expiry.IsZero() {
			given.Expiry, given.Obtained = restored.Expiry, restored.Obtained
		}
		if given.APIs == nil {
			given.APIs = restored.APIs
		}
	case !given.Expiry.IsZero() && (given.Expired(now, leeway) || newer(restored, given)):
		given.Wipe()
		return restored
	}
	restored.Wipe()
	return given
}

// NewSessions keeps the product sessions of k's client: started with k's
// tokens, the API key and the page's product headers (Options.Headers),
// through the Transport under the exchange's retry policy. Nothing is
// sent yet.
func (c *Config) NewSessions(k *Keeper) *Sessions {
	header := map[string]string{"x-inbenta-key": c.APIKey}
	pairs := c.Options.Headers.Pairs()
	for i := 0; i+1 < len(pairs); i += 2 {
		header[pairs[i]] = pairs[i+1]
	}
	p := c.retryPolicy()
	m := &Sessions{keeper: k, header: header, transport: c.Transport, policy: p, clock: c.Clock,
		observer: c.Observer, slots: make([]slot, len(sessionSpecs)),
		// A start may wait for a token, retry, have the token replaced
		// and be sent once more.
		timeout: 2 * (k.timeout + p.Bound())}
	m.life, m.cancel = WithCancel(Background)
	if k.persist != nil {
		m.store, m.storeKey = k.persist.store, k.persist.key
	}
	return m
}
