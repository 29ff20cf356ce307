//go:build js && wasm

package jsbridge

import (
	"sync"
	"syscall/js"

	"github.com/inbenta-community/inbenta-auth/sdk"
)

// The loader hands the bridge a kit: a few JS functions that do in one
// crossing what would take Go several. It matters on the hot path: every
// JS value Go receives is held in wasm_exec.js's table, and is released only
// when a Go GC runs its finalizer, and each finalizer makes the next
// allocation slower. The kit is the only way the bridge settles and awaits
// Promises: one code path, the one pages run (the Node tests load the
// loader's kit too).
//
// The kit (web/loader/src/kit.js) has:
//   - promise(id): a new Promise, settled later by settle(id, ok, value)
//   - resolved(value), rejected(reason): settled Promises
//   - parse(text): JSON.parse as the loader took it
//   - watch(p, id, deliver): calls deliver(id, ok, value) once p settles
//   - hook(fn, reason): a Promise of the refresh hook's answer
//   - plain(value, what): value as plain data, or a throw (see plainData)
//   - answer(response, limit): a Promise of an Auth API answer's parsed body
//   - bytes(text): text's UTF-8 as a Uint8Array
//   - bearer(headers, token): sets headers.authorization to "Bearer " + token
//   - record(frozen, name, value, ...): an object with those properties
//   - error(code, message, retryable, status, cause): the SDK's JS Error
//   - notification(lang, title, body, button, dismiss): the refresh-error
//     notification drawn on the page (notify.go): [host, button]
//
// and, null where the page cannot have them: peers (peers.go) and storage
// (store.go).
var kit = js.Undefined()

var kitMethods = []string{"promise", "settle", "resolved", "rejected", "parse", "watch", "hook", "plain", "answer", "bytes", "bearer", "record", "error", "notification"}

// useKit adopts the loader's kit if it has every method.
func useKit(k js.Value) error {
	for _, m := range kitMethods {
		if prop(k, m).Type() != js.TypeFunction {
			return sdk.TextError("inbenta-auth.wasm must be started by inbenta-auth.js or inbenta-auth.mjs of its own version (the bridge kit is missing)")
		}
	}
	kit = k
	return nil
}

// Waiting goroutines are known by ids; deliver hands them what JS settled.
var (
	waitMu   sync.Mutex
	waitNext int
	waiting  = map[int]*waiter{}
	deliverF = js.FuncOf(func(_ js.Value, args []js.Value) any { deliver(args); return nil })
)

type settled struct {
	v  js.Value
	ok bool
}

// waiter is a goroutine waiting for what JS settles, which is set before
// done opens.
type waiter struct {
	done *sdk.Latch
	settled
}

// expect registers a waiter, returning its id.
func expect() (int, *waiter) {
	w := &waiter{done: sdk.NewLatch()}
	waitMu.Lock()
	waitNext++
	id := waitNext
	waiting[id] = w
	waitMu.Unlock()
	return id, w
}

// deliver(id, ok, value) wakes the waiter id.
func deliver(args []js.Value) {
	if len(args) < 2 || args[0].Type() != js.TypeNumber {
		return
	}
	id := args[0].Int()
	v := js.Undefined()
	if len(args) > 2 {
		v = args[2]
	}
	waitMu.Lock()
	w := waiting[id]
	delete(waiting, id)
	waitMu.Unlock()
	if w != nil {
		w.settled = settled{v, args[1].Truthy()}
		w.done.Open()
	}
}

func forget(id int) {
	waitMu.Lock()
	delete(waiting, id)
	waitMu.Unlock()
}

// record is a JS object with the properties of kv (name, value, ...),
// frozen or not; js.ValueOf(map) would assign them, running any setter a
// page put on Object.prototype. It is null when the kit throws.
func record(frozen bool, kv ...any) js.Value {
	v, err := call(kit, "record", append([]any{frozen}, kv...)...)
	if err != nil {
		return js.Null()
	}
	return v
}

// stringRecord is m as a record.
func stringRecord(m map[string]string, frozen bool) js.Value {
	kv := make([]any, 0, 2*len(m))
	for k, v := range m {
		kv = append(kv, k, v)
	}
	return record(frozen, kv...)
}
