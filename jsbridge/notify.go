//go:build js && wasm

package jsbridge

import (
	"sync"
	"syscall/js"
)

// The default refresh-error notification: one per page, however many
// clients fail, shown once per failure episode and removed on recovery.

const notificationAttr = "data-inbenta-auth-notification"

var (
	notifyMu     sync.Mutex
	notification js.Value // the host element, or undefined
	reloadPage   = Sync(func(js.Value, []js.Value) any {
		_, _ = call(prop(global, "location"), "reload")
		return nil
	})
)

// Labels of the notification (Inbenta's label names).
type Labels struct {
	Title, Body, Button string
}

// DefaultLabels are Inbenta's English defaults.
var DefaultLabels = Labels{
	Title:  "Oooops...!",
	Body:   "Something went wrong. Please, refresh the page",
	Button: "Refresh",
}

// showNotification renders the notification unless one is showing. Text is
// set with textContent, never parsed as HTML.
func showNotification(l Labels) error {
	notifyMu.Lock()
	defer notifyMu.Unlock()
	if !notification.IsUndefined() && notification.Truthy() {
		return nil
	}
	return try(func() {
		doc := global.Get("document")
		host := doc.Call("createElement", "div")
		host.Call("setAttribute", notificationAttr, "")
		root := host.Call("attachShadow", map[string]any{"mode": "open"})
		el := func(parent js.Value, tag, text string) js.Value {
			e := doc.Call("createElement", tag)
			if text != "" {
				e.Set("textContent", text)
			}
			parent.Call("appendChild", e)
			return e
		}
		el(root, "style", notificationCSS)
		box := el(root, "div", "")
		box.Set("className", "box")
		box.Call("setAttribute", "role", "alertdialog")
		box.Call("setAttribute", "aria-labelledby", "title")
		box.Call("setAttribute", "aria-describedby", "body")
		el(box, "h2", l.Title).Set("id", "title")
		el(box, "p", l.Body).Set("id", "body")
		btn := el(box, "button", l.Button)
		btn.Set("type", "button")
		btn.Call("addEventListener", "click", reloadPage)
		doc.Get("body").Call("appendChild", host)
		btn.Call("focus")
		notification = host
	})
}

// hideNotification removes the notification after a successful refresh.
func hideNotification() {
	notifyMu.Lock()
	defer notifyMu.Unlock()
	if notification.IsUndefined() {
		return
	}
	_, _ = call(notification, "remove")
	notification = js.Undefined()
}

const notificationCSS = `:host{all:initial}
.box{position:fixed;z-index:2147483647;left:50%;bottom:24px;transform:translateX(-50%);
box-sizing:border-box;width:min(420px,calc(100vw - 32px));padding:20px 24px;border-radius:12px;
background:#fff;color:#1f2430;box-shadow:0 10px 30px rgba(0,0,0,.25);
font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
h2{margin:0 0 6px;font-size:18px}
p{margin:0 0 16px}
button{font:inherit;font-weight:600;padding:8px 18px;border:0;border-radius:8px;background:#2f5bff;color:#fff;cursor:pointer}
button:focus-visible{outline:3px solid #9db1ff;outline-offset:2px}`
