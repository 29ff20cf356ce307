//go:build js && wasm

package jsbridge

import (
	"sync"
	"syscall/js"

	"github.com/inbenta-community/inbenta-auth/sdk"
)

// The browser's connectivity and visibility, as the sdk needs them: retries
// wait for `online` instead of failing at once while offline, and clients
// re-check their token when the page comes back after a long absence
// (timers do not run while a laptop sleeps).

var (
	onlineMu  sync.Mutex
	listening bool             // guarded by onlineMu
	online    = sdk.NewLatch() // opened, then replaced, at each `online` event
	onOnline  = Sync(func(js.Value, []js.Value) any {
		onlineMu.Lock()
		l := online
		online = sdk.NewLatch()
		onlineMu.Unlock()
		l.Open()
		return nil
	})
	onReturn = Sync(func(js.Value, []js.Value) any {
		if hidden := prop(prop(global, "document"), "hidden"); hidden.Truthy() {
			return nil
		}
		clientsMu.Lock()
		live := make([]*Binding, 0, len(clients))
		for _, b := range clients {
			live = append(live, b)
		}
		clientsMu.Unlock()
		for _, b := range live {
			b.c.Wake()
		}
		return nil
	})
)

// listen registers the page listeners once; they live as long as the page.
// (Not with a sync.Once, whose lock would be held across addEventListener,
// which a page may have wrapped.)
func listen() {
	onlineMu.Lock()
	already := listening
	listening = true
	onlineMu.Unlock()
	if already {
		return
	}
	_ = try(func() {
		global.Call("addEventListener", "online", onOnline)
		global.Call("addEventListener", "pageshow", onReturn)
		global.Get("document").Call("addEventListener", "visibilitychange", onReturn)
	})
}

// WaitOnline returns at once unless the browser says it is offline
// (navigator.onLine === false); then it waits for the `online` event.
func WaitOnline(ctx sdk.Context) error {
	listen()
	onlineMu.Lock()
	l := online
	onlineMu.Unlock()
	if !prop(prop(global, "navigator"), "onLine").Equal(js.ValueOf(false)) {
		return nil // online, or it cannot tell
	}
	return l.Wait(ctx)
}
