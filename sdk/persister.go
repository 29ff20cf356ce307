package sdk

import "sync"

// persister keeps a client's entry in its Store in step with its Keeper,
// from the Keeper's events: each token it adopts is saved (its own, or
// one another page announced), and a token the API refused is removed
// (another page's word that it was is a rumour: see HeardRefused). It
// calls the Store outside its lock: a Store may run page code.
type persister struct {
	_     NoCompare
	store Store
	key   string
	clock Clock

	mu    sync.Mutex
	saved Fingerprint // of the token in the store; 0 when none
}

// persisting sets c's Observer to keep c's Store too (see persister),
// under the key of the client of domainKey ("" in access-token mode), and
// returns that persister and the usable token that Store held, restored;
// nil and nil when c has no Store. The restored token is nil when there is
// none, when the client sent its first exchange already (Exchanging), or
// when ParseStored refuses the entry, which is then removed.
func (c *Config) persisting(domainKey string) (*persister, *Token) {
	key, err := StoreKey(c.Options.AuthURL, c.APIKey, domainKey)
	if c.Store == nil || err != nil {
		return nil, nil
	}
	p := &persister{store: c.Store, key: key, clock: c.Clock}
	var tok *Token
	if v := c.Store.Load(key); v != nil && !c.Exchanging {
		base, _ := AuthBase(c.Options.AuthURL)
		if tok, err = ParseStored(v, base, c.Clock.Now(), c.leeway()); err != nil {
			c.Store.Remove(key)
		} else {
			p.saved = FingerprintOf(tok)
		}
	}
	next := c.Observer
	c.Observer = func(ev Event) {
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
	return p, tok
}

// save stores tok, with the time it was saved as when it was obtained if
// that is unknown (a token the page gave). A token without an expiration
// (a page's, valid until refused) cannot be restored: the entry is
// removed instead, so that no older token stands for it.
func (p *persister) save(tok *Token) {
	fp := FingerprintOf(tok)
	if tok.Expiry.IsZero() {
		fp = 0
	}
	p.mu.Lock()
	same := p.saved == fp
	p.saved = fp
	p.mu.Unlock()
	switch {
	case fp == 0:
		p.store.Remove(p.key)
	case !same:
		if tok.Obtained.IsZero() {
			c := *tok
			c.Obtained = p.clock.Now()
			tok = &c
		}
		p.store.Save(p.key, Record{Token: tok})
	}
}

// drop removes the stored token when it is tok, which the API refused.
func (p *persister) drop(tok *Token) {
	fp := FingerprintOf(tok)
	p.mu.Lock()
	hit := p.saved == fp
	if hit {
		p.saved = 0
	}
	p.mu.Unlock()
	if hit {
		p.store.Remove(p.key)
	}
}
