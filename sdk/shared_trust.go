package sdk

// What a page believes of the other pages (docs/tab-protocol.md, "What a
// page believes"): any script of the origin can speak on their channel, so
// a peer's token is believed only when it names the product origins this
// page knows, and a peer's refusal is a rumour.

// trust is a Shared source's belief, guarded by its mu.
type trust struct {
	// known maps each product to the origin this page knows for it: those
	// of its own Source's last token, or of the token it started with;
	// else of the first peer token it adopted (trust on first use). nil
	// while it knows none.
	known map[string]string
	// While known is nil: the origins the peers' tokens named so far, and
	// whether two of them named different ones. A page told different
	// things believes no peer until its own Source gave it a token.
	seen     map[string]string
	conflict bool

	refused fpRing // tokens the API refused to this page
	doubted fpRing // tokens another page said the API refused
}

// know makes the origins of tok's product APIs the ones this page knows:
// always for a token of its own Source (own), else (a peer's token it
// adopted) when it knew none.
func (s *Shared) know(tok *Token, own bool) {
	if len(tok.APIs) == 0 {
		return
	}
	origins := originsOf(tok.APIs)
	s.mu.Lock()
	if own || s.trust.known == nil {
		s.trust.known, s.trust.seen, s.trust.conflict = origins, nil, false
	}
	s.mu.Unlock()
}

// admits reports whether this page can believe tok, a peer's token: not
// refused nor heard refused, and naming the origins it knows; when it knows
// none, the same origins as every peer token before it.
func (s *Shared) admits(tok *Token) bool {
	fp := FingerprintOf(tok)
	origins := originsOf(tok.APIs)
	s.mu.Lock()
	defer s.mu.Unlock()
	t := &s.trust
	switch {
	case t.refused.has(fp) || t.doubted.has(fp):
		return false
	case t.known != nil:
		return checkOrigins(tok, t.known) == nil
	case t.conflict:
		return false
	case t.seen == nil:
		t.seen = origins
		return true
	case checkOrigins(tok, t.seen) != nil:
		t.conflict = true
		return false
	}
	return true
}

// distrustsPeers reports whether this page, knowing no origins, was told
// different ones: it believes no peer then.
func (s *Shared) distrustsPeers() bool {
	s.mu.Lock()
	distrusts := s.trust.known == nil && s.trust.conflict
	s.mu.Unlock()
	return distrusts
}

func (s *Shared) isRefused(t *Token) bool { return s.refusedFP(FingerprintOf(t)) }

// refusedFP reports whether the token of fingerprint fp was refused here,
// or heard refused.
func (s *Shared) refusedFP(fp Fingerprint) bool {
	s.mu.Lock()
	refused := s.trust.refused.has(fp) || s.trust.doubted.has(fp)
	s.mu.Unlock()
	return refused
}

// fpRing remembers the last fingerprints added (never 0): a page keeps no
// copy of a token it will not use.
type fpRing struct {
	fps  [8]Fingerprint
	next int // where the next one goes
}

func (r *fpRing) add(fp Fingerprint) {
	if fp == 0 || r.has(fp) {
		return
	}
	r.fps[r.next] = fp
	r.next = (r.next + 1) % len(r.fps)
}

func (r *fpRing) has(fp Fingerprint) bool {
	for _, f := range r.fps {
		if f == fp && f != 0 {
			return true
		}
	}
	return false
}
