package sdk

import (
	"math/rand/v2"
	"time"
)

// RetryPolicy bounds the retries of an Auth API call (exchange, refresh):
// network errors, 5xx and 429 are retried with exponential backoff and full
// jitter; errors that retrying cannot fix (400, 401, 403, 422, a malformed
// answer) never are. Product calls are not retried by the SDK.
type RetryPolicy struct {
	Attempts       int           // in all, the first included
	Base           time.Duration // backoff before the first retry, at most
	Max            time.Duration // cap of one backoff
	Budget         time.Duration // attempts and waits together, at most
	AttemptTimeout time.Duration // one attempt, at most
	MaxRetryAfter  time.Duration // cap on a server's Retry-After

	Rand       func() float64                     // [0, 1); jitter
	Sleep      func(Context, time.Duration) error // waits
	Now        func() Instant                     // the wall clock (sdk.At(time.Now()))
	WaitOnline func(Context) error                // blocks while the browser is offline; nil: always online
}

// DefaultRetryPolicy is what the SDK uses for the Auth API.
func DefaultRetryPolicy() RetryPolicy {
	return RetryPolicy{
		Attempts: 4, Base: 500 * time.Millisecond, Max: 8 * time.Second,
		Budget: 20 * time.Second, AttemptTimeout: 10 * time.Second, MaxRetryAfter: 20 * time.Second,
		Rand: rand.Float64, Sleep: sleep, Now: clockOf(time.Now),
	}
}

// Backoff is the wait before retry number n (1 for the first retry): a
// random duration up to min(Max, Base*2^(n-1)) ("full jitter", so many
// pages failing together do not retry together), or the server's
// Retry-After when that is longer (capped at MaxRetryAfter).
func (p RetryPolicy) Backoff(n int, retryAfter time.Duration) time.Duration {
	ceiling := p.Max
	if n-1 < 30 && p.Base<<(n-1) < p.Max {
		ceiling = p.Base << (n - 1)
	}
	d := time.Duration(p.Rand() * float64(ceiling))
	return max(d, min(retryAfter, p.MaxRetryAfter))
}

// WithRetry wraps src so its retryable failures are retried under p.
func WithRetry(src Source, p RetryPolicy) Source { return &retrying{src, p} }

type retrying struct {
	src Source
	p   RetryPolicy
}

func (r *retrying) Token(ctx Context, stale *Token, why Reason) (*Token, error) {
	return r.p.do(ctx, func(ctx Context) (*Token, error) { return r.src.Token(ctx, stale, why) })
}

func (p RetryPolicy) do(ctx Context, attempt func(Context) (*Token, error)) (*Token, error) {
	start := TimeOf(p.Now())
	for n := 1; ; n++ {
		if p.WaitOnline != nil {
			// Offline, every attempt would fail at once: wait for the
			// network instead of spending attempts.
			if err := p.WaitOnline(ctx); err != nil {
				return nil, AsError(err)
			}
		}
		tok, err := p.try(ctx, attempt)
		if err == nil {
			return tok, nil
		}
		e := AsError(err)
		if !e.Retryable || n >= p.Attempts || ctx.Err() != nil {
			return nil, e
		}
		wait := p.Backoff(n, e.RetryAfter)
		if TimeOf(p.Now()).Add(wait).Sub(start) > p.Budget {
			return nil, e
		}
		if err := p.Sleep(ctx, wait); err != nil {
			return nil, e
		}
	}
}

func (p RetryPolicy) try(ctx Context, attempt func(Context) (*Token, error)) (*Token, error) {
	if p.AttemptTimeout <= 0 {
		return attempt(ctx)
	}
	actx, cancel := WithTimeout(ctx, p.AttemptTimeout)
	defer cancel()
	tok, err := attempt(actx)
	if err != nil && actx.Err() != nil && ctx.Err() == nil {
		return nil, &Error{Code: CodeTimeout, Message: "the Auth API did not answer in time", Retryable: true, Cause: err}
	}
	return tok, err
}

// sleep waits d or until ctx ends. It uses time.AfterFunc, not
// time.NewTimer: NewTimer links internal/godebug and runtime metrics into
// the wasm (~70 KB raw).
func sleep(ctx Context, d time.Duration) error {
	done := make(chan struct{})
	t := time.AfterFunc(d, func() { close(done) })
	defer t.Stop()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// retryAfter reads how long a refusal asks to wait: Retry-After in seconds
// or as an HTTP date, else x-throttle-reset (assumption: a Unix time when
// large, else seconds; Inbenta does not document its unit).
func retryAfter(h map[string]string, now time.Time) time.Duration {
	if v := trimASCIISpace(h["retry-after"]); v != "" {
		if s, ok := atoiASCII(v); ok && s < 1e7 {
			return time.Duration(s) * time.Second
		}
		if t, ok := parseHTTPDate(v); ok {
			return max(time.Unix(t, 0).Sub(now), 0)
		}
	}
	if s, ok := atoiASCII(trimASCIISpace(h["x-throttle-reset"])); ok {
		if s > 1e9 {
			return max(time.Unix(s, 0).Sub(now), 0)
		}
		if s < 1e7 {
			return time.Duration(s) * time.Second
		}
	}
	return 0
}
