package sdk

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// testPolicy retries on a fake clock: Sleep moves the clock and records
// each wait; Rand is fixed.
func testPolicy(clock *fakeClock, r float64) (RetryPolicy, *[]time.Duration) {
	var waits []time.Duration
	p := DefaultRetryPolicy()
	p.Now = clockOf(clock.Now)
	p.Rand = func() float64 { return r }
	p.Sleep = func(_ Context, d time.Duration) error {
		waits = append(waits, d)
		clock.Advance(d)
		return nil
	}
	return p, &waits
}

// scripted fails with errs in turn, then succeeds.
func scripted(errs ...error) (Source, *int) {
	calls := 0
	return SourceFunc(func(Context, *Token, Reason) (*Token, error) {
		calls++
		if calls <= len(errs) {
			return nil, errs[calls-1]
		}
		return &Token{AccessToken: "ok"}, nil
	}), &calls
}

var (
	errNet  = &Error{Code: CodeNetwork, Retryable: true}
	err503  = &Error{Code: CodeServerError, Status: 503, Retryable: true}
	err429  = &Error{Code: CodeRateLimited, Status: 429, Retryable: true, RetryAfter: 2 * time.Second}
	errKey  = &Error{Code: CodeInvalidKey, Status: 401}
	errBody = &Error{Code: CodeBadResponse}
)

func TestBackoffScheduleIsExponentialWithFullJitter(t *testing.T) {
	p := DefaultRetryPolicy()
	p.Rand = func() float64 { return 0.999999 }
	var ceilings []time.Duration
	for n := 1; n <= 7; n++ {
		ceilings = append(ceilings, p.Backoff(n, 0).Round(time.Millisecond))
	}
	assert.Equal(t, []time.Duration{500 * time.Millisecond, time.Second, 2 * time.Second, 4 * time.Second,
		8 * time.Second, 8 * time.Second, 8 * time.Second}, ceilings, "doubling, capped at Max")

	p.Rand = func() float64 { return 0.25 }
	assert.Equal(t, 250*time.Millisecond, p.Backoff(2, 0), "full jitter: a fraction of the ceiling")
	p.Rand = func() float64 { return 0 }
	assert.Equal(t, time.Duration(0), p.Backoff(1, 0))
	assert.Equal(t, 2*time.Second, p.Backoff(1, 2*time.Second), "Retry-After wins when longer")
	assert.Equal(t, p.MaxRetryAfter, p.Backoff(1, time.Hour), "but is capped")
	p.Rand = func() float64 { return 0.999999 }
	assert.InDelta(t, float64(p.Max), float64(p.Backoff(1000, 0)), float64(time.Millisecond), "no overflow for late retries")
}

func TestRetriesTransientFailures(t *testing.T) {
	clock := newFakeClock()
	p, waits := testPolicy(clock, 0.5)
	src, calls := scripted(err503, errNet)
	tok, err := WithRetry(src, p).Token(context.Background(), nil, ReasonInitial)
	require.NoError(t, err)
	assert.Equal(t, "ok", tok.AccessToken)
	assert.Equal(t, 3, *calls, "two failures, then success on the third attempt")
	assert.Equal(t, []time.Duration{250 * time.Millisecond, 500 * time.Millisecond}, *waits)
}

func TestHonoursRetryAfter(t *testing.T) {
	clock := newFakeClock()
	p, waits := testPolicy(clock, 0.1)
	src, calls := scripted(err429)
	_, err := WithRetry(src, p).Token(context.Background(), nil, ReasonInitial)
	require.NoError(t, err)
	assert.Equal(t, 2, *calls)
	assert.Equal(t, []time.Duration{2 * time.Second}, *waits)
}

func TestNeverRetriesWhatRetryingCannotFix(t *testing.T) {
	for _, e := range []*Error{errKey, errBody, {Code: CodeOriginNotAllowed, Status: 403}, {Code: CodeInvalidKey, Status: 422}} {
		clock := newFakeClock()
		p, waits := testPolicy(clock, 0.5)
		src, calls := scripted(e, e)
		_, err := WithRetry(src, p).Token(context.Background(), nil, ReasonInitial)
		assert.Equal(t, e.Code, CodeOf(err))
		assert.Equal(t, 1, *calls, "%s: exactly one request", e.Code)
		assert.Empty(t, *waits)
	}
}

func TestRetriesAreBoundedInAttemptsAndTime(t *testing.T) {
	clock := newFakeClock()
	p, _ := testPolicy(clock, 0.5)
	src, calls := scripted(errNet, errNet, errNet, errNet, errNet, errNet)
	_, err := WithRetry(src, p).Token(context.Background(), nil, ReasonInitial)
	assert.Equal(t, CodeNetwork, CodeOf(err))
	assert.Equal(t, p.Attempts, *calls)

	clock = newFakeClock()
	p, waits := testPolicy(clock, 1)
	p.Attempts = 100
	src, calls = scripted(repeat(err503, 100)...)
	_, err = WithRetry(src, p).Token(context.Background(), nil, ReasonInitial)
	assert.Equal(t, CodeServerError, CodeOf(err))
	var total time.Duration
	for _, w := range *waits {
		total += w
	}
	assert.LessOrEqual(t, total, p.Budget, "waits stay within the budget")
	assert.Less(t, *calls, 100)
}

func repeat(e error, n int) []error {
	out := make([]error, n)
	for i := range out {
		out[i] = e
	}
	return out
}

func TestWaitsForTheNetworkWhileOffline(t *testing.T) {
	clock := newFakeClock()
	p, waits := testPolicy(clock, 0.5)
	online := make(chan struct{})
	waited := 0
	p.WaitOnline = func(ctx Context) error {
		waited++
		select {
		case <-online:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	src, calls := scripted()
	done := make(chan error)
	go func() {
		_, err := WithRetry(src, p).Token(context.Background(), nil, ReasonInitial)
		done <- err
	}()
	time.Sleep(20 * time.Millisecond)
	assert.Equal(t, 0, *calls, "no attempt is spent while offline")
	close(online)
	require.NoError(t, <-done)
	assert.Equal(t, 1, *calls)
	assert.Empty(t, *waits)
	assert.Equal(t, 1, waited)
}

func TestAttemptTimeoutIsRetried(t *testing.T) {
	clock := newFakeClock()
	p, _ := testPolicy(clock, 0)
	p.AttemptTimeout = 5 * time.Millisecond
	calls := 0
	src := SourceFunc(func(ctx Context, _ *Token, _ Reason) (*Token, error) {
		calls++
		if calls == 1 {
			<-ctx.Done()
			return nil, ctx.Err()
		}
		return &Token{AccessToken: "ok"}, nil
	})
	tok, err := WithRetry(src, p).Token(context.Background(), nil, ReasonInitial)
	require.NoError(t, err)
	assert.Equal(t, "ok", tok.AccessToken)
	assert.Equal(t, 2, calls)
}

func TestCancelledContextStopsRetrying(t *testing.T) {
	p := DefaultRetryPolicy()
	ctx, cancel := context.WithCancel(context.Background())
	src, calls := scripted(errNet, errNet, errNet)
	go func() { time.Sleep(10 * time.Millisecond); cancel() }()
	_, err := WithRetry(src, p).Token(ctx, nil, ReasonInitial)
	assert.Error(t, err)
	assert.Equal(t, 1, *calls, "the backoff sleep was cut short")
}

func TestRetryAfterParsing(t *testing.T) {
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	for h, want := range map[string]time.Duration{
		"retry-after=2":   2 * time.Second,
		"retry-after=0.5": 0,
		"retry-after=Sun, 06 Nov 1994 08:49:37 GMT": 0,
		"retry-after=Fri, 27 Nov 2026 12:00:30 UTC": 0,
		"retry-after=Fri, 27 Nov 2026 12:00:30 GMT": 30 * time.Second,
		"retry-after=Fri, 27 Nov 2026 11:00:00 GMT": 0,
		"retry-after=soon":                          0,
		"x-throttle-reset=3":                        3 * time.Second,
		"x-throttle-reset=" + itoa(now.Unix()+10):   10 * time.Second,
		"retry-after=-4":                            0,
	} {
		k, v, _ := cut(h, "=")
		assert.Equal(t, want, retryAfter(map[string]string{k: v}, now), h)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestAuthErrorCarriesRetryAfter(t *testing.T) {
	e := AuthError(&Response{Status: 429, Header: map[string]string{"retry-after": "2"}}, CodeOriginNotAllowed)
	assert.Equal(t, CodeRateLimited, e.Code)
	assert.Equal(t, 2*time.Second, e.RetryAfter)
}
