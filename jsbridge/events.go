//go:build js && wasm

package jsbridge

import (
	"math"
	"syscall/js"

	"github.com/inbenta-community/inbenta-auth/sdk"
)

// Client events a page can listen to with client.on(name, fn).
const (
	eventToken        = "token"         // a new token was obtained: {expiration, apis}
	eventRefreshError = "refresh-error" // the token is lost: the same info as onRefreshError
	eventExpired      = "expired"       // the client found its token expired: {expiration}
	eventSession      = "session"       // a product session was replaced: {product, reason, previousId, id}
)

func knownEvent(name string) bool {
	return name == eventToken || name == eventRefreshError || name == eventExpired || name == eventSession
}

// on(handle, name, fn) adds a listener; adding the same function twice has
// no effect, as with addEventListener.
func on(b *Binding, args []js.Value) error {
	return b.editListeners(args, func(ls []js.Value, i int, fn js.Value) []js.Value {
		if i >= 0 {
			return ls
		}
		return append(ls, fn)
	})
}

// off(handle, name, fn) removes a listener added with on.
func off(b *Binding, args []js.Value) error {
	return b.editListeners(args, func(ls []js.Value, i int, _ js.Value) []js.Value {
		if i < 0 {
			return ls
		}
		return append(ls[:i:i], ls[i+1:]...)
	})
}

// editListeners replaces the listeners of args' event with what edit makes
// of them, given where args' function is among them (-1: absent).
func (b *Binding) editListeners(args []js.Value, edit func(ls []js.Value, i int, fn js.Value) []js.Value) error {
	name, fn, err := eventArgs(args)
	if err != nil {
		return err
	}
	b.mu.Lock()
	ls, at := b.listeners[name], -1
	for i, l := range ls {
		if l.Equal(fn) {
			at = i
			break
		}
	}
	if b.listeners == nil {
		b.listeners = map[string][]js.Value{}
	}
	b.listeners[name] = edit(ls, at, fn)
	b.mu.Unlock()
	return nil
}

func eventArgs(args []js.Value) (string, js.Value, error) {
	name, err := StringArg(args, 1, "event name")
	if err == nil && !knownEvent(name) {
		err = invalidArgument("unknown event " + name + "; events are token, refresh-error, expired and session")
	}
	if err != nil {
		return "", js.Undefined(), err
	}
	fn := Arg(args, 2)
	if fn.Type() != js.TypeFunction {
		return "", js.Undefined(), invalidArgument("the listener must be a function")
	}
	return name, fn, nil
}

// emit calls the listeners of name with detail; one that throws is
// reported and the others still run. Until the loader has handed the
// client to the page (flush), events wait: a client can refresh while it is
// being created, before the page could call on().
func (b *Binding) emit(name string, detail func() any) {
	b.mu.Lock()
	live := b.live
	b.mu.Unlock()
	if !live {
		d := detail()
		b.mu.Lock()
		if !b.live {
			b.early = append(b.early, earlyEvent{name: name, detail: d})
			b.mu.Unlock()
			return
		}
		b.mu.Unlock()
		b.deliver(name, d)
		return
	}
	b.mu.Lock()
	some := len(b.listeners[name]) > 0
	b.mu.Unlock()
	if some {
		b.deliver(name, detail())
	}
}

// earlyEvent is an event that happened before the page had the client.
type earlyEvent struct {
	_      sdk.NoCompare
	name   string
	detail any
}

func (b *Binding) deliver(name string, d any) {
	b.mu.Lock()
	ls := append([]js.Value(nil), b.listeners[name]...)
	b.mu.Unlock()
	for _, l := range ls {
		if _, err := invoke(l, d); err != nil {
			consoleError("InbentaAuth: a " + name + " listener threw: " + err.Error())
		}
	}
}

// flush(handle) delivers the events of the client's creation to the
// listeners the page has added since; the loader calls it a task after
// handing the client over.
func flush(_ js.Value, args []js.Value) any {
	b := bindingOf(args)
	if b == nil {
		return nil
	}
	b.mu.Lock()
	early := b.early
	b.early, b.live = nil, true
	b.mu.Unlock()
	for _, e := range early {
		b.deliver(e.name, e.detail)
	}
	return nil
}

func tokenDetail(t *sdk.Token) func() any {
	return func() any {
		return record(false, "expiration", expirationValue(t), "apis", apisValue(t))
	}
}

// expirationValue is a token's expiry in whole Unix seconds, or null.
func expirationValue(t *sdk.Token) any {
	if t.Expiry.IsZero() {
		return nil
	}
	return math.Floor(t.ExpirationUnix())
}
