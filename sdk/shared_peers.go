package sdk

// What a Shared source hears from the other pages (PeerListener), and how
// it judges their tokens.

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
