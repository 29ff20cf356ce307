//go:build js && wasm

package jsbridge

import (
	"syscall/js"

	"github.com/inbenta-community/inbenta-auth/sdk"
)

// Observe receives the sdk.Keeper's events: a refresh error shows the
// page's handler or the default notification, once per episode. It runs
// on the sdk's goroutines, where a panic would end the program.
func (b *Binding) Observe(ev sdk.Event) {
	defer func() {
		if r := recover(); r != nil {
			consoleError("InbentaAuth: " + recoveredError(r).Error())
		}
	}()
	switch ev.Kind {
	case sdk.EventToken:
		b.emit(eventToken, tokenDetail(ev.Token))
	case sdk.EventExpired:
		b.emit(eventExpired, func() any { return record(false, "expiration", expirationValue(ev.Token)) })
	case sdk.EventRefreshError:
		b.refreshError(ev.Err)
	case sdk.EventRecovered:
		hideNotification(b.id)
	case sdk.EventSession:
		b.emit(eventSession, sessionDetail(ev.Session))
	}
}

// retry(handle) is the retry() a refresh-error handler gets, bound to its
// client.
var retry = Async(withClient(func(b *Binding, _ []js.Value) (any, error) {
	_, err := b.c.Refresh(sdk.Background)
	return nil, err
}))

func (b *Binding) refreshError(e *sdk.Error) {
	b.mu.Lock()
	handler := b.onError
	b.mu.Unlock()
	lang := b.lang
	if lang == "" {
		lang = pageLang()
	}
	labels := sdk.ResolveLabels(b.labels, lang)
	info := func() any {
		return record(false,
			"code", string(e.Code),
			"message", e.Message,
			"error", toJSError(e),
			"labels", labelsObject(labels),
			"lang", lang,
			"retry", retry.Call("bind", nil, b.id))
	}
	b.emit(eventRefreshError, info)
	if handler.Type() != js.TypeFunction {
		showNotification(b, lang, labels)
		return
	}
	if _, err := invoke(handler, info()); err != nil {
		// The page's handler threw: report it, keep the SDK running.
		consoleError("InbentaAuth: the refresh-error handler threw: " + err.Error())
	}
}

func consoleError(msg string) {
	_, _ = call(prop(global, "console"), "error", msg)
}
