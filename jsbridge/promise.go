//go:build js && wasm

package jsbridge

import (
	"sync"
	"syscall/js"

	"github.com/inbenta-community/inbenta-auth/sdk"
)

// Promises are bridged through the loader's kit (kit.go), without a js.Func
// per call: Go knows a Promise it made, or one it awaits, by a number.

// pending is a Promise given to JS, settled later by its id.
type pending struct {
	p  js.Value
	id int
}

var (
	pendingMu   sync.Mutex
	pendingNext int
)

func newPending() (q pending, err error) {
	pendingMu.Lock()
	pendingNext++
	q.id = pendingNext
	pendingMu.Unlock()
	q.p, err = call(kit, "promise", q.id)
	return q, err
}

// settle fulfils (ok) or rejects the Promise with v. Nothing can be done
// if that throws (a getter on v could), so it is ignored.
func (q pending) settle(ok bool, v any) {
	_, _ = call(kit, "settle", q.id, ok, v)
}

// await blocks the calling goroutine (never the JS event loop: callers are
// goroutines started by Async) until p settles or ctx is done. A rejection
// becomes a *jsException error.
func await(ctx sdk.Context, p js.Value) (js.Value, error) {
	id, w := expect()
	if _, err := call(kit, "watch", p, id, deliverF); err != nil {
		forget(id)
		return js.Undefined(), err
	}
	return wait(ctx, id, w)
}

// wait blocks until JS delivers to id or ctx is done.
func wait(ctx sdk.Context, id int, w *waiter) (js.Value, error) {
	if err := w.done.Wait(ctx); err != nil {
		forget(id)
		return js.Undefined(), err
	}
	if !w.ok {
		return js.Undefined(), &jsException{w.v}
	}
	return w.v, nil
}
