package sdk

import "sync"

// Context is what the SDK needs of a context.Context, which satisfies it:
// native callers pass their contexts as they are.
//
// The SDK does not use context.Context itself: its Deadline method returns
// a time.Time, and the wasm must not link time (see Clock). The context
// package's implementations cost more still (reflectlite).
type Context interface {
	Done() <-chan struct{}
	Err() error
}

// Background is a Context that is never done, like context.Background.
var Background Context = background{}

type background struct{}

func (background) Done() <-chan struct{} { return nil }
func (background) Err() error            { return nil }

// Canceled and DeadlineExceeded are the Errs of the SDK's own contexts.
// They read like the context package's, and DeadlineExceeded, like
// context.DeadlineExceeded, has a Timeout method: test with IsTimeout.
var (
	Canceled         error = canceled{}
	DeadlineExceeded error = deadlineExceeded{}
)

type canceled struct{}

func (canceled) Error() string { return "context canceled" }

type deadlineExceeded struct{}

func (deadlineExceeded) Error() string { return "context deadline exceeded" }
func (deadlineExceeded) Timeout() bool { return true }

// IsTimeout reports whether err is a deadline passing: DeadlineExceeded,
// context.DeadlineExceeded, or any error whose Timeout method says so.
func IsTimeout(err error) bool {
	t, ok := err.(interface{ Timeout() bool })
	return ok && t.Timeout()
}

// isCanceled reports whether err is a cancellation: Canceled, or
// context.Canceled, known by its text since the SDK does not link context.
func isCanceled(err error) bool {
	return err == Canceled || (err != nil && err.Error() == "context canceled")
}

// signal is the SDK's context: cancellation and an optional timer.
type signal struct {
	parent Context
	done   chan struct{}

	mu        sync.Mutex
	err       error
	children  map[*signal]struct{}
	stopTimer func() bool // the deadline timer's

}

// WithCancel is context.WithCancel for the SDK's own use.
func WithCancel(parent Context) (Context, func()) {
	s := newSignal(parent)
	return s, func() { s.cancel(Canceled) }
}

// WithTimeout is context.WithTimeout for the SDK's own use, timed on
// clock; Err reports DeadlineExceeded when d passes first.
func WithTimeout(parent Context, clock Clock, d Duration) (Context, func()) {
	s := newSignal(parent)
	s.mu.Lock()
	if s.err == nil {
		s.stopTimer = clock.AfterFunc(d, func() { s.cancel(DeadlineExceeded) })
	}
	s.mu.Unlock()
	return s, func() { s.cancel(Canceled) }
}

// AfterFunc runs f on its own goroutine once ctx is done, unless stop is
// called first. It reports whether stop prevented f.
func AfterFunc(ctx Context, f func()) (stop func() bool) {
	w := newSignal(ctx)
	ran := make(chan bool, 1)
	go func() {
		<-w.done
		run := w.Err() != errFired
		ran <- run
		if run {
			f()
		}
	}()
	return func() bool {
		w.cancel(errFired)
		return !<-ran
	}
}

func newSignal(parent Context) *signal {
	s := &signal{parent: parent, done: make(chan struct{})}
	if p, ok := parent.(*signal); ok {
		p.adopt(s)
	} else if pd := parent.Done(); pd != nil {
		go s.follow(pd)
	}
	return s
}

// adopt makes c a child of p: it ends when p does, at once if p has.
func (p *signal) adopt(c *signal) {
	p.mu.Lock()
	if p.err != nil {
		p.mu.Unlock()
		c.cancel(p.err)
		return
	}
	if p.children == nil {
		p.children = map[*signal]struct{}{}
	}
	p.children[c] = struct{}{}
	p.mu.Unlock()
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
	if s.stopTimer != nil {
		s.stopTimer()
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

func (s *signal) Done() <-chan struct{} { return s.done }

func (s *signal) Err() error {
	s.mu.Lock()
	err := s.err
	s.mu.Unlock()
	return err
}
