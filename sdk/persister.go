package sdk

import "sync"

// persister keeps a client's Store in step with its Keeper, from the
// Keeper's events: each token it adopts is saved (its own, or one another
// page announced), and a token the API refused, here or in another page,
// is removed. It calls the Store outside its lock: a Store may run page
// code.
type persister struct {
	store Store
	clock Clock

	mu    sync.Mutex
	saved Fingerprint // of the token in the store; 0 when none
	exp   Instant     // its expiry
}

// newPersister keeps store, which holds restored (nil when nothing was
// restored).
func newPersister(store Store, clock Clock, restored *Token) *persister {
	p := &persister{store: store, clock: clock}
	if restored != nil {
		p.saved, p.exp = FingerprintOf(restored), restored.Expiry
	}
	return p
}

// observe is next, with the store kept in step first.
func (p *persister) observe(next func(Event)) func(Event) {
	return func(ev Event) {
		switch ev.Kind {
		case EventToken:
			p.save(ev.Token)
		case EventRejected:
			p.drop(ev.Token)
		}
		if next != nil {
			next(ev)
		}
	}
}

// save stores tok unless the store holds a newer token already (events of
// two refreshes may arrive out of order). A token without an expiration
// (a page's, valid until refused) cannot be restored: the entry is
// removed instead, so that no older token stands for it.
func (p *persister) save(tok *Token) {
	if tok.Expiry.IsZero() {
		p.mu.Lock()
		p.saved, p.exp = 0, 0
		p.mu.Unlock()
		p.store.Remove()
		return
	}
	fp := FingerprintOf(tok)
	p.mu.Lock()
	keep := p.saved != fp && (p.saved == 0 || newer(tok, &Token{Expiry: p.exp}))
	if keep {
		p.saved, p.exp = fp, tok.Expiry
	}
	p.mu.Unlock()
	if keep {
		rec := Record{Token: tok, Obtained: tok.Obtained}
		if rec.Obtained.IsZero() {
			rec.Obtained = p.clock.Now()
		}
		p.store.Save(rec)
	}
}

// drop removes the stored token when it is tok, which the API refused.
func (p *persister) drop(tok *Token) {
	fp := FingerprintOf(tok)
	p.mu.Lock()
	hit := p.saved == fp
	if hit {
		p.saved, p.exp = 0, 0
	}
	p.mu.Unlock()
	if hit {
		p.store.Remove()
	}
}

// restore is the usable token c's Store holds for a client of the Auth API
// at base, or nil: nothing stored, a client that already sent its first
// exchange (Exchanging), or an entry ParseStored refuses, which is removed.
func (c Config) restore(base string) *Token {
	if c.Store == nil || c.Exchanging {
		return nil
	}
	v := c.Store.Load()
	if v == nil {
		return nil
	}
	tok, err := ParseStored(v, base, c.Clock.Now(), c.leeway())
	if err != nil {
		c.Store.Remove()
		return nil
	}
	return tok
}

// persisting is c with its Observer keeping c.Store (see persister),
// which holds restored; c itself when it has no Store.
func (c Config) persisting(restored *Token) (Config, *persister) {
	if c.Store == nil {
		return c, nil
	}
	p := newPersister(c.Store, c.Clock, restored)
	c.Observer = p.observe(c.Observer)
	return c, p
}
