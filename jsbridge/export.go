//go:build js && wasm

package jsbridge

import (
	"syscall/js"

	"github.com/inbenta-community/inbenta-auth/sdk"
)

// AsyncFunc is Go code behind a JS method that returns a Promise.
type AsyncFunc func(this js.Value, args []js.Value) (any, error)

// Async wraps fn as a JS function returning a Promise. fn runs on its own
// goroutine, so it may await; a JS callback must never block the event loop.
// A panic in fn becomes a rejection with code INTERNAL: a Go panic would end
// the wasm program for the whole page. (Not inlined: each of the bridge's
// methods would carry its own copy of js.FuncOf.)
//
//go:noinline
func Async(fn AsyncFunc) js.Func {
	return js.FuncOf(func(this js.Value, args []js.Value) (ret any) {
		q, err := newPending()
		if err != nil {
			return nil // no Promise constructor: nothing sane to return
		}
		go func() {
			defer func() {
				if r := recover(); r != nil {
					q.settle(false, toJSError(panicked(r)))
				}
			}()
			v, err := fn(this, args)
			if err != nil {
				q.settle(false, toJSError(err))
				return
			}
			q.settle(true, v)
		}()
		return q.p
	})
}

// Sync wraps fn as a plain JS function that never lets a panic escape. On a
// panic it returns undefined: callers are getters and close(), which have no
// way to report failure and must not take the page down.
//
//go:noinline
func Sync(fn func(this js.Value, args []js.Value) any) js.Func {
	return js.FuncOf(func(this js.Value, args []js.Value) (ret any) {
		defer func() {
			if recover() != nil {
				ret = js.Undefined()
			}
		}()
		return fn(this, args)
	})
}

func panicked(r any) *sdk.Error {
	return &sdk.Error{Code: sdk.CodeInternal, Message: "internal error (recovered)", Cause: recoveredError(r)}
}
