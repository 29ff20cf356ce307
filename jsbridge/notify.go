//go:build js && wasm

package jsbridge

import (
	"sync"
	"syscall/js"

	"github.com/inbenta-community/inbenta-auth/sdk"
)

// The default refresh-error notification: one per page, however many
// clients fail; shown once per failure episode, and removed when every
// client that failed has recovered or was closed.

var (
	notifyMu     sync.Mutex
	notifyHost   js.Value     // the host element, or undefined
	notifyOwners map[int]bool // the failing clients it speaks for
	// Escape dismisses the notification, like any dialog.
	dismissNotification = Sync(func(js.Value, []js.Value) any {
		removeNotification()
		return nil
	})
)

// showNotification renders the notification for client owner; when one
// is showing already, owner joins it. The kit draws it
// (web/loader/src/notification.js).
func showNotification(owner int, lang string, l sdk.Labels) error {
	notifyMu.Lock()
	defer notifyMu.Unlock()
	if notifyHost.Truthy() {
		notifyOwners[owner] = true
		return nil
	}
	return try(func() {
		drawn := kit.Call("notification", lang, l[sdk.LabelTitle], l[sdk.LabelBody], l[sdk.LabelButton], dismissNotification)
		host, btn := drawn.Index(0), drawn.Index(1)
		btn.Call("focus")
		notifyHost, notifyOwners = host, map[int]bool{owner: true}
	})
}

// hideNotification withdraws owner (its client recovered or was closed);
// the notification goes when no failing client is left.
func hideNotification(owner int) {
	notifyMu.Lock()
	delete(notifyOwners, owner)
	last := len(notifyOwners) == 0
	notifyMu.Unlock()
	if last {
		removeNotification()
	}
}

func removeNotification() {
	notifyMu.Lock()
	defer notifyMu.Unlock()
	if notifyHost.Truthy() {
		_, _ = call(notifyHost, "remove")
	}
	notifyHost, notifyOwners = js.Undefined(), nil
}
