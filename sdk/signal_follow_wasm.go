//go:build js && wasm

package sdk

// follow cancels s when its parent, not one of the SDK's signals, ends
// (pd is its Done). In the wasm it waits for the parent alone (see
// latch.go for why there is no select), so it returns when the parent
// ends even if s ended long before: the browser's code makes every Context
// it passes with the SDK (Background, WithCancel, WithTimeout), so only
// tests that pass a context.Context get here.
func (s *signal) follow(pd <-chan struct{}) {
	<-pd
	s.cancel(s.parent.Err())
}
