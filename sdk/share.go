package sdk

import "sync"

// Pages of one origin that keep the same token (the same mode, API key,
// authURL and, with a Domain Key, the same key) share it, so that a visitor
// with five tabs costs one exchange per token lifetime, not five: Inbenta
// rate-limits /auth per API key across all of a site's visitors.
//
// A page's Shared source gets a new token holding the group's lock: a token
// another page holds now (Ask), else one from its own Source, which it
// announces; the pages adopt announced tokens newer than theirs. The lock
// makes the pages that need a token at once take turns, so one of them
// exchanges and the others find its token. A page that cannot get
// the lock within LockWait (a page holding it hangs) goes on alone: sharing
// saves requests, it never stops a page from getting a token.

// ShareGroup names the pages that keep the same token: with a Domain Key
// (domainKey non-empty) those with the same key, API key and Auth API base;
// with access tokens those with the same API key and base. The loader
// names a Domain Key group the same way before the wasm runs (earlyAuth in
// web/loader/src/core.js). authURL is validated as AuthBase does.
func ShareGroup(authURL, apiKey, domainKey string) (string, error) {
	base, err := AuthBase(authURL)
	if err != nil {
		return "", err
	}
	if domainKey == "" {
		return "access-token\n" + base + "\n" + apiKey, nil
	}
	return "domain-key\n" + base + "\n" + apiKey + "\n" + domainKey, nil
}

// Timing of the pages' exchange.
const (
	// PeerWait is how long Ask waits for pages that do not answer (a page
	// frozen in the background): the ones that answer end it sooner, and a
	// page alone asks no one. Pages answered in 30-50 ms on a loaded 2-CPU
	// machine, but same-origin frames share one main thread, and an answer
	// queued behind another frame's wasm start took over 100 ms.
	PeerWait = 300 * Millisecond
	// LockWait bounds the wait for the lock; then the page goes alone.
	LockWait = 5 * Second
)

// Peers is how a page reaches the other pages of its group. jsbridge
// implements it with Web Locks and a BroadcastChannel; what the other pages
// say comes back through the PeerListener given to Listen.
type Peers interface {
	// Lock waits until this page holds the group's lock, or ctx ends.
	Lock(ctx Context) (unlock func(), err error)
	// Ask returns the tokens the other pages hold now, once every page has
	// answered or PeerWait has passed.
	Ask(ctx Context) []*Token
	// Announce tells the other pages of a token this page just obtained.
	Announce(tok *Token)
	// Refused tells them the API refused the token with this fingerprint.
	Refused(fp Fingerprint)
	// Listen sets who hears the other pages.
	Listen(l PeerListener)
}

// PeerListener hears the other pages of a group. Held answers their Ask.
type PeerListener interface {
	Heard(tok *Token)
	HeardRefused(fp Fingerprint)
	Held() *Token
}

// Fingerprint names a token without holding a copy of it: a refusal is
// announced by fingerprint, and a page remembers which tokens were refused
// without keeping their text.
type Fingerprint uint64

// FingerprintOf is FNV-1a of the token's text.
func FingerprintOf(t *Token) Fingerprint {
	h := Fingerprint(14695981039346656037)
	for i := 0; i < len(t.AccessToken); i++ {
		h ^= Fingerprint(t.AccessToken[i])
		h *= 1099511628211
	}
	return h
}

// String is fp as it crosses between pages: 16 hexadecimal digits.
// (strconv's ParseUint would bring its quoting tables into the wasm.)
func (fp Fingerprint) String() string {
	const digits = "0123456789abcdef"
	var b [16]byte
	for i := len(b) - 1; i >= 0; i-- {
		b[i] = digits[fp&15]
		fp >>= 4
	}
	return string(b[:])
}

// ParseFingerprint reads a Fingerprint's String.
func ParseFingerprint(s string) (Fingerprint, bool) {
	if len(s) != 16 {
		return 0, false
	}
	var fp Fingerprint
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			fp = fp<<4 | Fingerprint(c-'0')
		case c >= 'a' && c <= 'f':
			fp = fp<<4 | Fingerprint(c-'a'+10)
		default:
			return 0, false
		}
	}
	return fp, true
}

// Shared is a Source that shares tokens with the other pages of its group
// (see Peers), getting them from src only when no page has one. Bind it to
// the Keeper it serves.
type Shared struct {
	src   Source
	peers Peers
	clock Clock

	mu      sync.Mutex
	keeper  *Keeper
	heard   *Token // announced while a refresh was in flight, for it
	refused [8]Fingerprint
	next    int // where the next refused fingerprint goes
}

// NewShared shares src's tokens through peers.
func NewShared(src Source, peers Peers, clock Clock) *Shared {
	s := &Shared{src: src, peers: peers, clock: clock}
	peers.Listen(s)
	return s
}

// Bind names the Keeper s serves: s offers it the tokens other pages
// announce, and judges them by its leeway and refresh window.
func (s *Shared) Bind(k *Keeper) {
	s.mu.Lock()
	s.keeper = k
	s.mu.Unlock()
}

// Refuse lets src refuse without sending anything, as when it is alone.
func (s *Shared) Refuse(stale *Token, why Reason) error {
	if r, ok := s.src.(Refuser); ok {
		return r.Refuse(stale, why)
	}
	return nil
}

func (s *Shared) Token(ctx Context, stale *Token, why Reason) (*Token, error) {
	if why == ReasonRejected && stale != nil {
		fp := FingerprintOf(stale)
		s.remember(fp)
		s.peers.Refused(fp)
	}
	// Past LockWait the page gives up the lock, not the refresh.
	lctx, cancel := WithTimeout(ctx, s.clock, LockWait)
	unlock, err := s.peers.Lock(lctx)
	cancel()
	if err != nil && ctx.Err() != nil {
		return nil, ContextError(ctx.Err(), err)
	}
	if unlock != nil {
		defer unlock()
	}
	// The lock's previous holder announced its token before releasing it,
	// but the message may still be on its way: ask, and take what was
	// announced meanwhile (a busy page may answer late, or not at all).
	defer func() { s.takeHeard().Wipe() }()
	if tok := s.best(append(s.peers.Ask(ctx), s.takeHeard()), stale); tok != nil {
		return tok, nil
	}
	tok, err := s.src.Token(ctx, stale, why)
	if err == nil && tok != nil {
		s.peers.Announce(tok)
	}
	return tok, err
}

// Heard takes a token another page announces: the Keeper adopts it when it
// is newer than its own; while a refresh is in flight it is kept (the
// newest one) for that refresh, which takes it once it holds the lock.
func (s *Shared) Heard(tok *Token) {
	s.mu.Lock()
	k := s.keeper
	s.mu.Unlock()
	switch {
	case k == nil || s.isRefused(tok):
	case k.Offer(tok):
		return
	case k.refreshing():
		s.mu.Lock()
		if s.heard == nil || newer(tok, s.heard) {
			tok, s.heard = s.heard, tok
		}
		s.mu.Unlock()
	}
	tok.Wipe()
}

// takeHeard hands over the token kept by Heard, or nil.
func (s *Shared) takeHeard() *Token {
	s.mu.Lock()
	defer s.mu.Unlock()
	tok := s.heard
	s.heard = nil
	return tok
}

// HeardRefused marks a token another page saw refused: this page does not
// send it again, nor adopt it from a page that has not heard yet.
func (s *Shared) HeardRefused(fp Fingerprint) {
	s.remember(fp)
	s.mu.Lock()
	k := s.keeper
	s.mu.Unlock()
	if k != nil {
		k.refusedElsewhere(fp)
	}
}

// Held is the token this page can share now, or nil: one a call could use
// at once here (Keeper.Ready), not one being replaced.
func (s *Shared) Held() *Token {
	s.mu.Lock()
	k := s.keeper
	s.mu.Unlock()
	if k == nil {
		return nil
	}
	tok, _ := k.Ready()
	if tok == nil || s.isRefused(tok) {
		return nil
	}
	return tok
}

// best is the newest of toks (nil ones skipped) that can replace stale, or
// nil; the others are wiped.
func (s *Shared) best(toks []*Token, stale *Token) *Token {
	s.mu.Lock()
	k := s.keeper
	s.mu.Unlock()
	var best *Token
	for _, t := range toks {
		if t == nil {
			continue
		}
		if k == nil || s.isRefused(t) || !k.replaces(t, stale) || (best != nil && !newer(t, best)) {
			t.Wipe()
			continue
		}
		best.Wipe()
		best = t
	}
	return best
}

func (s *Shared) remember(fp Fingerprint) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, f := range s.refused {
		if f == fp {
			return
		}
	}
	s.refused[s.next] = fp
	s.next = (s.next + 1) % len(s.refused)
}

func (s *Shared) isRefused(t *Token) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	fp := FingerprintOf(t)
	for _, f := range s.refused {
		if f == fp && f != 0 {
			return true
		}
	}
	return false
}

// newer reports whether a expires after b; a token whose expiry is unknown
// (valid until refused) is newer than one that expires.
func newer(a, b *Token) bool {
	switch {
	case a.Expiry.IsZero():
		return !b.Expiry.IsZero()
	case b.Expiry.IsZero():
		return false
	}
	return a.Expiry > b.Expiry
}

// ParsePeerToken validates a token another page announced or answered:
// {accessToken, expiration?, obtained?, apis} (expiration and obtained in
// Unix seconds). It is checked as a hook's answer, and must name its
// product APIs: a token is worth nothing without them.
func ParsePeerToken(v any, now Instant) (*Token, error) {
	tok, err := ParseHookAnswer(v, nil, now)
	if err != nil {
		return nil, err
	}
	if len(tok.APIs) == 0 {
		tok.Wipe()
		return nil, badResponse("a shared token has no apis")
	}
	obj := v.(map[string]any)
	if sec, ok := obj["obtained"].(float64); ok {
		if at, err := unixToInstant(sec); err == nil && at <= now {
			tok.Obtained = at
		}
	}
	return tok, nil
}
