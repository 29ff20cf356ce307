package sdk

// RetryPolicy bounds the retries of an Auth API call (exchange, refresh):
// network errors, 5xx and 429 are retried with exponential backoff and full
// jitter; errors that retrying cannot fix (400, 401, 403, 422, a malformed
// answer) never are. Product calls are not retried by the SDK.
type RetryPolicy struct {
	Attempts       int      // in all, the first included
	Base           Duration // backoff before the first retry, at most
	Max            Duration // cap of one backoff
	Budget         Duration // attempts and waits together, at most
	AttemptTimeout Duration // one attempt, at most
	MaxRetryAfter  Duration // cap on a server's Retry-After

	Clock      Clock               // times attempts and waits
	WaitOnline func(Context) error // blocks while the browser is offline; nil: always online

	jitter func() float64 // [0, 1); Config.Random or defaultRandom unless a test fixes it
}

// DefaultRetryPolicy is what the SDK uses for the Auth API, on clock.
func DefaultRetryPolicy(clock Clock) RetryPolicy {
	return RetryPolicy{
		Attempts: 4, Base: 500 * Millisecond, Max: 8 * Second,
		Budget: 20 * Second, AttemptTimeout: 10 * Second, MaxRetryAfter: 20 * Second,
		Clock: clock, jitter: defaultRandom,
	}
}

// Backoff is the wait before retry number n (1 for the first retry): a
// random duration up to min(Max, Base*2^(n-1)) ("full jitter", so many
// pages failing together do not retry together), or the server's
// Retry-After when that is longer (capped at MaxRetryAfter).
func (p RetryPolicy) Backoff(n int, retryAfter Duration) Duration {
	ceiling := p.Max
	if n-1 < 30 && p.Base<<(n-1) < p.Max {
		ceiling = p.Base << (n - 1)
	}
	jitter := p.jitter
	if jitter == nil {
		jitter = defaultRandom
	}
	d := Duration(jitter() * float64(ceiling))
	return max(d, min(retryAfter, p.MaxRetryAfter))
}

// Bound is the longest a call retried under p takes, offline waits aside:
// the last attempt may start just inside the budget.
func (p RetryPolicy) Bound() Duration { return p.Budget + p.AttemptTimeout }

// WithRetry wraps src so its retryable failures are retried under p.
func WithRetry(src Source, p RetryPolicy) Source { return &retrying{src, p} }

type retrying struct {
	src Source
	p   RetryPolicy
}

func (r *retrying) Token(ctx Context, stale *Token, why Reason) (tok *Token, err error) {
	err = r.p.do(ctx, func(ctx Context) error {
		tok, err = r.src.Token(ctx, stale, why)
		return err
	})
	if err != nil {
		return nil, err
	}
	return tok, nil
}

// do runs attempt until it succeeds or its error is final; attempt keeps
// what it obtained (one shape for every caller keeps the wasm small).
func (p *RetryPolicy) do(ctx Context, attempt func(Context) error) error {
	start := p.Clock.Now()
	for n := 1; ; n++ {
		if p.WaitOnline != nil {
			// Offline, every attempt would fail at once: wait for the
			// network instead of spending attempts.
			if err := p.WaitOnline(ctx); err != nil {
				return AsError(err)
			}
		}
		err := p.try(ctx, attempt)
		if err == nil {
			return nil
		}
		e := AsError(err)
		if !e.Retryable || n >= p.Attempts || ctx.Err() != nil {
			return e
		}
		wait := p.Backoff(n, e.RetryAfter)
		if p.Clock.Now().Add(wait).Sub(start) > p.Budget {
			return e
		}
		if err := sleep(ctx, p.Clock, wait); err != nil {
			return e
		}
	}
}

func (p *RetryPolicy) try(ctx Context, attempt func(Context) error) error {
	if p.AttemptTimeout <= 0 {
		return attempt(ctx)
	}
	actx, cancel := WithTimeout(ctx, p.Clock, p.AttemptTimeout)
	defer cancel()
	err := attempt(actx)
	if err != nil && actx.Err() != nil && ctx.Err() == nil {
		return &Error{Code: CodeTimeout, Message: "the API did not answer in time", Retryable: true, Cause: err}
	}
	return err
}

// retryAfter reads how long a refusal asks to wait: Retry-After in seconds
// or as an HTTP date, else x-throttle-reset (assumption: a Unix time when
// large, else seconds; Inbenta does not document its unit).
func retryAfter(h map[string]string, now Instant) Duration {
	if v := trimASCIISpace(h["retry-after"]); v != "" {
		if s, ok := atoiASCII(v); ok && s < 1e7 {
			return Duration(s) * Second
		}
		if t, ok := parseHTTPDate(v); ok {
			return max(unixSeconds(t).Sub(now), 0)
		}
	}
	if s, ok := atoiASCII(trimASCIISpace(h["x-throttle-reset"])); ok {
		if s > 1e9 {
			return max(unixSeconds(s).Sub(now), 0)
		}
		if s < 1e7 {
			return Duration(s) * Second
		}
	}
	return 0
}

func unixSeconds(s int64) Instant { return Instant(s * 1e9) }
