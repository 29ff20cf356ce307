//go:build js && wasm

package jsbridge

import (
	"context"
	"math"
	"strconv"
	"sync"
	"syscall/js"

	"github.com/inbenta-community/inbenta-auth/sdk"
)

// A JS client is a plain object holding only a numeric handle; its methods
// live once on a shared prototype, so creating clients and calling them
// creates no js.Func. close() drops the Go side, leaving nothing to leak.
type clientState struct {
	c      *sdk.Client
	apiKey string
}

var (
	clientsMu  sync.Mutex
	clientsSeq int
	clients    = map[int]*clientState{}
	protoOnce  sync.Once
	proto      js.Value
)

// handleKey is the property holding a client's handle.
const handleKey = "__inbentaAuthHandle"

// maxRejectBody bounds what is read of a 403 to tell the gateway's
// "explicit deny" (a few dozen bytes) from a product's own refusal.
const maxRejectBody = 4096

// NewClientObject exposes c to JS. apiKey goes in x-inbenta-key on every
// product call.
func NewClientObject(c *sdk.Client, apiKey string) (js.Value, error) {
	protoOnce.Do(buildProto)
	clientsMu.Lock()
	clientsSeq++
	id := clientsSeq
	clients[id] = &clientState{c: c, apiKey: apiKey}
	clientsMu.Unlock()

	var obj js.Value
	err := try(func() {
		obj = jsObject.Call("create", proto)
		jsObject.Call("defineProperty", obj, handleKey, map[string]any{"value": id})
		// Bound copies let pages pass client.fetch around as a function.
		for _, m := range []string{"fetch", "accessToken", "close"} {
			obj.Set(m, proto.Get(m).Call("bind", obj))
		}
	})
	if err != nil {
		dropClient(id)
		c.Close()
		return js.Undefined(), err
	}
	return obj, nil
}

func buildProto() {
	proto = jsObject.Call("create", jsObject.Get("prototype"))
	proto.Set("fetch", Async(withClient(clientFetch)))
	proto.Set("accessToken", Async(withClient(func(s *clientState, _ []js.Value) (any, error) {
		tok, err := s.c.Token(context.Background())
		if err != nil {
			return nil, err
		}
		return tok.AccessToken, nil
	})))
	proto.Set("close", Sync(func(this js.Value, _ []js.Value) any {
		if id, ok := handleOf(this); ok {
			if s := dropClient(id); s != nil {
				s.c.Close()
			}
		}
		return nil
	}))
	getter := func(fn func(*sdk.Token) any) map[string]any {
		return map[string]any{"enumerable": true, "get": Sync(func(this js.Value, _ []js.Value) any {
			if s := lookup(this); s != nil {
				if tok := s.c.Current(); tok != nil {
					return fn(tok)
				}
			}
			return nil
		})}
	}
	jsObject.Call("defineProperty", proto, "apis", getter(func(t *sdk.Token) any {
		apis := make(map[string]any, len(t.APIs))
		for k, v := range t.APIs {
			apis[k] = v
		}
		return jsObject.Call("freeze", apis)
	}))
	jsObject.Call("defineProperty", proto, "expiration", getter(func(t *sdk.Token) any {
		if t.Expiry.IsZero() {
			return nil
		}
		return math.Floor(t.ExpirationUnix())
	}))
}

func handleOf(this js.Value) (int, bool) {
	if !isObject(this) {
		return 0, false
	}
	h := prop(this, handleKey)
	if h.Type() != js.TypeNumber {
		return 0, false
	}
	return h.Int(), true
}

func lookup(this js.Value) *clientState {
	id, ok := handleOf(this)
	if !ok {
		return nil
	}
	clientsMu.Lock()
	defer clientsMu.Unlock()
	return clients[id]
}

func dropClient(id int) *clientState {
	clientsMu.Lock()
	defer clientsMu.Unlock()
	s := clients[id]
	delete(clients, id)
	return s
}

// withClient resolves `this` to a live client or rejects with CLOSED.
func withClient(fn func(*clientState, []js.Value) (any, error)) AsyncFunc {
	return func(this js.Value, args []js.Value) (any, error) {
		s := lookup(this)
		if s == nil {
			return nil, &sdk.Error{Code: sdk.CodeClosed, Message: "the client is closed"}
		}
		return fn(s, args)
	}
}

// clientFetch is client.fetch(input, init): fetch with the token's headers,
// refreshing first when the token has expired and replaying once when the
// API rejects it.
func clientFetch(s *clientState, args []js.Value) (any, error) {
	if len(args) == 0 {
		return nil, invalidArgument("fetch needs a URL or a Request")
	}
	base, err := construct(jsRequest, args[0], Arg(args, 1))
	if err != nil {
		return nil, &sdk.Error{Code: sdk.CodeInvalidArgument, Message: "fetch arguments are not a valid request", Cause: err}
	}
	url := base.Get("url").String()
	hasBody := !isNullish(base.Get("body"))

	var resp js.Value
	err = s.c.Do(context.Background(), func(ctx context.Context, tok *sdk.Token) (bool, error) {
		if !tok.ServesURL(url) {
			return false, invalidArgument("the token is only sent to the Inbenta APIs listed in client.apis, not to " + sdk.OriginOf(url))
		}
		req, err := s.authorized(base, hasBody, tok)
		if err != nil {
			return false, err
		}
		if resp, err = fetchAwait(ctx, req, js.Undefined()); err != nil {
			return false, err
		}
		return tokenRejected(ctx, resp), nil
	})
	if err != nil {
		return nil, err
	}
	return resp, nil
}

// authorized copies base with the key and bearer set. A request with a body
// is cloned first so it can be sent again on replay.
func (s *clientState) authorized(base js.Value, hasBody bool, tok *sdk.Token) (req js.Value, err error) {
	err = try(func() {
		src := base
		if hasBody {
			src = base.Call("clone")
		}
		h := jsHeaders.New(base.Get("headers"))
		h.Call("set", "x-inbenta-key", s.apiKey)
		h.Call("set", "authorization", "Bearer "+tok.AccessToken)
		req = jsRequest.New(src, map[string]any{"headers": h})
	})
	if err != nil {
		return req, &sdk.Error{Code: sdk.CodeInvalidArgument, Message: "could not build the request", Cause: err}
	}
	return req, nil
}

// tokenRejected reads a clone of a 403's body, leaving the page's copy
// unread, to tell the gateway's expired-token answer from other refusals.
func tokenRejected(ctx context.Context, resp js.Value) bool {
	status := statusOf(resp)
	if status != 403 {
		return sdk.TokenRejected(status, nil)
	}
	if cl := readHeaders(resp, []string{"content-length"})["content-length"]; cl != "" {
		if n, err := strconv.Atoi(cl); err == nil && n > maxRejectBody {
			return false
		}
	}
	clone, err := call(resp, "clone")
	if err != nil {
		return false
	}
	text, err := readText(ctx, clone, maxRejectBody)
	if err != nil {
		return false
	}
	body, _ := parseJSON(text)
	return sdk.TokenRejected(status, body)
}
