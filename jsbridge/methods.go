//go:build js && wasm

package jsbridge

import (
	"syscall/js"

	"github.com/inbenta-community/inbenta-auth/sdk"
)

// method is one client method the loader calls, with the client's handle
// first. Which of its functions is set says how it is wrapped for JS.
type method struct {
	name  string
	plain func(js.Value, []js.Value) any          // as it is (Sync)
	async func(*Binding, []js.Value) (any, error) // a Promise, on a live client
	now   func(*Binding, []js.Value) error        // acts at once, a settled Promise
	token func(*sdk.Token) any                    // a getter of the current token
}

// methods are client.fetch's verdicts (calls.go) and the rest of the client
// API. A table, not a map literal: the wasm carries one loop, not a call per
// method.
var methods = [...]method{
	{name: "verdict", plain: verdict},
	{name: "failed", plain: fetchFailed},
	{name: "headers", plain: currentHeaders},
	{name: "token", async: tokenFor},
	{name: "rejected", async: rejected},
	{name: "accessToken", async: accessToken},
	{name: "close", plain: closeClient},
	{name: "setRefresh", now: setRefresh},
	{name: "setRefreshErrorHandler", now: setRefreshErrorHandler},
	{name: "on", now: on},
	{name: "off", now: off},
	{name: "flush", plain: flush},
	{name: "apis", token: apisValue},
	{name: "expiration", token: expirationValue},
	{name: "productHeaders", plain: productHeaders},
	{name: "session", async: sessionFor},
	{name: "sessionVerdict", plain: sessionVerdict},
	{name: "sessionRejected", async: sessionRejected},
	{name: "touch", plain: touch},
	{name: "sessionId", plain: sessionID},
	{name: "endSession", now: endSession},
}

// Methods is the frozen object of the client methods.
func Methods() js.Value {
	o := jsObject.New()
	for _, m := range methods {
		var f js.Func
		switch {
		case m.async != nil:
			f = Async(withClient(m.async))
		case m.now != nil:
			f = Sync(withClientNow(m.now))
		case m.token != nil:
			f = Sync(withToken(m.token))
		default:
			f = Sync(m.plain)
		}
		o.Set(m.name, f)
	}
	return jsObject.Call("freeze", o)
}

func accessToken(b *Binding, _ []js.Value) (any, error) {
	tok, _, err := b.c.Token(sdk.Background)
	if err != nil {
		return nil, err
	}
	return tok.AccessToken, nil
}

// closeClient(handle) drops the client's Go side; later calls reject with
// CLOSED.
func closeClient(_ js.Value, args []js.Value) any {
	if b := bindingOf(args); b != nil && dropClient(b.id) != nil {
		b.c.Close()
		b.sessions.Close()
		b.Discard()
	}
	return nil
}

// setRefresh(handle, fn) installs the page's refresh hook (null removes
// it). It applies at once; the returned Promise only reports a bad argument.
func setRefresh(b *Binding, args []js.Value) error {
	if b.hooks == nil {
		return invalidArgument("setRefresh is for clients created with createFromAccessToken; Domain Key clients re-exchange the key")
	}
	fn := Arg(args, 1)
	switch {
	case isNullish(fn):
		b.hooks.SetHook(nil)
	case fn.Type() == js.TypeFunction:
		b.hooks.SetHook(NewHookSource(fn))
	default:
		return invalidArgument("setRefresh takes a function returning a Promise of {accessToken, expiration}, or null")
	}
	return nil
}

// setRefreshErrorHandler(handle, fn) replaces the default notification
// (null restores it).
func setRefreshErrorHandler(b *Binding, args []js.Value) error {
	fn := Arg(args, 1)
	if !isNullish(fn) && fn.Type() != js.TypeFunction {
		return invalidArgument("setRefreshErrorHandler takes a function, or null")
	}
	b.mu.Lock()
	b.onError = fn
	b.mu.Unlock()
	return nil
}

// apisValue is client.apis: the product URLs of the current token, frozen.
func apisValue(t *sdk.Token) any { return stringRecord(t.APIs, true) }

// withToken is a getter of the client's current token: null when there is
// none or the client is closed.
func withToken(fn func(*sdk.Token) any) func(js.Value, []js.Value) any {
	return func(_ js.Value, args []js.Value) any {
		if b := bindingOf(args); b != nil {
			if tok := b.c.Current(); tok != nil {
				return fn(tok)
			}
		}
		return nil
	}
}

// withClientNow is withClient for synchronous methods: they act at once
// and return a settled Promise carrying any error.
func withClientNow(fn func(*Binding, []js.Value) error) func(js.Value, []js.Value) any {
	return func(_ js.Value, args []js.Value) any {
		b := bindingOf(args)
		err := error(sdk.ClosedError())
		if b != nil {
			err = fn(b, args)
		}
		if err != nil {
			p, _ := call(kit, "rejected", toJSError(err))
			return p
		}
		p, _ := call(kit, "resolved")
		return p
	}
}

// withClient resolves the handle to a live client or rejects with CLOSED.
func withClient(fn func(*Binding, []js.Value) (any, error)) AsyncFunc {
	return func(_ js.Value, args []js.Value) (any, error) {
		b := bindingOf(args)
		if b == nil {
			return nil, sdk.ClosedError()
		}
		return fn(b, args)
	}
}
