package sdk

// State is what a Keeper can do with a call now. It is computed in one
// place, stateLocked; the package doc has the table of what each event
// does in each state.
type State uint8

const (
	StateNone       State = iota // no token yet
	StateFresh                   // usable at once
	StateDue                     // usable, but inside its refresh window
	StateExpired                 // expired, or within the leeway of it
	StateRejected                // the API refused it
	StateRefreshing              // a refresh is in flight; calls wait for it
	StateClosed                  // Close was called
)

var stateNames = [...]string{"none", "fresh", "due", "expired", "rejected", "refreshing", "closed"}

func (s State) String() string { return stateNames[s] }

// usable reports whether a call may still be sent with the token.
func (s State) usable() bool { return s == StateFresh || s == StateDue }

// reason is why a refresh begun in state s is wanted, as Sources hear it.
// A refresh asked for while the token is fresh (the user's retry) is a
// routine one.
func (s State) reason() Reason {
	switch s {
	case StateNone:
		return ReasonInitial
	case StateRejected:
		return ReasonRejected
	case StateExpired:
		return ReasonExpired
	}
	return ReasonExpiring
}

func (k *Keeper) stateLocked(now Instant) State {
	switch {
	case k.closed:
		return StateClosed
	case k.flight != nil:
		return StateRefreshing
	}
	return k.tokenStateLocked(now)
}

// tokenStateLocked is the state of the token alone, as if no refresh were
// in flight: what a failed refresh falls back to.
func (k *Keeper) tokenStateLocked(now Instant) State {
	switch {
	case k.tok == nil:
		return StateNone
	case k.gen == k.rejected:
		return StateRejected
	case k.tok.Expired(now, k.leeway):
		return StateExpired
	case k.window > 0 && k.tok.Due(now, k.window):
		return StateDue
	}
	return StateFresh
}

// flight is one refresh in progress; done opens when tok/gen/err are set.
type flight struct {
	_    NoCompare
	done *Latch
	tok  *Token
	gen  uint64
	err  error
}

// beginLocked is how every caller begins a refresh: it reports a token
// newly found expired, joins the refresh in flight or starts one, and
// reports the failure episode a refused start opens. The events are the
// caller's to emit once it has unlocked.
func (k *Keeper) beginLocked(now Instant) (*flight, []Event, error) {
	ev := k.noticeExpiryLocked(now)
	f, err := k.startLocked(now)
	return f, append(ev, k.failedLocked(err, now)...), err
}

// startLocked joins the refresh in flight or starts one, unless the Source
// refuses or the breaker is open.
func (k *Keeper) startLocked(now Instant) (*flight, error) {
	s := k.stateLocked(now)
	switch s {
	case StateClosed:
		return nil, ClosedError()
	case StateRefreshing:
		return k.flight, nil
	}
	why := s.reason()
	if r, ok := k.src.(Refuser); ok {
		if err := r.Refuse(k.tok, why, now); err != nil {
			return nil, err
		}
	}
	// The first token is no refresh: only refreshes count for the breaker.
	if why != ReasonInitial {
		if err := k.breaker.allow(now); err != nil {
			return nil, err
		}
	}
	f := &flight{done: NewLatch()}
	k.flight = f
	go k.run(f, k.tok, why)
	return f, nil
}

func (k *Keeper) run(f *flight, stale *Token, why Reason) {
	tok, err := k.fetch(stale, why)
	now := k.clock.Now()
	k.mu.Lock()
	var events []Event
	switch {
	case k.closed:
		tok.Wipe()
		tok, err = nil, ClosedError()
	case err == nil:
		events = k.adoptLocked(tok, now)
		f.gen = k.gen
	default:
		tok = nil
		events = k.failedLocked(err, now)
	}
	k.flight = nil
	f.tok, f.err = tok, err
	k.mu.Unlock()
	// Observers hear first, so a page sees the notification no later than
	// the rejected calls.
	k.emit(events)
	f.done.Open()
}

// adoptLocked makes tok the token, of a new generation, and reports it.
func (k *Keeper) adoptLocked(tok *Token, now Instant) []Event {
	k.tok.Wipe() // replaced: nothing hands it out again
	k.tok = tok
	k.gen++
	events := []Event{{Kind: EventToken, Token: tok}}
	if k.failing {
		k.failing = false
		events = append(events, Event{Kind: EventRecovered})
	}
	k.scheduleLocked(now)
	return events
}

// failedLocked starts a failure episode when the token is lost for good:
// reported once, until a refresh succeeds. A nil err reports nothing, so
// callers pass whatever starting a refresh returned.
func (k *Keeper) failedLocked(err error, now Instant) []Event {
	if err == nil || k.closed || k.failing {
		return nil
	}
	e := AsError(err)
	if s := k.tokenStateLocked(now); s == StateNone || s.usable() || !notifies(e) {
		return nil
	}
	k.failing = true
	return []Event{{Kind: EventRefreshError, Err: e}}
}

// noticeExpiryLocked reports the current token as expired, once.
func (k *Keeper) noticeExpiryLocked(now Instant) []Event {
	if k.tok == nil || k.gen == k.expired || !k.tok.Expired(now, k.leeway) {
		return nil
	}
	k.expired = k.gen
	return []Event{{Kind: EventExpired, Token: k.tok}}
}

// scheduleLocked arms the timer for the refresh window of the current
// token. Timers are capped at MaxTimerDelay; a capped one re-arms itself.
func (k *Keeper) scheduleLocked(now Instant) {
	if k.stop != nil {
		k.stop()
		k.stop = nil
	}
	if k.window <= 0 || k.tok == nil || k.tok.Expiry.IsZero() || k.closed {
		return
	}
	d := min(max(k.tok.RefreshAt(k.window).Sub(now), 0), MaxTimerDelay)
	k.stop = k.clock.AfterFunc(d, k.onTimer)
}

// onTimer acts on the refresh window only: an expired or rejected token
// outside it waits for a call, as the Domain Key rule wants.
func (k *Keeper) onTimer() {
	now := k.clock.Now()
	k.mu.Lock()
	switch k.stateLocked(now) {
	case StateNone, StateRefreshing, StateClosed:
		k.mu.Unlock()
		return
	}
	if k.window == 0 || !k.tok.Due(now, k.window) {
		k.scheduleLocked(now) // a capped timer, or the clock moved back
		k.mu.Unlock()
		return
	}
	if k.stop != nil { // armed still, when Wake came first
		k.stop()
		k.stop = nil
	}
	_, ev, _ := k.beginLocked(now)
	k.mu.Unlock()
	k.emit(ev)
}

// fetch calls the Source with a timeout, and turns a panic in it into an
// error: it runs on its own goroutine, where a panic would end the program.
func (k *Keeper) fetch(stale *Token, why Reason) (tok *Token, err error) {
	ctx, cancel := WithTimeout(k.life, k.clock, k.timeout)
	defer cancel()
	defer func() {
		if r := recover(); r != nil {
			tok, err = nil, &Error{Code: CodeInternal, Message: "token source panicked", Cause: PanicError(r)}
		}
	}()
	tok, err = k.src.Token(ctx, stale, why)
	switch {
	case err != nil:
		return nil, AsError(err)
	case tok == nil:
		return nil, badResponse("token source returned no token")
	}
	return tok, nil
}

func (k *Keeper) wait(ctx Context, f *flight) (*Token, uint64, error) {
	if err := f.done.Wait(ctx); err != nil {
		return nil, 0, ContextError(err, nil)
	}
	// The observer heard first and may have closed the client: the token
	// Close wiped is never handed out.
	k.mu.Lock()
	closed := k.closed
	k.mu.Unlock()
	if closed && f.err == nil {
		return nil, 0, ClosedError()
	}
	return f.tok, f.gen, f.err
}
