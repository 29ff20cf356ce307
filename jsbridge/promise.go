//go:build js && wasm

package jsbridge

import (
	"sync"
	"syscall/js"

	"github.com/inbenta-community/inbenta-auth/sdk"
)

// Promises are bridged without a js.Func per call: one persistent executor
// captures resolve/reject synchronously, and awaiting binds the id of the
// waiting goroutine to two persistent settle functions.

var (
	executorMu      sync.Mutex
	capturedResolve js.Value
	capturedReject  js.Value
	executor        = js.FuncOf(func(_ js.Value, args []js.Value) any {
		capturedResolve, capturedReject = args[0], args[1]
		return nil
	})
)

// newPromise returns a pending Promise and its settle functions.
func newPromise() (p, resolve, reject js.Value, err error) {
	executorMu.Lock()
	defer executorMu.Unlock()
	// The executor runs synchronously inside the constructor.
	if p, err = construct(jsPromise, executor); err != nil {
		return
	}
	resolve, reject = capturedResolve, capturedReject
	capturedResolve, capturedReject = js.Undefined(), js.Undefined()
	return
}

type settled struct {
	v  js.Value
	ok bool
}

var (
	awaitMu   sync.Mutex
	awaitNext int
	awaiting  = map[int]chan settled{}
	onFulfil  = js.FuncOf(func(_ js.Value, args []js.Value) any { deliver(args, true); return nil })
	onReject  = js.FuncOf(func(_ js.Value, args []js.Value) any { deliver(args, false); return nil })
)

// deliver runs on the JS event loop: it must not block, and it never panics
// on odd arguments.
func deliver(args []js.Value, ok bool) {
	if len(args) < 1 || args[0].Type() != js.TypeNumber {
		return
	}
	id := args[0].Int()
	v := js.Undefined()
	if len(args) > 1 {
		v = args[1]
	}
	awaitMu.Lock()
	ch := awaiting[id]
	delete(awaiting, id)
	awaitMu.Unlock()
	if ch != nil {
		ch <- settled{v, ok}
	}
}

// await waits for a promise (or any value: it goes through Promise.resolve)
// and returns its value, or the rejection reason as a *jsException. When ctx
// ends first, the result is dropped when it comes.
func await(ctx sdk.Context, p js.Value) (js.Value, error) {
	awaitMu.Lock()
	awaitNext++
	id := awaitNext
	ch := make(chan settled, 1)
	awaiting[id] = ch
	awaitMu.Unlock()

	err := try(func() {
		ok := onFulfil.Call("bind", nil, id)
		fail := onReject.Call("bind", nil, id)
		jsPromise.Call("resolve", p).Call("then", ok, fail)
	})
	if err != nil {
		forget(id)
		return js.Undefined(), err
	}
	select {
	case r := <-ch:
		if !r.ok {
			return js.Undefined(), &jsException{r.v}
		}
		return r.v, nil
	case <-ctx.Done():
		forget(id)
		return js.Undefined(), ctx.Err()
	}
}

func forget(id int) {
	awaitMu.Lock()
	delete(awaiting, id)
	awaitMu.Unlock()
}
