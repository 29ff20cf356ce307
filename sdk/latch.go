package sdk

// The SDK waits for "this, or the context ends" without select: a select
// of two cases links the runtime's select, which costs the wasm more than
// all the code here (docs/performance.md). A waiter makes a child signal
// of its context and hands it to what it waits for, which ends it; then
// one receive waits for both.

// Latch is a one-shot event that goroutines wait for together with a
// Context: once it is open, every Wait returns at once.
type Latch struct{ s signal }

// NewLatch is a closed Latch.
func NewLatch() *Latch {
	return &Latch{signal{parent: Background, done: make(chan struct{})}}
}

// Open releases every Wait, now and later.
func (l *Latch) Open() { l.s.cancel(errFired) }

// Wait blocks until l is open (nil) or ctx ends (ctx's error). When both
// have happened, l wins.
func (l *Latch) Wait(ctx Context) error {
	w := newSignal(ctx)
	l.s.adopt(w)
	<-w.done
	l.s.mu.Lock()
	delete(l.s.children, w)
	open := l.s.err != nil
	l.s.mu.Unlock()
	if open {
		return nil
	}
	return w.Err()
}

// errFired ends a signal whose event happened, where no one cancelled it:
// a Latch opened, an AfterFunc stopped. No caller sees it.
var errFired error = &Error{Code: CodeInternal, Message: "fired"}
