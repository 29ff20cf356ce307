package sdk

import "sync"

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

// Shared is a Source that shares tokens with the other pages of its group
// (see Peers), getting them from src only when no page has one. Bind it to
// the Keeper it serves.
type Shared struct {
	src   Source
	peers Peers
	clock Clock

	mu       sync.Mutex
	keeper   *Keeper
	heard    *Token // announced while a refresh was in flight, for it
	heardNow *Latch // opens when heard is set, for a refresh awaiting it
	trust    trust
}

// NewShared shares src's tokens through peers.
func NewShared(src Source, peers Peers, clock Clock) *Shared {
	s := &Shared{src: src, peers: peers, clock: clock}
	peers.Listen(s)
	return s
}

// Bind names the Keeper s serves: s offers it the tokens other pages
// announce, and judges them by its leeway and refresh window. The product
// APIs of the token the Keeper starts with (access-token mode) are the
// ones this page knows.
func (s *Shared) Bind(k *Keeper) {
	s.mu.Lock()
	s.keeper = k
	s.mu.Unlock()
	if tok := k.Current(); tok != nil {
		s.know(tok, true)
	}
}

// Refuse lets src refuse without sending anything, as when it is alone.
func (s *Shared) Refuse(stale *Token, why Reason, now Instant) error {
	if r, ok := s.src.(Refuser); ok {
		return r.Refuse(stale, why, now)
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
		s.mu.Lock()
		s.trust.refused.add(fp)
		s.mu.Unlock()
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
		s.know(tok, true)
		if !tok.Expiry.IsZero() { // the other pages would not believe it
			s.peers.Announce(tok)
		}
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

// awaited is what of marks a refresh of stale should wait for: tokens
// obtained since this page joined (Ask leaves out the rest, whose
// announcements came before it listened), which it has not seen refused,
// unexpired, not older than stale and that it could believe (an expiry
// known, within MaxSharedLife).
func (s *Shared) awaited(marks []Mark, stale *Token) []Mark {
	if s.distrustsPeers() {
		return nil
	}
	var staleFP Fingerprint
	if stale != nil {
		staleFP = FingerprintOf(stale)
	}
	now := s.clock.Now()
	out := marks[:0]
	for _, m := range marks {
		t := Token{Expiry: m.Expiry}
		if (stale != nil && (m.FP == staleFP || newer(stale, &t))) || t.Expired(now, 0) ||
			m.Expiry.IsZero() || m.Expiry.Sub(now) > MaxSharedLife || s.refusedFP(m.FP) {
			continue
		}
		out = append(out, m)
	}
	return out
}

// awaitHeard returns once a token announced while this refresh is in
// flight was heard, or ctx's error.
func (s *Shared) awaitHeard(ctx Context) error {
	s.mu.Lock()
	if s.heard != nil {
		s.mu.Unlock()
		return nil
	}
	l := NewLatch()
	s.heardNow = l
	s.mu.Unlock()
	return l.Wait(ctx)
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
		if s.awaitHeard(wctx) != nil {
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
	tok := s.heard
	s.heard = nil
	s.mu.Unlock()
	return tok
}
