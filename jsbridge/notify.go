//go:build js && wasm

package jsbridge

import (
	"sync"
	"syscall/js"

	"github.com/inbenta-community/inbenta-auth/sdk"
)

// The default refresh-error notification: one per page, however many
// clients fail; shown once per failure episode, and removed when every
// client that failed has recovered or was closed. It lives in an open Shadow DOM, so the page's CSS
// cannot break it and its CSS cannot leak; labels are set as text only.
//
// Its DOM work runs page code at once: focusing its button fires focus and
// blur events, removing it may too, and a listener may close a client or
// dismiss the notification. So no lock is held across it: requests are
// queued, and whoever finds none running runs them in order; a request made
// from inside page code that one runs waits in the queue until it returns.

const notificationAttr = "data-inbenta-auth-notification"

var (
	notifyMu      sync.Mutex
	notifyQueue   []func()
	notifyRunning bool
	// The request running owns these; only it touches them.
	notifyHost   js.Value     // the host element, or undefined
	notifyOwners map[int]bool // the failing clients it speaks for
	reloadPage   = Sync(func(js.Value, []js.Value) any {
		_, _ = call(prop(global, "location"), "reload")
		return nil
	})
	// Escape dismisses the notification, like any dialog.
	onKey = Sync(func(_ js.Value, args []js.Value) any {
		if len(args) > 0 && prop(args[0], "key").Equal(js.ValueOf("Escape")) {
			notify(dropNotification)
		}
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
		host, btn := appendNotification(lang, l)
		if notifyOwners == nil {
			notifyOwners = map[int]bool{}
		}
		notifyHost, notifyOwners[b.id] = host, true
		_, _ = call(btn, "focus")
	})
}

// appendNotification adds the notification to the page; btn is its button.
func appendNotification(lang string, l sdk.Labels) (host, btn js.Value) {
	doc := global.Get("document")
	el := func(parent js.Value, tag, text string) js.Value {
		e := doc.Call("createElement", tag)
		if text != "" {
			e.Set("textContent", text)
		}
		parent.Call("appendChild", e)
		return e
	}
	host = doc.Call("createElement", "div")
	host.Call("setAttribute", notificationAttr, "")
	root := host.Call("attachShadow", map[string]any{"mode": "open"})
	styleShadow(root)
	box := el(root, "div", "")
	box.Set("className", "box")
	for k, v := range map[string]string{"role": "alertdialog", "aria-modal": "false",
		"aria-labelledby": "title", "aria-describedby": "body", "lang": lang} {
		box.Call("setAttribute", k, v)
	}
	el(box, "h2", l[sdk.LabelTitle]).Set("id", "title")
	el(box, "p", l[sdk.LabelBody]).Set("id", "body")
	btn = el(box, "button", l[sdk.LabelButton])
	btn.Set("type", "button")
	btn.Call("addEventListener", "click", reloadPage)
	box.Call("addEventListener", "keydown", onKey)
	doc.Get("body").Call("appendChild", host)
	return host, btn
}

// styleShadow styles the notification with a constructed stylesheet: a
// page's CSP (style-src without 'unsafe-inline') blocks a <style> element
// even inside a shadow root, but not CSSOM. Older browsers get the element.
func styleShadow(root js.Value) {
	if ctor := prop(global, "CSSStyleSheet"); ctor.Type() == js.TypeFunction && !prop(root, "adoptedStyleSheets").IsUndefined() {
		if sheet, err := construct(ctor); err == nil {
			if _, err := call(sheet, "replaceSync", notificationCSS); err == nil {
				root.Set("adoptedStyleSheets", []any{sheet})
				return
			}
		}
	}
	doc := global.Get("document")
	style := doc.Call("createElement", "style")
	style.Set("textContent", notificationCSS)
	root.Call("appendChild", style)
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

const notificationCSS = `:host{all:initial}
.box{position:fixed;z-index:2147483647;left:50%;bottom:24px;transform:translateX(-50%);
box-sizing:border-box;width:min(440px,calc(100vw - 32px));padding:20px 22px 18px;border-radius:14px;
background:#fff;color:#1c2230;border:1px solid #e3e6ee;box-shadow:0 18px 40px rgba(16,24,40,.22);
font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;
display:grid;grid-template-columns:1fr auto;gap:4px 16px;align-items:center;
animation:in .18s ease-out}
h2{grid-column:1/-1;margin:0;font-size:17px;font-weight:700;letter-spacing:-.01em}
p{margin:0;color:#4a5163;overflow-wrap:anywhere}
button{font:inherit;font-weight:600;padding:9px 18px;border:0;border-radius:9px;background:#2f5bff;color:#fff;
cursor:pointer;white-space:nowrap}
button:hover{background:#2448d8}
button:focus-visible{outline:3px solid #9db1ff;outline-offset:2px}
@media (max-width:480px){.box{bottom:12px;grid-template-columns:1fr}button{width:100%;margin-top:10px}}
@media (prefers-reduced-motion:reduce){.box{animation:none}}
@media (prefers-color-scheme:dark){.box{background:#1d2230;color:#eef1f8;border-color:#2d3446}p{color:#b8bfcf}}
@keyframes in{from{opacity:0;transform:translate(-50%,8px)}to{opacity:1;transform:translate(-50%,0)}}`
