//go:build js && wasm

package jsbridge

import (
	"sync"
	"syscall/js"

	"github.com/inbenta-community/inbenta-auth/sdk"
)

// The loader builds each client's JS object and keeps its handle private
// (a WeakMap); Go knows a client only by that handle. Every method is one
// shared function taking the handle first, so clients and calls create no
// js.Func, and close() drops the Go side, leaving nothing to leak.

// Binding is one client's Go side: its sdk.Keeper and what the page set on it.
type Binding struct {
	id    int
	hooks *sdk.AccessTokenSource // nil for Domain Key clients
	c     *sdk.Keeper
	peers *Peers // the other pages it shares tokens with; nil when it does not

	sessions *sdk.Sessions
	pairs    js.Value // the product headers, for the loader (productHeaders)

	lang   string // "" to detect from the page
	labels sdk.LabelConfig

	keyJS js.Value // the API key as a JS string, for x-inbenta-key; set once

	// mu guards what follows. No call into JS is made holding it: page code
	// run by any such call may call this client's methods.
	mu        sync.Mutex
	headers   headerCache
	onError   js.Value // the page's replacement for the notification
	listeners map[string][]js.Value
	live      bool         // the page has the client: events go out at once
	early     []earlyEvent // events before that
	closed    bool
}

var (
	clientsMu  sync.Mutex
	clientsSeq int
	clients    = map[int]*Binding{}
)

// NewBinding prepares a client's Go side before its sdk.Keeper exists, so
// Observe can be handed to the keeper. apiKey goes in x-inbenta-key on
// every product call; hooks is where setRefresh installs the page's hook.
func NewBinding(apiKey string, hooks *sdk.AccessTokenSource, opts *Options) *Binding {
	listen()
	b := &Binding{keyJS: js.ValueOf(apiKey), hooks: hooks, onError: opts.OnRefreshError, lang: opts.Lang, labels: opts.Labels}
	clientsMu.Lock()
	clientsSeq++
	b.id = clientsSeq
	clientsMu.Unlock()
	return b
}

// Expose registers c, its product sessions s and the product headers h,
// and returns its handle, which the loader wraps in the client object.
func (b *Binding) Expose(c *sdk.Keeper, s *sdk.Sessions, h sdk.ProductHeaders) (any, error) {
	pairs := h.Pairs()
	kv := make([]any, len(pairs))
	for i, p := range pairs {
		kv[i] = p
	}
	b.c, b.sessions, b.pairs = c, s, record(true, kv...)
	clientsMu.Lock()
	clients[b.id] = b
	clientsMu.Unlock()
	return b.id, nil
}

// Share opens the client's side of group (sdk.ShareGroup) when the page
// shares tokens across pages (options.shareAcrossTabs) and the browser
// can: the sdk.Config's Peers, or nil.
func (b *Binding) Share(on bool, group string) sdk.Peers {
	if !on {
		return nil
	}
	if b.peers = NewPeers(group); b.peers == nil {
		return nil
	}
	return b.peers
}

// Discard releases what a closed client, or one whose creation failed,
// holds in the page: its group of pages and its part in the notification.
func (b *Binding) Discard() {
	b.mu.Lock()
	b.closed = true
	b.mu.Unlock()
	if b.peers != nil {
		b.peers.Close()
	}
	hideNotification(b.id)
}

func (b *Binding) isClosed() bool {
	b.mu.Lock()
	closed := b.closed
	b.mu.Unlock()
	return closed
}

// bindingOf is the live client of the handle in args[0], or nil.
func bindingOf(args []js.Value) *Binding {
	if len(args) == 0 || args[0].Type() != js.TypeNumber {
		return nil
	}
	id := args[0].Int()
	clientsMu.Lock()
	b := clients[id]
	clientsMu.Unlock()
	return b
}

func dropClient(id int) *Binding {
	clientsMu.Lock()
	b := clients[id]
	delete(clients, id)
	clientsMu.Unlock()
	return b
}
