//go:build js && wasm

package jsbridge

import (
	"sync"
	"syscall/js"

	"github.com/inbenta-community/inbenta-auth/sdk"
)

// Primed is a Transport whose first request may have been sent already: the
// loader sends createFromDomainKey's /auth while the wasm downloads and
// compiles (web/loader/src/early.js), and hands over a Promise
// of the answer as plain values: {sentAt (ms), status, type, headers (a
// record by lower-case name), json (the parsed body), tooLarge (past
// sdk.MaxAnswerBytes)}. The
// first request that is exactly the one sent (URL, key, body) takes that
// answer; any other request, and every later one, goes to Next. So the
// loader's check of what it sends only decides whether to send early: Go
// still validates everything, and the retry policy above re-sends through
// Next when the early answer failed. A page that shares tokens sends early
// only once it claimed its group's exchange (docs/tab-protocol.md, "The
// early /auth").
type Primed struct {
	Next sdk.Transport

	mu    sync.Mutex
	early js.Value // the loader's {url, key, body, answer, abort}; undefined once taken
}

// NewPrimed adopts the loader's early request, when there is one.
func NewPrimed(early js.Value, next sdk.Transport) *Primed {
	p := &Primed{Next: next, early: js.Undefined()}
	if isObject(early) {
		p.early = early
	}
	return p
}

func (p *Primed) RoundTrip(ctx sdk.Context, req *sdk.Request) (*sdk.Response, error) {
	if e, ok := p.take(req); ok {
		resp, err := earlyResponse(ctx, e)
		if err != nil {
			return nil, whyFailed(ctx, req.URL, err)
		}
		return resp, nil
	}
	return p.Next.RoundTrip(ctx, req)
}

// take hands out the early request once, and only for the request it is.
// It reads the request unlocked: nothing else can take it once it is out.
func (p *Primed) take(req *sdk.Request) (js.Value, bool) {
	p.mu.Lock()
	e := p.early
	p.early = js.Undefined()
	p.mu.Unlock()
	if e.IsUndefined() {
		return e, false
	}
	same := req.Method == "POST" && str(e, "url") == req.URL && str(e, "key") == req.Header["x-inbenta-key"] &&
		str(e, "body") == req.Body && req.Header["content-type"] == "application/json"
	if !same {
		_, _ = call(e, "abort") // Go sends its own; nobody reads this one
	}
	return e, same
}

// earlyResponse waits for the early answer, the kit's plain values of it.
func earlyResponse(ctx sdk.Context, e js.Value) (*sdk.Response, error) {
	stop := sdk.AfterFunc(ctx, func() { _, _ = call(e, "abort") })
	defer stop()
	v, err := await(ctx, prop(e, "answer"))
	return plainResponse(ctx, v, err)
}
