package sdk

// The SDK keeps its own time types: the wasm must not link package time,
// which brings its runtime support along as soon as time.Now or
// time.AfterFunc is used (docs/performance.md has the cost). Native code
// converts with At and TimeOf.

// Duration is a span of time in nanoseconds, like time.Duration.
type Duration int64

const (
	Nanosecond  Duration = 1
	Millisecond          = 1e6 * Nanosecond
	Second               = 1000 * Millisecond
	Minute               = 60 * Second
	Hour                 = 60 * Minute
)

// Instant is a wall-clock time in Unix nanoseconds; 0 means unknown.
// Wall clock, not monotonic: a token's expiry is a Unix time, and the
// monotonic clock stops while a laptop sleeps.
type Instant int64

func (i Instant) IsZero() bool { return i == 0 }

// Add is i moved by d.
func (i Instant) Add(d Duration) Instant { return i + Instant(d) }

// Sub is the span from j to i.
func (i Instant) Sub(j Instant) Duration { return Duration(i - j) }

// Clock is where the SDK reads the time and sets timers. In the browser it
// is Date.now and setTimeout (jsbridge); natively SystemClock; in tests a
// fake that moves when told.
//
// The SDK reads Now before taking its locks: a page's Date.now may call
// back into it. It calls AfterFunc and stop holding them, so neither may
// call back at once (jsbridge's calls setTimeout and clearTimeout from
// goroutines of their own).
type Clock interface {
	Now() Instant
	// AfterFunc runs f on its own goroutine once d has passed, unless stop
	// is called first; stop reports whether it prevented f.
	AfterFunc(d Duration, f func()) (stop func() bool)
}

// MaxTimerDelay is the longest timer a browser honours (2^31-1 ms);
// setTimeout fires at once for anything longer. Clocks cap their timers
// at it and callers that need longer re-arm.
const MaxTimerDelay = (1<<31 - 1) * Millisecond

// sleep waits d on clock, or until ctx ends.
func sleep(ctx Context, clock Clock, d Duration) error {
	l := NewLatch()
	stop := clock.AfterFunc(d, l.Open)
	err := l.Wait(ctx)
	stop()
	return err
}
