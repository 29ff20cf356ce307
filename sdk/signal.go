package sdk

import (
	"context"
	"sync"
	"time"
)

// signal is a small context.Context: cancellation and an optional
// deadline. The context package's own implementations cost the wasm about
// 50 KB brotli (they link reflectlite and time formatting for their
// String methods), a third of the whole size budget; this does what the SDK
// needs of them.
type signal struct {
	parent context.Context
	done   chan struct{}
	// deadline in Unix nanoseconds, 0 for none: a time.Time field in a type
	// stored in an interface keeps time's formatting code in the wasm.
	deadline int64

	mu       sync.Mutex
	err      error
	children map[*signal]struct{}
	timer    *time.Timer
}

// WithCancel is context.WithCancel for the SDK's own use.
func WithCancel(parent context.Context) (context.Context, func()) {
	s := newSignal(parent, 0)
	return s, func() { s.cancel(context.Canceled) }
}

// WithTimeout is context.WithTimeout for the SDK's own use; Err reports
// context.DeadlineExceeded when d passes first.
func WithTimeout(parent context.Context, d time.Duration) (context.Context, func()) {
	s := newSignal(parent, time.Now().Add(d).UnixNano())
	s.mu.Lock()
	if s.err == nil {
		s.timer = time.AfterFunc(d, func() { s.cancel(context.DeadlineExceeded) })
	}
	s.mu.Unlock()
	return s, func() { s.cancel(context.Canceled) }
}

// AfterFunc runs f on its own goroutine once ctx is done, unless stop is
// called first. It reports whether stop prevented f.
func AfterFunc(ctx context.Context, f func()) (stop func() bool) {
	stopped := make(chan struct{})
	var once sync.Once
	ran := make(chan bool, 1)
	go func() {
		select {
		case <-ctx.Done():
			ran <- true
			f()
		case <-stopped:
			ran <- false
		}
	}()
	return func() bool {
		once.Do(func() { close(stopped) })
		return !<-ran
	}
}

func newSignal(parent context.Context, deadline int64) *signal {
	if d, ok := parent.Deadline(); ok && (deadline == 0 || d.UnixNano() < deadline) {
		deadline = d.UnixNano()
	}
	s := &signal{parent: parent, done: make(chan struct{}), deadline: deadline}
	if p, ok := parent.(*signal); ok {
		p.mu.Lock()
		if p.err != nil {
			p.mu.Unlock()
			s.cancel(p.err)
			return s
		}
		if p.children == nil {
			p.children = map[*signal]struct{}{}
		}
		p.children[s] = struct{}{}
		p.mu.Unlock()
	} else if pd := parent.Done(); pd != nil {
		go func() {
			select {
			case <-pd:
				s.cancel(parent.Err())
			case <-s.done:
			}
		}()
	}
	return s
}

func (s *signal) cancel(err error) {
	s.mu.Lock()
	if s.err != nil {
		s.mu.Unlock()
		return
	}
	s.err = err
	close(s.done)
	children := s.children
	s.children = nil
	if s.timer != nil {
		s.timer.Stop()
	}
	s.mu.Unlock()
	for c := range children {
		c.cancel(err)
	}
	if p, ok := s.parent.(*signal); ok {
		p.mu.Lock()
		delete(p.children, s)
		p.mu.Unlock()
	}
}

func (s *signal) Deadline() (time.Time, bool) {
	if s.deadline == 0 {
		return time.Time{}, false
	}
	return time.Unix(0, s.deadline), true
}
func (s *signal) Done() <-chan struct{} { return s.done }
func (s *signal) Value(key any) any     { return s.parent.Value(key) }

func (s *signal) Err() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err
}
