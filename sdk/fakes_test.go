package sdk

import (
	"sync"
	"sync/atomic"
	"time"
)

// fakeClock is a wall clock that only moves when told.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock() *fakeClock { return &fakeClock{t: time.Unix(1_800_000_000, 0)} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// countingSource hands out numbered tokens with a fixed lifetime, optionally
// blocking until released so tests can pile callers up on one refresh.
type countingSource struct {
	clock *fakeClock
	life  time.Duration
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
	return &Token{AccessToken: "tok-" + string(rune('0'+n)), Expiry: At(now.Add(s.life)), Obtained: At(now)}, nil
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

// fakeTimer records the timers a client arms; tests fire them by hand.
type fakeTimer struct {
	mu     sync.Mutex
	delays []time.Duration
	fn     func()
	stops  int
}

func (t *fakeTimer) after(d time.Duration, f func()) func() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.delays = append(t.delays, d)
	t.fn = f
	return func() {
		t.mu.Lock()
		t.stops++
		t.mu.Unlock()
	}
}

func (t *fakeTimer) last() time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.delays) == 0 {
		return -1
	}
	return t.delays[len(t.delays)-1]
}

func (t *fakeTimer) fire() {
	t.mu.Lock()
	f := t.fn
	t.mu.Unlock()
	f()
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
