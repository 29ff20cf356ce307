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
// exchanges and the others find its token. A page that cannot get the lock
// within LockWait asks the others: while every one answers, the holder is
// only slow (a slow hook or Auth API), and the page waits on, for at most
// half its refresh timeout; when one does not (it may hold the lock, hung),
// or then, it goes on alone: sharing saves requests, it never stops a page
// from getting a token.
//
// The announcement is a message, which a page whose main thread is busy
// may read after it got the lock and its ask timed out. So the announcing
// page also leaves a Mark with the lock manager, which answers at once: a
// page that sees the mark of a token obtained since it joined waits for
// that token's announcement instead of getting another.

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
	// LockWait is how long a page waits for the lock before it asks
	// whether the other pages are alive.
	LockWait = 5 * Second
)

// Peers is how a page reaches the other pages of its group. jsbridge
// implements it with Web Locks and a BroadcastChannel; what the other pages
// say comes back through the PeerListener given to Listen.
type Peers interface {
	// Lock waits until this page holds the group's lock, or ctx ends.
	Lock(ctx Context) (unlock func(), err error)
	// Ask asks the other pages for the tokens they hold, until every page
	// has answered or PeerWait has passed.
	Ask(ctx Context) Answers
	// Announce tells the other pages of a token this page just obtained,
	// and leaves its mark in place of this page's previous one.
	Announce(tok *Token)
	// Refused tells them the API refused the token with this fingerprint.
	Refused(fp Fingerprint)
	// Listen sets who hears the other pages.
	Listen(l PeerListener)
}

// Answers is what an Ask found.
type Answers struct {
	Tokens []*Token // the tokens the other pages hold now
	Marks  []Mark   // the marks they left since this page joined (Announce)
	// AllAnswered: some other page is open, and every one answered.
	AllAnswered bool
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
func (fp Fingerprint) String() string { return hex16(uint64(fp)) }

// ParseFingerprint reads a Fingerprint's String.
func ParseFingerprint(s string) (Fingerprint, bool) {
	v, ok := parseHex16(s)
	return Fingerprint(v), ok
}

// Mark names a token a page obtained, as the other pages find it in the
// lock manager: its fingerprint and its expiry, rounded up to the second
// (so that it is never older than the token it stands for).
type Mark struct {
	FP     Fingerprint
	Expiry Instant // zero when unknown
}

// MarkOf is tok's Mark.
func MarkOf(tok *Token) Mark {
	sec := Instant(Second)
	return Mark{FP: FingerprintOf(tok), Expiry: (tok.Expiry + sec - 1) / sec * sec}
}

// String is m as it crosses between pages: the fingerprint's 16 digits,
// then the expiry's Unix seconds in 16 more.
func (m Mark) String() string { return m.FP.String() + hex16(uint64(m.Expiry/Instant(Second))) }

// ParseMark reads a Mark's String.
func ParseMark(s string) (Mark, bool) {
	if len(s) != 32 {
		return Mark{}, false
	}
	fp, ok := ParseFingerprint(s[:16])
	sec, ok2 := parseHex16(s[16:])
	if !ok || !ok2 || sec > uint64(maxExpiration) {
		return Mark{}, false
	}
	return Mark{FP: fp, Expiry: Instant(sec) * Instant(Second)}, true
}

// hex16 is v in 16 lowercase hexadecimal digits. (strconv's ParseUint
// would bring its quoting tables into the wasm.)
func hex16(v uint64) string {
	const digits = "0123456789abcdef"
	var b [16]byte
	for i := len(b) - 1; i >= 0; i-- {
		b[i] = digits[v&15]
		v >>= 4
	}
	return string(b[:])
}

// parseHex16 reads hex16's output.
func parseHex16(s string) (uint64, bool) {
	if len(s) != 16 {
		return 0, false
	}
	var v uint64
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			v = v<<4 | uint64(c-'0')
		case c >= 'a' && c <= 'f':
			v = v<<4 | uint64(c-'a'+10)
		default:
			return 0, false
		}
	}
	return v, true
}

// Shared is a Source that shares tokens with the other pages of its group
// (see Peers), getting them from src only when no page has one. Bind it to
// the Keeper it serves.
type Shared struct {
	src   Source
	peers Peers
	clock Clock

	// heardNow has a value once heard was set, for a refresh awaiting
	// an announcement.
	heardNow chan struct{}

	mu      sync.Mutex
	keeper  *Keeper
	heard   *Token // announced while a refresh was in flight, for it
	refused [8]Fingerprint
	next    int // where the next refused fingerprint goes
}

// NewShared shares src's tokens through peers.
func NewShared(src Source, peers Peers, clock Clock) *Shared {
	s := &Shared{src: src, peers: peers, clock: clock, heardNow: make(chan struct{}, 1)}
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
	// A candidate replaces stale unless it is older (expires sooner), but a
	// refused token's expiry means nothing: it is excluded as refused, and
	// a peer's token may seem to expire sooner only by the rounding of its
	// expiration or the pages' clocks.
	against := stale
	if why == ReasonRejected && stale != nil {
		fp := FingerprintOf(stale)
		s.remember(fp)
		s.peers.Refused(fp)
		against = nil
	}
	unlock, err := s.lock(ctx)
	if err != nil && ctx.Err() != nil {
		return nil, ContextError(ctx.Err(), err)
	}
	if unlock != nil {
		defer unlock()
	}
	// The lock's previous holder announced its token before releasing it,
	// but the message may still be on its way: take it if it came, else
	// ask, and wait for a token marked but not heard yet (a busy page may
	// answer late, or not at all).
	defer func() { s.takeHeard().Wipe() }()
	if tok := s.best([]*Token{s.takeHeard()}, against); tok != nil {
		return tok, nil // announced while this page waited for the lock
	}
	a := s.peers.Ask(ctx)
	if tok := s.best(append(a.Tokens, s.takeHeard()), against); tok != nil {
		return tok, nil
	}
	if tok := s.awaitAnnounced(ctx, s.awaited(a.Marks, against), against); tok != nil {
		return tok, nil
	}
	tok, err := s.src.Token(ctx, stale, why)
	if err == nil && tok != nil {
		s.peers.Announce(tok)
	}
	return tok, err
}

// lock takes the group's lock, or gives up (an error) when the holder may
// hang: past each LockWait it asks the other pages, and waits on while
// every one answers, for at most half the refresh timeout (the other half
// is for a token of its own). A page alone gives up at once: no page of
// the group holds the lock, whatever does.
func (s *Shared) lock(ctx Context) (unlock func(), err error) {
	budget := DefaultRefreshTimeout / 2
	s.mu.Lock()
	if s.keeper != nil {
		budget = s.keeper.timeout / 2
	}
	s.mu.Unlock()
	start := s.clock.Now()
	for wait := min(LockWait, budget); ; {
		lctx, cancel := WithTimeout(ctx, s.clock, wait)
		unlock, err = s.peers.Lock(lctx)
		cancel()
		left := budget - s.clock.Now().Sub(start)
		if err == nil || ctx.Err() != nil || left <= 0 {
			return unlock, err
		}
		a := s.peers.Ask(ctx)
		for _, t := range a.Tokens {
			t.Wipe()
		}
		if !a.AllAnswered {
			return nil, err
		}
		wait = min(LockWait, left)
	}
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
			select {
			case s.heardNow <- struct{}{}:
			default:
			}
		}
		s.mu.Unlock()
	}
	tok.Wipe()
}

// awaited is what of marks a refresh of stale should wait for: tokens
// obtained since this page joined (Ask leaves out the rest, whose
// announcements came before it listened), which it has not seen refused,
// unexpired and not older than stale.
func (s *Shared) awaited(marks []Mark, stale *Token) []Mark {
	var staleFP Fingerprint
	if stale != nil {
		staleFP = FingerprintOf(stale)
	}
	now := s.clock.Now()
	out := marks[:0]
	for _, m := range marks {
		t := Token{Expiry: m.Expiry}
		if (stale != nil && (m.FP == staleFP || newer(stale, &t))) || t.Expired(now, 0) || s.refusedFP(m.FP) {
			continue
		}
		out = append(out, m)
	}
	return out
}

// awaitAnnounced waits, at most LockWait, for the announcements of the
// tokens marked in awaited, and returns the first that can replace stale
// (best's judgement), or nil once each was heard or the wait is over.
func (s *Shared) awaitAnnounced(ctx Context, awaited []Mark, stale *Token) *Token {
	if len(awaited) == 0 {
		return nil
	}
	wctx, cancel := WithTimeout(ctx, s.clock, LockWait)
	defer cancel()
	for len(awaited) > 0 {
		select {
		case <-s.heardNow:
		case <-wctx.Done():
			return nil
		}
		tok := s.takeHeard()
		if tok == nil {
			continue
		}
		fp := FingerprintOf(tok)
		if best := s.best([]*Token{tok}, stale); best != nil {
			return best
		}
		kept := awaited[:0]
		for _, m := range awaited {
			if m.FP != fp {
				kept = append(kept, m)
			}
		}
		awaited = kept
	}
	return nil
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

func (s *Shared) isRefused(t *Token) bool { return s.refusedFP(FingerprintOf(t)) }

func (s *Shared) refusedFP(fp Fingerprint) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
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
