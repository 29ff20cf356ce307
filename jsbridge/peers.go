//go:build js && wasm

package jsbridge

import (
	"sync"
	"syscall/js"

	"github.com/inbenta-community/inbenta-auth/sdk"
)

// Peers is sdk.Peers over the loader's kit.peers (its peerHub): Web Locks
// and a BroadcastChannel shared by the pages of the origin, as
// docs/tab-protocol.md specifies. Tokens cross between pages as
// sdk.PeerRecord writes them; refusals as fingerprints.
type Peers struct {
	id  int
	hub js.Value

	mu sync.Mutex
	l  sdk.PeerListener
}

var (
	peersMu   sync.Mutex
	peersNext int
	peersByID = map[int]*Peers{}
	// peerEventF is how every hub hands Go what the other pages say.
	peerEventF = Sync(peerEvent)
)

var errNoLock = sdk.TextError("the group's lock was not granted")

// NewPeers opens this client's side of group (sdk.ShareGroup), or returns
// nil when the browser cannot share (no Web Locks or BroadcastChannel when
// the loader ran).
func NewPeers(group string) *Peers {
	peersMu.Lock()
	peersNext++
	p := &Peers{id: peersNext}
	peersMu.Unlock()
	hub, err := call(kit, "peers", group, p.id, peerEventF)
	if err != nil || !isObject(hub) {
		return nil
	}
	p.hub = hub
	peersMu.Lock()
	peersByID[p.id] = p
	peersMu.Unlock()
	return p
}

// Close leaves the group: the hub stops listening and releases its locks.
func (p *Peers) Close() {
	peersMu.Lock()
	delete(peersByID, p.id)
	peersMu.Unlock()
	_, _ = call(p.hub, "close")
}

func (p *Peers) Listen(l sdk.PeerListener) {
	p.mu.Lock()
	p.l = l
	p.mu.Unlock()
}

func (p *Peers) listener() sdk.PeerListener {
	p.mu.Lock()
	l := p.l
	p.mu.Unlock()
	return l
}

func (p *Peers) Lock(ctx sdk.Context) (func(), error) {
	op, err := call(p.hub, "lock")
	if err != nil {
		return nil, err
	}
	release, err := await(ctx, prop(op, "held"))
	if err != nil {
		_, _ = call(op, "cancel") // the hub releases it should it come
		return nil, err
	}
	if release.Type() != js.TypeFunction {
		return nil, errNoLock
	}
	return func() { _, _ = invoke(release) }, nil
}

// maxMarks bounds the marks read from the lock manager, where any script
// of the origin can add names.
const maxMarks = 64

func (p *Peers) Ask(ctx sdk.Context) sdk.Answers {
	answers, err := call(p.hub, "ask", float64(sdk.PeerWait/sdk.Millisecond))
	if err == nil {
		answers, err = await(ctx, answers)
	}
	if err != nil {
		return sdk.Answers{}
	}
	a := sdk.Answers{AllAnswered: prop(answers, "all").Equal(js.ValueOf(true))}
	tokens := prop(answers, "tokens")
	for i := range length(tokens) {
		if tok, err := peerToken(tokens.Index(i)); err == nil {
			a.Tokens = append(a.Tokens, tok)
		}
	}
	names := prop(answers, "marks")
	for i := range min(length(names), maxMarks) {
		if v := names.Index(i); v.Type() == js.TypeString {
			if m, ok := sdk.ParseMark(v.String()); ok {
				a.Marks = append(a.Marks, m)
			}
		}
	}
	return a
}

func (p *Peers) Announce(tok *sdk.Token) {
	_, _ = call(p.hub, "announce", tokenRecord(tok), sdk.MarkOf(tok).String())
}

func (p *Peers) Refused(fp sdk.Fingerprint) { _, _ = call(p.hub, "refused", fp.String()) }

// peerEvent(id, type, value) is what the other pages said to the hub id:
// "ask" (answered with the token held, or null), "token" (one announced)
// or "refused" (a fingerprint). It runs in the message's task, through
// Sync (a panic stays there): adopting a token takes the Keeper's lock
// only briefly, and emits its token event.
func peerEvent(_ js.Value, args []js.Value) any {
	if len(args) < 2 || args[0].Type() != js.TypeNumber || args[1].Type() != js.TypeString {
		return nil
	}
	peersMu.Lock()
	p := peersByID[args[0].Int()]
	peersMu.Unlock()
	var l sdk.PeerListener
	if p != nil {
		l = p.listener()
	}
	if l == nil {
		return nil
	}
	value := Arg(args, 2)
	switch args[1].String() {
	case "ask":
		if tok := l.Held(); tok != nil {
			return tokenRecord(tok)
		}
	case "token":
		if tok, err := peerToken(value); err == nil {
			l.Heard(tok)
		}
	case "refused":
		if value.Type() == js.TypeString {
			if fp, ok := sdk.ParseFingerprint(value.String()); ok {
				l.HeardRefused(fp)
			}
		}
	}
	return nil
}

// tokenRecord is tok as it crosses to another page (sdk.PeerRecord).
func tokenRecord(tok *sdk.Token) js.Value {
	kv := sdk.PeerRecord(tok)
	for i, v := range kv {
		if apis, ok := v.(map[string]string); ok {
			kv[i] = stringRecord(apis, true)
		}
	}
	return record(true, kv...)
}

// peerToken reads a token another page sent (the hub copied it as plain
// data); its accessToken becomes bytes the SDK owns, as an answer's does.
// A token the page does not believe is an error (an sdk.PeerRefusal).
func peerToken(v js.Value) (*sdk.Token, error) {
	tree, err := toGo(v)
	if err != nil {
		return nil, err
	}
	return sdk.ParsePeerToken(tree, Clock{}.Now())
}
