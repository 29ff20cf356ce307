package sdk

import (
	"context"
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
	stale []*Token
	mu    sync.Mutex
}

func (s *countingSource) Token(ctx context.Context, stale *Token) (*Token, error) {
	n := s.calls.Add(1)
	s.mu.Lock()
	s.stale = append(s.stale, stale)
	s.mu.Unlock()
	if s.gate != nil {
		select {
		case <-s.gate:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	if s.err != nil {
		return nil, s.err
	}
	now := s.clock.Now()
	return &Token{AccessToken: "tok-" + string(rune('0'+n)), Expiry: now.Add(s.life), Obtained: now}, nil
}

// fakeTransport answers every request with one response and records them.
type fakeTransport struct {
	mu   sync.Mutex
	reqs []*Request
	resp *Response
	err  error
}

func (t *fakeTransport) RoundTrip(_ context.Context, req *Request) (*Response, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.reqs = append(t.reqs, req)
	return t.resp, t.err
}
