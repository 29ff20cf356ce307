//go:build js && wasm

package jsbridge

import (
	"runtime"
	"sync/atomic"
	"syscall/js"

	"github.com/inbenta-community/inbenta-auth/sdk"
)

// client.fetch is the loader's: it turns the page's input into one absolute
// URL string and plain values once, asks Go for the token verdict for that
// URL, sends the request itself, and hands Go a 401/403 once. Go never
// builds a Request nor reads a body stream: it checks a URL, gives header
// values, and judges a refusal. Tokens are known to JS by generation.

// headerCache is the token of the last generation handed to JS as a JS
// string, made once per token rather than once per call.
type headerCache struct {
	gen   uint64
	token js.Value
}

// headerValues are [generation, x-inbenta-key, the token] for tok; JS
// makes the Authorization value, so Go holds no header string of a token.
// The JS values are made unlocked: making them can run page code.
func (b *Binding) headerValues(tok *sdk.Token, gen uint64) js.Value {
	b.mu.Lock()
	cached := b.headers
	b.mu.Unlock()
	if cached.gen != gen {
		cached = headerCache{gen: gen, token: js.ValueOf(tok.AccessToken)}
		b.mu.Lock()
		if b.headers.gen < gen {
			b.headers = cached
		}
		b.mu.Unlock()
	}
	return jsArray.Call("of", gen, b.keyJS, cached.token)
}

// verdict(handle, url) answers at once: the generation (> 0) of a token
// that can go to url now, 0 when one must be obtained first (token), or an
// Error when the call cannot be made. It takes the handle as a number, not
// the client: every object that crosses into Go is a JS value Go must later
// release.
func verdict(_ js.Value, args []js.Value) any {
	b := bindingOf(args)
	if b == nil {
		return toJSError(sdk.ClosedError())
	}
	url, err := StringArg(args, 1, "url")
	if err != nil {
		return toJSError(err)
	}
	collectNow()
	tok, gen := b.c.Ready()
	if tok == nil {
		return 0
	}
	if !tok.ServesURL(url) {
		return toJSError(notServed(url))
	}
	return gen
}

// currentHeaders(handle) are the header values of the ready token, for a
// verdict whose generation JS has no values for yet; undefined when there
// is no ready token.
func currentHeaders(_ js.Value, args []js.Value) any {
	b := bindingOf(args)
	if b == nil {
		return nil
	}
	tok, gen := b.c.Ready()
	if tok == nil {
		return nil
	}
	return b.headerValues(tok, gen)
}

// tokenFor(handle, url) resolves with the header values once a token that
// can go to url is obtained.
func tokenFor(b *Binding, args []js.Value) (any, error) {
	url, err := StringArg(args, 1, "url")
	if err != nil {
		return nil, err
	}
	tok, gen, err := b.c.Token(sdk.Background)
	if err != nil {
		return nil, err
	}
	return b.servedHeaders(tok, gen, url)
}

// rejected(handle, url, generation, status, body) judges a 401/403 the call
// sent with that generation got: null when the API did not refuse the token
// (the response goes to the page), else the header values of a new token
// for the one replay. body is the answer's text (the gateway's expired-token
// 403 is told apart by it), or undefined when it was too large to be that.
func rejected(b *Binding, args []js.Value) (any, error) {
	url, err := StringArg(args, 1, "url")
	if err != nil {
		return nil, err
	}
	gen, status := Arg(args, 2), Arg(args, 3)
	if gen.Type() != js.TypeNumber || status.Type() != js.TypeNumber {
		return nil, invalidArgument("rejected takes a generation and a status")
	}
	var body any
	if text := Arg(args, 4); text.Type() == js.TypeString {
		body, _ = parseJSON(text.String())
	}
	if !sdk.TokenRejected(status.Int(), body) {
		return nil, nil
	}
	tok, next, err := b.c.Rejected(sdk.Background, uint64(gen.Int()))
	if err != nil {
		return nil, err
	}
	return b.servedHeaders(tok, next, url)
}

func (b *Binding) servedHeaders(tok *sdk.Token, gen uint64, url string) (any, error) {
	if !tok.ServesURL(url) {
		return nil, notServed(url)
	}
	return b.headerValues(tok, gen), nil
}

func notServed(url string) *sdk.Error {
	return invalidArgument("the token is only sent to the Inbenta APIs listed in client.apis, not to " + sdk.OriginOf(url))
}

// fetchFailed(reason) is the error client.fetch rejects with when fetch
// itself rejected.
func fetchFailed(_ js.Value, args []js.Value) any {
	return toJSError(fromJSFailure(&jsException{Arg(args, 0)}, "fetch"))
}

// verdicts counts calls between garbage collections.
var verdicts atomic.Int32

// collectEvery is how many verdicts run between Go GCs. Every call from JS
// into Go leaves JS values (syscall/js's event object and arguments) that
// are released only by finalizers after a Go GC, and a verdict allocates
// too little to trigger one. A GC of a small heap, spread over this many
// calls, keeps wasm_exec.js's table flat for little per call (the figures
// are in docs/performance.md, Memory).
const collectEvery = 256

func collectNow() {
	if verdicts.Add(1)%collectEvery == 0 {
		runtime.GC()
	}
}
