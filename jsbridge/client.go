//go:build js && wasm

package jsbridge

import (
	"runtime"
	"sync"
	"sync/atomic"
	"syscall/js"

	"github.com/inbenta-community/inbenta-auth/sdk"
)

// A JS client is a plain object holding only a numeric handle; its methods
// live once on a shared prototype, so creating clients and calling them
// creates no js.Func. close() drops the Go side, leaving nothing to leak.

// Binding is one client's Go side: what its JS object reaches through the
// handle, and the observer of its sdk.Keeper.
type Binding struct {
	id     int
	apiKey string
	hooks  *sdk.AccessTokenSource // nil for Domain Key clients
	c      *sdk.Keeper

	lang   string // "" to detect from the page
	labels sdk.LabelConfig

	mu        sync.Mutex
	keyJS     js.Value   // apiKey as a JS string
	bearerOf  *sdk.Token // the token bearerJS was made for
	bearerJS  js.Value
	onError   js.Value // the page's replacement for the notification
	listeners map[string][]js.Value
}

var (
	clientsMu  sync.Mutex
	clientsSeq int
	clients    = map[int]*Binding{}
	protoOnce  sync.Once
	proto      js.Value
	retryFn    js.Func
)

// handleKey is the property holding a client's handle, apiKeyKey its API
// key.
const (
	handleKey = "__inbentaAuthHandle"
	apiKeyKey = "__inbentaAuthKey"
)

// maxRejectBody bounds what is read of a 403 to tell the gateway's
// "explicit deny" (a few dozen bytes) from a product's own refusal.
const maxRejectBody = 4096

// NewBinding prepares a client's Go side before its sdk.Keeper exists, so
// Observe can be handed to the keeper. apiKey goes in x-inbenta-key on
// every product call; hooks is where setRefresh installs the page's hook.
func NewBinding(apiKey string, hooks *sdk.AccessTokenSource, opts Options) *Binding {
	protoOnce.Do(buildProto)
	listen()
	clientsMu.Lock()
	defer clientsMu.Unlock()
	clientsSeq++
	return &Binding{id: clientsSeq, apiKey: apiKey, keyJS: js.ValueOf(apiKey), hooks: hooks,
		onError: opts.OnRefreshError, lang: opts.Lang, labels: opts.Labels}
}

// Expose registers c and returns its JS object.
func (b *Binding) Expose(c *sdk.Keeper) (js.Value, error) {
	b.c = c
	clientsMu.Lock()
	clients[b.id] = b
	clientsMu.Unlock()

	var obj js.Value
	err := try(func() {
		obj = jsObject.Call("create", proto)
		jsObject.Call("defineProperty", obj, handleKey, map[string]any{"value": b.id})
		// The kit's fast path sets x-inbenta-key from here (a public value).
		jsObject.Call("defineProperty", obj, apiKeyKey, map[string]any{"value": b.apiKey})
		// Bound copies let pages pass client.fetch around as a function.
		for _, m := range []string{"fetch", "accessToken", "close", "setRefresh", "setRefreshErrorHandler", "on", "off"} {
			obj.Set(m, proto.Get(m).Call("bind", obj))
		}
	})
	if err != nil {
		dropClient(b.id)
		c.Close()
		return js.Undefined(), err
	}
	return obj, nil
}

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
		b.emit(eventExpired, func() any { return map[string]any{"expiration": expirationValue(ev.Token)} })
	case sdk.EventRefreshError:
		b.refreshError(ev.Err)
	case sdk.EventRecovered:
		hideNotification(b.id)
	}
}

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
		return map[string]any{
			"code":    string(e.Code),
			"message": e.Message,
			"error":   toJSError(e),
			"labels":  labelsObject(labels),
			"lang":    lang,
			"retry":   retryFn.Call("bind", nil, b.id),
		}
	}
	b.emit(eventRefreshError, info)
	if handler.Type() != js.TypeFunction {
		if err := showNotification(b.id, lang, labels); err != nil {
			consoleError("InbentaAuth: could not show the refresh-error notification: " + err.Error())
		}
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

func buildProto() {
	proto = jsObject.Call("create", jsObject.Get("prototype"))
	// client.fetch is the kit's: it sends at once when the token is ready
	// and the call needs nothing else, and takes clientFetch otherwise.
	proto.Set("fetch", kit.Call("fetchMethod", Async(withClient(clientFetch)),
		Sync(readyBearer), Async(withClient(afterFastFetch)), Sync(fetchFailed)))
	proto.Set("accessToken", Async(withClient(func(b *Binding, _ []js.Value) (any, error) {
		tok, _, err := b.c.Token(sdk.Background)
		if err != nil {
			return nil, err
		}
		return tok.AccessToken, nil
	})))
	proto.Set("close", Sync(func(this js.Value, _ []js.Value) any {
		if id, ok := handleOf(this); ok {
			if b := dropClient(id); b != nil {
				b.c.Close()
				hideNotification(id)
			}
		}
		return nil
	}))
	proto.Set("setRefresh", Sync(withClientNow(setRefresh)))
	proto.Set("setRefreshErrorHandler", Sync(withClientNow(setRefreshErrorHandler)))
	proto.Set("on", Sync(withClientNow(on)))
	proto.Set("off", Sync(withClientNow(off)))
	retryFn = Async(func(_ js.Value, args []js.Value) (any, error) {
		b := lookupID(args)
		if b == nil {
			return nil, errClosed
		}
		_, err := b.c.Refresh(sdk.Background)
		return nil, err
	})
	getter := func(fn func(*sdk.Token) any) map[string]any {
		return map[string]any{"enumerable": true, "get": Sync(func(this js.Value, _ []js.Value) any {
			if b := lookup(this); b != nil {
				if tok := b.c.Current(); tok != nil {
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
	jsObject.Call("defineProperty", proto, "expiration", getter(expirationValue))
}

// setRefresh(fn) installs the page's refresh hook (null removes it). It
// applies at once; the returned Promise only reports a bad argument.
func setRefresh(b *Binding, args []js.Value) error {
	if b.hooks == nil {
		return invalidArgument("setRefresh is for clients created with createFromAccessToken; Domain Key clients re-exchange the key")
	}
	fn := Arg(args, 0)
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

// setRefreshErrorHandler(fn) replaces the default notification (null
// restores it).
func setRefreshErrorHandler(b *Binding, args []js.Value) error {
	fn := Arg(args, 0)
	if !isNullish(fn) && fn.Type() != js.TypeFunction {
		return invalidArgument("setRefreshErrorHandler takes a function, or null")
	}
	b.mu.Lock()
	b.onError = fn
	b.mu.Unlock()
	return nil
}

func handleOf(this js.Value) (int, bool) {
	h := prop(this, handleKey)
	if h.Type() != js.TypeNumber {
		return 0, false
	}
	return h.Int(), true
}

func lookup(this js.Value) *Binding {
	id, ok := handleOf(this)
	if !ok {
		return nil
	}
	clientsMu.Lock()
	defer clientsMu.Unlock()
	return clients[id]
}

func lookupID(args []js.Value) *Binding {
	if len(args) == 0 || args[0].Type() != js.TypeNumber {
		return nil
	}
	clientsMu.Lock()
	defer clientsMu.Unlock()
	return clients[args[0].Int()]
}

func dropClient(id int) *Binding {
	clientsMu.Lock()
	defer clientsMu.Unlock()
	b := clients[id]
	delete(clients, id)
	return b
}

var errClosed = &sdk.Error{Code: sdk.CodeClosed, Message: "the client is closed"}

// withClientNow is withClient for synchronous methods: they act at once
// and return a settled Promise carrying any error.
func withClientNow(fn func(*Binding, []js.Value) error) func(js.Value, []js.Value) any {
	return func(this js.Value, args []js.Value) any {
		b := lookup(this)
		err := error(errClosed)
		if b != nil {
			err = fn(b, args)
		}
		if err != nil {
			p, _ := call(jsPromise, "reject", toJSError(err))
			return p
		}
		p, _ := call(jsPromise, "resolve")
		return p
	}
}

// withClient resolves `this` to a live client or rejects with CLOSED.
func withClient(fn func(*Binding, []js.Value) (any, error)) AsyncFunc {
	return func(this js.Value, args []js.Value) (any, error) {
		b := lookup(this)
		if b == nil {
			return nil, errClosed
		}
		return fn(b, args)
	}
}

// clientFetch is client.fetch(input, init)'s full path (the kit's fast
// path sends calls whose token is ready itself): fetch with the token's
// headers, refreshing first when the token has expired and replaying once
// when the API rejects it.
func clientFetch(b *Binding, args []js.Value) (any, error) {
	if Arg(args, 0).IsUndefined() {
		return nil, invalidArgument("fetch needs a URL or a Request")
	}
	base, url, body, err := request(args)
	if err != nil {
		return nil, err
	}
	var resp js.Value
	if err = b.c.Do(sdk.Background, b.sender(base, body, url, &resp)); err != nil {
		return nil, err
	}
	return resp, nil
}

// sender is the sdk.Call that sends base (with body) to url with a token,
// leaving the answer in resp.
func (b *Binding) sender(base, body js.Value, url string, resp *js.Value) sdk.Call {
	return func(ctx sdk.Context, tok *sdk.Token) (bool, error) {
		if !tok.ServesURL(url) {
			return false, invalidArgument("the token is only sent to the Inbenta APIs listed in client.apis, not to " + sdk.OriginOf(url))
		}
		var err error
		if *resp, err = b.send(ctx, base, body, tok); err != nil {
			return false, err
		}
		return tokenRejected(ctx, *resp), nil
	}
}

// readyBearer(handle, url) is the kit's fast path: the Authorization value
// when the client's token can be used at once for url, else undefined. It
// takes the handle as a number, not the client as this: every object that
// crosses into Go is a JS value Go must later release.
func readyBearer(_ js.Value, args []js.Value) any {
	b := lookupID(args)
	url := Arg(args, 1)
	if b == nil || url.Type() != js.TypeString {
		return nil
	}
	tok, _ := b.c.Ready()
	if tok == nil || !tok.ServesURL(url.String()) {
		return nil
	}
	collectNow()
	_, bearer := b.headerValues(tok)
	return bearer
}

// fastCalls counts fast-path calls between garbage collections.
var fastCalls atomic.Int32

// collectEvery is how many fast-path calls run between Go GCs. Every call
// from JS into Go leaves JS values (syscall/js's event object and
// arguments) that are released only by finalizers after a Go GC, and the
// fast path allocates too little to trigger one: without this, 10,000
// calls left ~20,000 values in wasm_exec.js's table and grew the wasm's
// memory from 3.1 to 8.7 MB. Measured in Node.js (10,000 calls): every
// 4,096 calls, 5.6 MB; every 256, 4.2 MB with the table flat, for ~3 µs a
// call (a GC of a small heap, spread over 256 calls).
const collectEvery = 256

func collectNow() {
	if fastCalls.Add(1)%collectEvery == 0 {
		runtime.GC()
	}
}

// afterFastFetch(input, init, response, bearer) takes over a fast-path
// call whose answer was a 401 or 403 (or not a Response): a rejected token
// is replaced and the call sent once more, as client.fetch's own path does.
func afterFastFetch(b *Binding, args []js.Value) (any, error) {
	resp, err := checkedResponse(sdk.Background, Arg(args, 2), nil)
	if err != nil || !tokenRejected(sdk.Background, resp) {
		return resp, err
	}
	var rejected *sdk.Token // nil when the token changed meanwhile
	if cur := b.c.Current(); cur != nil && Arg(args, 3).Type() == js.TypeString && Arg(args, 3).String() == "Bearer "+cur.AccessToken {
		rejected = cur
	}
	base, url, body, err := request(args)
	if err != nil {
		return nil, err
	}
	if err = b.c.Replay(sdk.Background, rejected, b.sender(base, body, url, &resp)); err != nil {
		return nil, err
	}
	return resp, nil
}

// fetchFailed(reason) is the error client.fetch rejects with when fetch
// itself rejected on the fast path.
func fetchFailed(_ js.Value, args []js.Value) any {
	return toJSError(fromJSFailure(&jsException{Arg(args, 0)}, "fetch"))
}

// request builds the Request of fetch's (input, init), and reads its body.
func request(args []js.Value) (base js.Value, url string, body js.Value, err error) {
	base, err = construct(jsRequest, Arg(args, 0), Arg(args, 1))
	if err != nil {
		return base, "", body, &sdk.Error{Code: sdk.CodeInvalidArgument, Message: "fetch arguments are not a valid request", Cause: err}
	}
	url = base.Get("url").String()
	if body, err = readBody(base); err != nil {
		return base, "", body, &sdk.Error{Code: sdk.CodeInvalidArgument, Message: "the request body could not be read", Cause: err}
	}
	return base, url, body, nil
}

// readBody reads a request's body, or returns undefined when it has none.
// A body is read once, so a replay can send it again. Copying the Request
// with clone() instead turns the body into a stream, which Chromium
// uploads as one: measured ~0.8 ms more per call.
func readBody(req js.Value) (js.Value, error) {
	id, ch := expect()
	some, err := call(kit, "readBody", req, id, deliverF)
	if err != nil || !some.Truthy() {
		forget(id)
		return js.Undefined(), err
	}
	return wait(sdk.Background, id, ch)
}

// send fetches a copy of base with the key and bearer set, and body (the
// bytes read from base, or undefined) as its body.
func (b *Binding) send(ctx sdk.Context, base, body js.Value, tok *sdk.Token) (js.Value, error) {
	key, bearer := b.headerValues(tok)
	id, ch := expect()
	if _, err := call(kit, "send", base, body, key, bearer, id, deliverF); err != nil {
		forget(id)
		return js.Undefined(), &sdk.Error{Code: sdk.CodeInvalidArgument, Message: "could not build the request", Cause: err}
	}
	resp, err := wait(ctx, id, ch)
	return checkedResponse(ctx, resp, err)
}

// headerValues are the x-inbenta-key and Authorization values as JS
// strings, made once per token rather than once per call.
func (b *Binding) headerValues(tok *sdk.Token) (key, bearer js.Value) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.bearerOf != tok {
		b.bearerOf, b.bearerJS = tok, js.ValueOf("Bearer "+tok.AccessToken)
	}
	return b.keyJS, b.bearerJS
}

// tokenRejected reads a clone of a 403's body, leaving the page's copy
// unread, to tell the gateway's expired-token answer from other refusals.
func tokenRejected(ctx sdk.Context, resp js.Value) bool {
	status := statusOf(resp)
	if status != 403 {
		return sdk.TokenRejected(status, nil)
	}
	if n, ok := sdk.DeclaredLength(header(resp, "content-length")); ok && n > maxRejectBody {
		return false
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
