package sdk

import (
	"sync"
	"sync/atomic"
	"time"
)

// realClock is the time package's clock, for tests that run in a
// testing/synctest bubble, where its time is fake and exact. (SystemClock
// is native-only; these tests also run in the wasm.)
var realClock Clock = timeClock{}

type timeClock struct{}

func (timeClock) Now() Instant { return Instant(time.Now().UnixNano()) }
func (timeClock) AfterFunc(d Duration, f func()) func() bool {
	return time.AfterFunc(time.Duration(d), f).Stop
}

// fakeClock is a wall clock that only moves when told. Its timers run
// only when a test fires them: Advance is a jump of the wall clock, as
// when a laptop sleeps.
type fakeClock struct {
	mu     sync.Mutex
	now    Instant
	timers []*fakeTimer // in the order they were armed
}

type fakeTimer struct {
	d       Duration
	f       func()
	stopped bool
}

func newFakeClock() *fakeClock { return &fakeClock{now: Instant(1_800_000_000 * Second)} }

func (c *fakeClock) Now() Instant {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

func (c *fakeClock) AfterFunc(d Duration, f func()) func() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := &fakeTimer{d: d, f: f}
	c.timers = append(c.timers, t)
	return func() bool {
		c.mu.Lock()
		defer c.mu.Unlock()
		was := t.stopped
		t.stopped = true
		return !was
	}
}

// live is the delays of the timers armed and not stopped.
func (c *fakeClock) live() []Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	var ds []Duration
	for _, t := range c.timers {
		if !t.stopped {
			ds = append(ds, t.d)
		}
	}
	return ds
}

// last is the delay of the timer armed last, -1 when none was.
func (c *fakeClock) last() Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.timers) == 0 {
		return -1
	}
	return c.timers[len(c.timers)-1].d
}

// fire runs the timer armed last, stopped or not, at once: a browser
// timer that fires early, or races the clearTimeout that stops it.
func (c *fakeClock) fire() {
	c.mu.Lock()
	t := c.timers[len(c.timers)-1]
	t.stopped = true
	c.mu.Unlock()
	t.f()
}

// countingSource hands out numbered tokens with a fixed lifetime, optionally
// blocking until released so tests can pile callers up on one refresh.
type countingSource struct {
	clock *fakeClock
	life  Duration
	calls atomic.Int32
	gate  chan struct{} // when non-nil, each call waits for a receive
	err   error
	mu    sync.Mutex
	stale []*Token
	why   []Reason
}

func (s *countingSource) Token(ctx Context, stale *Token, why Reason) (*Token, error) {
	n := s.calls.Add(1)
	s.mu.Lock()
	s.stale = append(s.stale, stale)
	s.why = append(s.why, why)
	err := s.err
	s.mu.Unlock()
	if s.gate != nil {
		select {
		case <-s.gate:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	if err != nil {
		return nil, err
	}
	now := s.clock.Now()
	return &Token{AccessToken: "tok-" + string(rune('0'+n)), Expiry: now.Add(s.life), Obtained: now}, nil
}

func (s *countingSource) setErr(err error) {
	s.mu.Lock()
	s.err = err
	s.mu.Unlock()
}

func (s *countingSource) reasons() []Reason {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Reason(nil), s.why...)
}

// events collects what a client reports.
type events struct {
	mu  sync.Mutex
	got []Event
}

func (e *events) add(ev Event) {
	e.mu.Lock()
	e.got = append(e.got, ev)
	e.mu.Unlock()
}

func (e *events) kinds() []EventKind {
	e.mu.Lock()
	defer e.mu.Unlock()
	var k []EventKind
	for _, ev := range e.got {
		k = append(k, ev.Kind)
	}
	return k
}

// fakeTransport answers every request with one response and records them.
type fakeTransport struct {
	mu   sync.Mutex
	reqs []*Request
	resp *Response
	err  error
}

func (t *fakeTransport) RoundTrip(_ Context, req *Request) (*Response, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.reqs = append(t.reqs, req)
	return t.resp, t.err
}

// withBreaker replaces the keeper's breaker: at most n refreshes per
// period, none when n <= 0.
func withBreaker(n int, per Duration) Option {
	return func(k *Keeper) { k.breaker = breaker{max: n, period: per} }
}
