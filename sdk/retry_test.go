package sdk

import (
	"context"
	"strconv"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// testPolicy retries on realClock with a fixed jitter. Tests run it in a
// synctest bubble, where time moves only when every goroutine waits: the
// gaps between attempts are exactly the waits.
func testPolicy(r float64) RetryPolicy {
	p := DefaultRetryPolicy(realClock)
	p.jitter = func() float64 { return r }
	return p
}

// scripted fails with errs in turn, then succeeds; starts records when each
// attempt began.
func scripted(errs ...error) (src Source, starts *[]Instant) {
	starts = new([]Instant)
	return SourceFunc(func(Context, *Token, Reason) (*Token, error) {
		*starts = append(*starts, realClock.Now())
		if n := len(*starts); n <= len(errs) {
			return nil, errs[n-1]
		}
		return &Token{AccessToken: "ok"}, nil
	}), starts
}

// gaps are the waits between attempts.
func gaps(starts []Instant) []Duration {
	var ds []Duration
	for i := 1; i < len(starts); i++ {
		ds = append(ds, starts[i].Sub(starts[i-1]))
	}
	return ds
}

var (
	errNet  = &Error{Code: CodeNetwork, Retryable: true}
	err503  = &Error{Code: CodeServerError, Status: 503, Retryable: true}
	err429  = &Error{Code: CodeRateLimited, Status: 429, Retryable: true, RetryAfter: 2 * Second}
	errKey  = &Error{Code: CodeInvalidKey, Status: 401}
	errBody = &Error{Code: CodeBadResponse}
)

func TestBackoffScheduleIsExponentialWithFullJitter(t *testing.T) {
	p := testPolicy(0.999999)
	var ceilings []Duration
	for n := 1; n <= 7; n++ {
		ceilings = append(ceilings, roundMs(p.Backoff(n, 0)))
	}
	assert.Equal(t, []Duration{500 * Millisecond, Second, 2 * Second, 4 * Second,
		8 * Second, 8 * Second, 8 * Second}, ceilings, "doubling, capped at Max")

	p.jitter = func() float64 { return 0.25 }
	assert.Equal(t, 250*Millisecond, p.Backoff(2, 0), "full jitter: a fraction of the ceiling")
	p.jitter = func() float64 { return 0 }
	assert.Equal(t, Duration(0), p.Backoff(1, 0))
	assert.Equal(t, 2*Second, p.Backoff(1, 2*Second), "Retry-After wins when longer")
	assert.Equal(t, p.MaxRetryAfter, p.Backoff(1, Hour), "but is capped")
	p.jitter = func() float64 { return 0.999999 }
	assert.InDelta(t, float64(p.Max), float64(p.Backoff(1000, 0)), float64(Millisecond), "no overflow for late retries")
}

func TestRetriesTransientFailures(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		src, starts := scripted(err503, errNet)
		tok, err := WithRetry(src, testPolicy(0.5)).Token(context.Background(), nil, ReasonInitial)
		require.NoError(t, err)
		assert.Equal(t, "ok", tok.AccessToken)
		assert.Len(t, *starts, 3, "two failures, then success on the third attempt")
		assert.Equal(t, []Duration{250 * Millisecond, 500 * Millisecond}, gaps(*starts))
	})
}

func TestHonoursRetryAfter(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		src, starts := scripted(err429)
		_, err := WithRetry(src, testPolicy(0.1)).Token(context.Background(), nil, ReasonInitial)
		require.NoError(t, err)
		assert.Equal(t, []Duration{2 * Second}, gaps(*starts), "two attempts, the server's wait between")
	})
}

func TestNeverRetriesWhatRetryingCannotFix(t *testing.T) {
	for _, e := range []*Error{errKey, errBody, {Code: CodeOriginNotAllowed, Status: 403}, {Code: CodeInvalidKey, Status: 422}} {
		synctest.Test(t, func(t *testing.T) {
			src, starts := scripted(e, e)
			_, err := WithRetry(src, testPolicy(0.5)).Token(context.Background(), nil, ReasonInitial)
			assert.Equal(t, e.Code, CodeOf(err))
			assert.Len(t, *starts, 1, "%s: exactly one request", e.Code)
		})
	}
}

func TestRetriesAreBoundedInAttemptsAndTime(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := testPolicy(0.5)
		src, starts := scripted(errNet, errNet, errNet, errNet, errNet, errNet)
		_, err := WithRetry(src, p).Token(context.Background(), nil, ReasonInitial)
		assert.Equal(t, CodeNetwork, CodeOf(err))
		assert.Len(t, *starts, p.Attempts)

		p = testPolicy(1)
		p.Attempts = 100
		src, starts = scripted(repeat(err503, 100)...)
		begin := realClock.Now()
		_, err = WithRetry(src, p).Token(context.Background(), nil, ReasonInitial)
		assert.Equal(t, CodeServerError, CodeOf(err))
		assert.LessOrEqual(t, realClock.Now().Sub(begin), p.Budget, "waits stay within the budget")
		assert.Less(t, len(*starts), 100)
	})
}

// roundMs rounds d to the millisecond, as time.Duration.Round would.
func roundMs(d Duration) Duration { return (d + Millisecond/2) / Millisecond * Millisecond }

func repeat(e error, n int) []error {
	out := make([]error, n)
	for i := range out {
		out[i] = e
	}
	return out
}

func TestWaitsForTheNetworkWhileOffline(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := testPolicy(0.5)
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
		src, starts := scripted()
		done := make(chan error)
		go func() {
			_, err := WithRetry(src, p).Token(context.Background(), nil, ReasonInitial)
			done <- err
		}()
		synctest.Wait()
		assert.Empty(t, *starts, "no attempt is spent while offline")
		close(online)
		require.NoError(t, <-done)
		assert.Len(t, *starts, 1)
		assert.Equal(t, 1, waited)
	})
}

func TestAttemptTimeoutIsRetried(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := testPolicy(0)
		p.AttemptTimeout = 5 * Second
		calls := 0
		src := SourceFunc(func(ctx Context, _ *Token, _ Reason) (*Token, error) {
			calls++
			if calls == 1 {
				<-ctx.Done()
				return nil, ctx.Err()
			}
			return &Token{AccessToken: "ok"}, nil
		})
		begin := realClock.Now()
		tok, err := WithRetry(src, p).Token(context.Background(), nil, ReasonInitial)
		require.NoError(t, err)
		assert.Equal(t, "ok", tok.AccessToken)
		assert.Equal(t, 2, calls)
		assert.Equal(t, 5*Second, realClock.Now().Sub(begin), "the first attempt was cut at its timeout")
	})
}

func TestCancelledContextStopsRetrying(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		src, starts := scripted(errNet, errNet, errNet)
		done := make(chan error)
		go func() {
			_, err := WithRetry(src, testPolicy(0.5)).Token(ctx, nil, ReasonInitial)
			done <- err
		}()
		synctest.Wait() // in the backoff sleep
		cancel()
		assert.Error(t, <-done)
		assert.Len(t, *starts, 1, "the backoff sleep was cut short")
	})
}

func TestRetryAfterParsing(t *testing.T) {
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	for h, want := range map[string]Duration{
		"retry-after=2":   2 * Second,
		"retry-after=0.5": 0,
		"retry-after=Sun, 06 Nov 1994 08:49:37 GMT": 0,
		"retry-after=Fri, 27 Nov 2026 12:00:30 UTC": 0,
		"retry-after=Fri, 27 Nov 2026 12:00:30 GMT": 30 * Second,
		"retry-after=Fri, 27 Nov 2026 11:00:00 GMT": 0,
		"retry-after=soon":                          0,
		"x-throttle-reset=3":                        3 * Second,
		"x-throttle-reset=" + itoa(now.Unix()+10):   10 * Second,
		"retry-after=-4":                            0,
	} {
		k, v, _ := cut(h, "=")
		assert.Equal(t, want, retryAfter(map[string]string{k: v}, Instant(now.UnixNano())), h)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestAuthErrorCarriesRetryAfter(t *testing.T) {
	e := AuthError(&Request{Method: "POST", URL: "https://api.example/v1/auth"}, &Response{Status: 429, Header: map[string]string{"retry-after": "2"}}, CodeOriginNotAllowed, 0)
	assert.Equal(t, CodeRateLimited, e.Code)
	assert.Equal(t, 2*Second, e.RetryAfter)
}

// An HTTP error names the request it answers, and a 404 says where the
// Auth API's base usually goes wrong.
func TestAuthErrorNamesTheRequest(t *testing.T) {
	req := &Request{Method: "POST", URL: "https://api.example/auth"}
	e := AuthError(req, &Response{Status: 404, JSON: map[string]any{"message": "Not found"}}, CodeOriginNotAllowed, 0)
	assert.Equal(t, CodeBadResponse, e.Code)
	assert.Equal(t, "BAD_RESPONSE: Not found, to POST https://api.example/auth: check authURL, the Auth API's base (Inbenta's is "+
		DefaultAuthURL+", with its /v1) (HTTP 404)", e.Error())
	e = AuthError(req, &Response{Status: 403}, CodeOriginNotAllowed, 0)
	assert.Equal(t, "ORIGIN_NOT_ALLOWED: the API answered HTTP 403, to POST https://api.example/auth (HTTP 403)", e.Error())
}

func TestConfigRandomSpreadsRetries(t *testing.T) {
	p := (&Config{Clock: newFakeClock(), Random: func() float64 { return 0.25 }}).retryPolicy()
	assert.Equal(t, 125*Millisecond, p.Backoff(1, 0), "a quarter of the first ceiling")
	p = (&Config{Clock: newFakeClock()}).retryPolicy()
	assert.Less(t, p.Backoff(1, 0), p.Base+1, "without one, defaultRandom's")
}
