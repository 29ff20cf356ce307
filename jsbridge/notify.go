//go:build js && wasm

package jsbridge

import (
	"sync"
	"syscall/js"

	"github.com/inbenta-community/inbenta-auth/sdk"
)

// The default refresh-error notification: one per page, however many
// clients fail; shown once per failure episode, and removed when every
// client that failed has recovered or was closed. The kit draws it
// (web/loader/src/notification.js); this file decides when it shows, for
// which clients, and when it goes.
//
// Its DOM work runs page code at once: focusing its button fires focus and
// blur events, removing it may too, and a listener may close a client or
// dismiss the notification. So no lock is held across it: requests are
// queued, and whoever finds none running runs them in order; a request made
// from inside page code that one runs waits in the queue until it returns.

var (
	notifyMu      sync.Mutex
	notifyQueue   []func()
	notifyRunning bool
	// The request running owns these; only it touches them.
	notifyHost   js.Value     // the host element, or undefined
	notifyOwners map[int]bool // the failing clients it speaks for
	// Escape dismisses the notification, like any dialog.
	dismissNotification = Sync(func(js.Value, []js.Value) any {
		notify(dropNotification)
		return nil
	})
)

// notify runs req after the requests before it, outside notifyMu.
func notify(req func()) {
	notifyMu.Lock()
	notifyQueue = append(notifyQueue, req)
	if notifyRunning {
		notifyMu.Unlock()
		return
	}
	notifyRunning = true
	for len(notifyQueue) > 0 {
		queue := notifyQueue
		notifyQueue = nil
		notifyMu.Unlock()
		for _, req := range queue {
			if err := try(req); err != nil { // syscall/js panics on a JS exception
				consoleError("InbentaAuth: the refresh-error notification failed: " + err.Error())
			}
		}
		notifyMu.Lock()
	}
	notifyRunning = false
	notifyMu.Unlock()
}

// showNotification renders the notification for b, unless b was closed
// meanwhile (its refresh-error listener may close it); when one is showing
// already, b joins it. One the page removed is replaced.
func showNotification(b *Binding, lang string, l sdk.Labels) {
	notify(func() {
		if b.isClosed() {
			return
		}
		if notifyHost.Truthy() && !prop(notifyHost, "isConnected").Equal(js.ValueOf(false)) {
			notifyOwners[b.id] = true
			return
		}
		drawn := kit.Call("notification", lang, l[sdk.LabelTitle], l[sdk.LabelBody], l[sdk.LabelButton], dismissNotification)
		host, btn := drawn.Index(0), drawn.Index(1)
		if notifyOwners == nil {
			notifyOwners = map[int]bool{}
		}
		notifyHost, notifyOwners[b.id] = host, true
		_, _ = call(btn, "focus")
	})
}

// hideNotification withdraws owner (its client recovered or was closed);
// the notification goes when no failing client is left.
func hideNotification(owner int) {
	notify(func() {
		delete(notifyOwners, owner)
		if len(notifyOwners) == 0 {
			dropNotification()
		}
	})
}

// dropNotification removes the notification, whichever clients it spoke for.
func dropNotification() {
	host := notifyHost
	notifyHost, notifyOwners = js.Undefined(), nil
	if host.Truthy() {
		_, _ = call(host, "remove")
	}
}
