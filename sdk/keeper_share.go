package sdk

// What a Keeper does for the other pages it shares tokens with (Shared).

// Offer adopts tok, a token another page obtained, when it can replace the
// Keeper's own: no refresh is in flight (that one hears tok through
// Shared), tok is usable here (by this page's clock, leeway and refresh
// window) and either newer than the token held or the token held is no
// longer usable. The Keeper then owns tok; it reports whether it took it.
func (k *Keeper) Offer(tok *Token) bool {
	now := k.clock.Now()
	k.mu.Lock()
	state := k.stateLocked(now)
	cur := k.tok
	take := state != StateClosed && state != StateRefreshing && k.usableHere(tok, now) &&
		(cur == nil || tok.AccessToken != cur.AccessToken) &&
		(!state.usable() || newer(tok, cur))
	var events []Event
	if take {
		events = k.adoptLocked(tok, now)
	}
	k.mu.Unlock()
	k.emit(events)
	return take
}

// replaces reports whether tok, from another page, can stand for stale in
// a refresh: usable here, another token, and not older than stale (two
// tokens obtained in the same second may expire at the same second).
func (k *Keeper) replaces(tok, stale *Token) bool {
	if !k.usableHere(tok, k.clock.Now()) {
		return false
	}
	return stale == nil || (tok.AccessToken != stale.AccessToken && !newer(stale, tok))
}

// usableHere reports whether tok could be sent now without a refresh:
// neither expired nor inside the refresh window. leeway and window never
// change after NewKeeper.
func (k *Keeper) usableHere(tok *Token, now Instant) bool {
	return !tok.Expired(now, k.leeway) && !(k.window > 0 && tok.Due(now, k.window))
}

// refreshing reports whether a refresh is in flight.
func (k *Keeper) refreshing() bool {
	k.mu.Lock()
	f := k.flight
	k.mu.Unlock()
	return f != nil
}
