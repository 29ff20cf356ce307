//go:build js && wasm

package jsbridge

import (
	"sync"
	"syscall/js"

	"github.com/inbenta-community/inbenta-auth/sdk"
)

// Clock is sdk.Clock on the page's Date.now and setTimeout, captured at
// start like the other globals. The wasm does not link package time, for
// its size (docs/performance.md).
type Clock struct{}

var (
	jsDateNow      = global.Get("Date").Get("now")
	jsSetTimeout   = global.Get("setTimeout")
	jsClearTimeout = global.Get("clearTimeout")
)

// Now is Date.now(): the wall clock, which keeps counting while a laptop
// sleeps.
func (Clock) Now() sdk.Instant {
	return sdk.Instant(jsDateNow.Invoke().Float() * float64(sdk.Millisecond))
}

// AfterFunc runs f on its own goroutine (a JS callback must not block)
// after d, rounded up to a millisecond and capped at sdk.MaxTimerDelay,
// beyond which setTimeout fires at once. The timer's js.Func is released
// when it fires or is stopped, whichever comes first.
//
// The SDK arms and stops timers holding its locks, and the page's
// setTimeout (one it wrapped before the SDK loaded) may call back into the
// SDK: so setTimeout and clearTimeout are called from goroutines of their
// own, which run before any JS does.
func (Clock) AfterFunc(d sdk.Duration, f func()) (stop func() bool) {
	t := &timer{}
	t.fn = js.FuncOf(func(js.Value, []js.Value) any {
		if t.finish() {
			go f()
		}
		return nil
	})
	d = min(max(d, 0), sdk.MaxTimerDelay)
	go t.arm(int64((d + sdk.Millisecond - 1) / sdk.Millisecond))
	return func() bool {
		if !t.finish() {
			return false
		}
		go t.clear()
		return true
	}
}

type timer struct {
	fn js.Func // set before the timer is armed, never after

	mu   sync.Mutex
	id   js.Value // setTimeout's, once armed
	done bool
}

// arm calls setTimeout; a timer stopped before or while it armed is
// cleared at once (its js.Func released, it cannot have run).
func (t *timer) arm(ms int64) {
	id := jsSetTimeout.Invoke(t.fn, ms)
	t.mu.Lock()
	t.id = id
	done := t.done
	t.mu.Unlock()
	if done {
		t.clear()
	}
}

// clear calls clearTimeout if the timer was armed.
func (t *timer) clear() {
	t.mu.Lock()
	id := t.id
	t.mu.Unlock()
	if !id.IsUndefined() {
		jsClearTimeout.Invoke(id)
	}
}

// finish ends the timer once, releasing its js.Func, and reports whether
// this call was the one.
func (t *timer) finish() bool {
	t.mu.Lock()
	first := !t.done
	t.done = true
	t.mu.Unlock()
	if first {
		t.fn.Release()
	}
	return first
}
