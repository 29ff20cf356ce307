package sdk

// A client's product sessions kept for the tab's next pages (options.persist
// 'session'), in their own entry beside the token's: a conversation
// outlives the token it started with. Any script of the origin can write
// the entry, so a stored session is read as a start answer is, and taken
// only where the page would start its product's first session, at the
// product base of the token it would start it with.

// sessionHeardEvery is how far a session's last use must move for Touch
// to save it: a write per call would cost every call, and a last use that
// lags by this much only starts the next page's session that much early.
const sessionHeardEvery = Minute

// StoredSession is a product session as its entry keeps it, with when it
// was last used.
type StoredSession struct {
	Session *ProductSession
	LastUse Instant
}

// Pairs is s as its entry holds it, name-value pairs: the start answer's
// token and ID fields, the product base it goes to and its last use (Unix
// seconds). The token is the session's own bytes: the Store copies them
// out at once.
func (s StoredSession) Pairs() []any {
	spec := &sessionSpecs[sessionIndex(s.Session.Product)]
	kv := []any{spec.TokenField, s.Session.Token(), "base", s.Session.Base, "lastUse", float64(s.LastUse) / float64(Second)}
	if spec.IDField != "" {
		kv = append(kv, spec.IDField, s.Session.ID)
	}
	return kv
}

// sessionKey is the entry of the product's session of the client whose
// token's entry is tokenKey: one per product, so that each is saved on
// its own, and a product not used yet on a page keeps its entry.
func sessionKey(tokenKey, product string) string { return tokenKey + "\nsession\n" + product }

// parseStoredSession reads spec's product's entry v (StoredSession's
// Pairs) for a session to go to base: as many fields, read as a start
// answer (the token's characters and size, the ID's), base the same, used
// no later than now and not idle. nil when any of it fails.
func parseStoredSession(v any, spec *SessionSpec, base string, now Instant) *ProductSession {
	part, _ := v.(map[string]any)
	used, _ := part["lastUse"].(float64)
	at, err := unixToInstant(used)
	fields := 3 // the token, base and lastUse; and the ID's where there is one
	if spec.IDField != "" {
		fields++
	}
	if len(part) != fields || part["base"] != base || err != nil || at > now || now.Sub(at) >= spec.Idle-SessionLeeway {
		return nil
	}
	s, err := parseSessionAnswer(part, spec, base, at)
	if err != nil {
		return nil
	}
	return s
}

// restored is the stored session of spec's product at base, or nil.
func (m *Sessions) restored(spec *SessionSpec, base string) *ProductSession {
	if m.store == nil {
		return nil
	}
	return parseStoredSession(m.store.Load(sessionKey(m.storeKey, spec.Product)), spec, base, m.clock.Now())
}

// save writes slot i's session to m's Store when a next page could go on
// with it (usable or idle, not answered expired), or removes its entry.
// Never under m.mu: a Store may run page code. A closed m saves nothing:
// the page is going, or made another client that goes on with it.
func (m *Sessions) save(i int) {
	if m.store == nil {
		return
	}
	m.mu.Lock()
	sl, closed := m.slots[i], m.closed
	m.mu.Unlock()
	key := sessionKey(m.storeKey, sessionSpecs[i].Product)
	switch {
	case closed:
	case sl.cur != nil && !sl.dead:
		m.store.Save(key, Record{Session: &StoredSession{Session: sl.cur, LastUse: sl.lastUse}})
	default:
		m.store.Remove(key)
	}
}
