//go:build !(js && wasm)

package sdk

// follow cancels s when its parent, not one of the SDK's signals, ends
// (pd is its Done), and returns when either has ended.
func (s *signal) follow(pd <-chan struct{}) {
	select {
	case <-pd:
		s.cancel(s.parent.Err())
	case <-s.done:
	}
}
