//go:build js && wasm

package jsbridge

import (
	"sync"
	"syscall/js"

	"github.com/inbenta-community/inbenta-auth/sdk"
)

// Clock is sdk.Clock on the page's Date.now and setTimeout, captured at
// start like the other globals. The wasm does not link package time: it
// costs ~230 KB raw.
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
func (Clock) AfterFunc(d sdk.Duration, f func()) (stop func() bool) {
	t := &timer{}
	t.mu.Lock()
	defer t.mu.Unlock()
	t.fn = js.FuncOf(func(js.Value, []js.Value) any {
		if t.finish() {
			go f()
		}
		return nil
	})
	d = min(max(d, 0), sdk.MaxTimerDelay)
	ms := (d + sdk.Millisecond - 1) / sdk.Millisecond
	t.id = jsSetTimeout.Invoke(t.fn, int64(ms))
	return func() bool {
		if !t.finish() {
			return false
		}
		jsClearTimeout.Invoke(t.id)
		return true
	}
}

type timer struct {
	mu   sync.Mutex
	fn   js.Func
	id   js.Value
	done bool
}

// finish ends the timer once, releasing its js.Func, and reports whether
// this call was the one.
func (t *timer) finish() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.done {
		return false
	}
	t.done = true
	t.fn.Release()
	return true
}
