package sdk

// What a Shared source hears from the other pages (PeerListener), and how
// it judges their tokens.

// Heard takes a token another page announces, when this page believes it
// (admits): the Keeper adopts it when it is newer than its own; while a
// refresh is in flight it is kept (the newest one) for that refresh, which
// takes it once it holds the lock.
func (s *Shared) Heard(tok *Token) {
	s.mu.Lock()
	k := s.keeper
	s.mu.Unlock()
	switch {
	case k == nil || !s.admits(tok):
	case k.Offer(tok):
		s.know(tok, false)
		return
	case k.refreshing():
		var now *Latch
		s.mu.Lock()
		if s.heard == nil || newer(tok, s.heard) {
			tok, s.heard = s.heard, tok
			now, s.heardNow = s.heardNow, nil
		}
		s.mu.Unlock()
		if now != nil {
			now.Open()
		}
	}
	tok.Wipe()
}

// HeardRefused notes a token another page says the API refused. It is a
// rumour (any script of the origin can say so): this page neither shares
// that token nor adopts it from another page, but keeps sending it if it
// holds it, and its next call is the check; only the API's own refusal
// makes it replace the token.
func (s *Shared) HeardRefused(fp Fingerprint) {
	s.mu.Lock()
	s.trust.doubted.add(fp)
	s.mu.Unlock()
}

// Held is the token this page can share now, or nil: one a call could use
// at once here (Keeper.Ready), not one being replaced, and one the other
// pages would believe (its expiry known) and not heard refused.
func (s *Shared) Held() *Token {
	s.mu.Lock()
	k := s.keeper
	s.mu.Unlock()
	if k == nil {
		return nil
	}
	tok, _ := k.Ready()
	if tok == nil || tok.Expiry.IsZero() || s.isRefused(tok) {
		return nil
	}
	return tok
}

// best is the newest of toks (nil ones skipped) that this page believes
// and that can replace stale, or nil; the others are wiped.
func (s *Shared) best(toks []*Token, stale *Token) *Token {
	s.mu.Lock()
	k := s.keeper
	s.mu.Unlock()
	var best *Token
	for _, t := range toks {
		if t == nil {
			continue
		}
		if k == nil || !s.admits(t) || !k.replaces(t, stale) || (best != nil && !newer(t, best)) {
			t.Wipe()
			continue
		}
		best.Wipe()
		best = t
	}
	if best != nil && s.distrustsPeers() {
		best.Wipe()
		return nil
	}
	if best != nil {
		s.know(best, false)
	}
	return best
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
