package sdk

import "sync"

// Sessions keeps one client's product sessions, one per product of
// sessionSpecs, as its Keeper keeps its token: a session is started on
// first use, once however many calls ask together (single-flight), and
// started anew before a call when it has gone idle past its lifetime
// (StartIdle) or after the API answered it expired (StartExpired). Each
// replacement is reported as EventSession.
//
// The browser's bridge sends the calls itself: it asks Ready (at once, no
// network) and, when that gives nothing, Session, whose session it checks
// against the call's URL with ProductSession.Allow; it hands a call
// answered "Session expired" (SessionExpired) to Expired and replays the
// call once with what that returns; after any other answer it calls
// Touch, which slides the session's lifetime.
//
// Sessions start through the Transport with the Keeper's token, the API
// key and the product headers, under the exchange's RetryPolicy (see
// Config.NewSessions).
type Sessions struct {
	keeper    *Keeper
	header    map[string]string // x-inbenta-key and the product headers; never changed
	transport Transport
	policy    RetryPolicy
	clock     Clock
	observer  func(Event)
	timeout   Duration // bounds one start, its retries and token refresh included

	life   Context // cancelled by Close; parent of every start
	cancel func()
	// store, when set, keeps the sessions for the tab's next pages, each
	// under sessionKey(storeKey, product) (see save): a product's first
	// start takes its stored session, if usable, instead of starting one.
	store    Store
	storeKey string

	mu     sync.Mutex
	slots  []slot // by row of sessionSpecs
	closed bool
}

// slot is one product's session state.
type slot struct {
	_       NoCompare
	cur     *ProductSession // nil: none yet, or ended
	gens    uint64          // sessions started so far
	lastUse Instant         // when the last call with cur left
	saved   Instant         // lastUse when cur was last saved
	used    bool            // a call with cur was answered, not "expired"
	dead    bool            // the API answered cur expired: never handed out again
	flight  *sessionFlight  // the start in progress
}

// sessionFlight is one start in progress; done opens when s or err is set.
type sessionFlight struct {
	done    *Latch
	cancel  func()
	restore bool // the product's first start here: a stored session may do
	s       *ProductSession
	err     error
}

// Ready is the per-call fast path: the product's session when a call to
// url can carry it now, nil when the call must go through Session first
// (none yet, idle, expired, or a start in flight). It sends nothing and
// allocates nothing; its errors are a product without sessions, a url
// outside the session's base, and CLOSED.
func (m *Sessions) Ready(product, url string) (*ProductSession, error) {
	now := m.clock.Now() // before locking: the browser's clock is JS
	m.mu.Lock()
	s, err := m.readyLocked(sessionIndex(product), now)
	m.mu.Unlock()
	if s != nil {
		if err := s.Allow(url); err != nil {
			return nil, err
		}
	}
	return s, err
}

// Session returns the product's session, starting one first when there
// is none or it has gone idle.
func (m *Sessions) Session(ctx Context, product string) (*ProductSession, error) {
	return m.get(ctx, sessionIndex(product), 0)
}

// Expired reports that the API answered the session of generation gen
// expired, and returns the session to replay the call with. If gen is
// current, one new session is started (StartExpired) and every caller
// that names gen gets it; a stale gen gets the current session, never a
// second start. A session that was itself started for an expiry and was
// answered expired before any call got through is not replaced again:
// SESSION_FAILED, so a server that expires every session makes no loop.
func (m *Sessions) Expired(ctx Context, product string, gen uint64) (*ProductSession, error) {
	if gen == 0 {
		return nil, newError(CodeInvalidArgument, "no session generation 0")
	}
	return m.get(ctx, sessionIndex(product), gen)
}

// Touch records that a call sent at sent (zero: now) with the session of
// generation gen got an answer other than "Session expired": the API slid
// the session's lifetime, and the session has served a call.
func (m *Sessions) Touch(product string, gen uint64, sent Instant) {
	i := sessionIndex(product)
	if sent.IsZero() {
		sent = m.clock.Now()
	}
	m.mu.Lock()
	save := false
	if i >= 0 && m.slots[i].cur != nil && m.slots[i].cur.Gen == gen && !m.slots[i].dead {
		sl := &m.slots[i]
		sl.lastUse = max(sl.lastUse, sent)
		sl.used = true
		if save = sl.lastUse.Sub(sl.saved) >= sessionHeardEvery; save {
			sl.saved = sl.lastUse
		}
	}
	m.mu.Unlock()
	if save {
		m.save(i)
	}
}

// CurrentID is the ID of the product's session as it stands (usable,
// idle, or being replaced); ok is false when there is none (not started,
// ended, closed). An observer of EventSession already reads the new one.
func (m *Sessions) CurrentID(product string) (id string, ok bool) {
	i := sessionIndex(product)
	m.mu.Lock()
	if i >= 0 && m.slots[i].cur != nil {
		id, ok = m.slots[i].cur.ID, true
	}
	m.mu.Unlock()
	return id, ok
}

// End ends the product's session: its token is wiped, a start in flight
// is abandoned (its callers get CLOSED), and the next call starts a new
// session (StartInitial, no event).
func (m *Sessions) End(product string) error {
	i := sessionIndex(product)
	if i < 0 {
		return errNoSessions
	}
	m.mu.Lock()
	f := m.dropLocked(i)
	m.mu.Unlock()
	if f != nil {
		f.cancel()
	}
	m.save(i)
	return nil
}

// Close ends every session; every later and waiting call fails with
// CLOSED. It is safe to call more than once. Cancelling life abandons the
// starts in flight.
func (m *Sessions) Close() {
	m.mu.Lock()
	m.closed = true
	for i := range m.slots {
		m.dropLocked(i)
	}
	m.mu.Unlock()
	m.cancel()
}

// dropLocked wipes slot i's session and returns its start in flight,
// to be cancelled outside the lock (a timer's stop may call into JS).
func (m *Sessions) dropLocked(i int) *sessionFlight {
	sl := &m.slots[i]
	f := sl.flight
	sl.cur.wipe()
	sl.cur, sl.flight, sl.dead, sl.used = nil, nil, false, false
	return f
}

// readyLocked is slot i's session when a call can carry it at now; the
// error is for a product without sessions (i < 0) or a closed client.
func (m *Sessions) readyLocked(i int, now Instant) (*ProductSession, error) {
	switch {
	case i < 0:
		return nil, errNoSessions
	case m.closed:
		return nil, ClosedError()
	}
	sl := &m.slots[i]
	idle := now.Sub(sl.lastUse) >= sessionSpecs[i].Idle-SessionLeeway
	if sl.cur == nil || sl.flight != nil || sl.dead || idle {
		return nil, nil
	}
	return sl.cur, nil
}

// get returns slot i's session; expired, when not 0, is a generation the
// API just answered expired.
func (m *Sessions) get(ctx Context, i int, expired uint64) (*ProductSession, error) {
	now := m.clock.Now()
	m.mu.Lock()
	if i >= 0 && !m.closed {
		sl := &m.slots[i]
		if cur := sl.cur; cur != nil && cur.Gen == expired && !sl.dead {
			if cur.Reason == StartExpired && !sl.used {
				m.mu.Unlock()
				return nil, &Error{Code: CodeSessionFailed, Status: 400,
					Message: "the API answered a new session expired before any call got through; end() the session to try another"}
			}
			sl.dead = true
		}
	}
	s, err := m.readyLocked(i, now)
	if s != nil || err != nil {
		m.mu.Unlock()
		return s, err
	}
	f := m.slots[i].flight
	if f == nil {
		// The one start every caller waits for. Its timer is set in run:
		// a timer is a JS call, never made under a lock.
		ctx, cancel := WithCancel(m.life)
		f = &sessionFlight{done: NewLatch(), cancel: cancel, restore: m.slots[i].gens == 0}
		m.slots[i].flight = f
		go m.run(ctx, i, f)
	}
	m.mu.Unlock()
	if err := f.done.Wait(ctx); err != nil {
		return nil, ContextError(err, nil)
	}
	if f.err == nil {
		if err := m.stillHeld(i, f.s); err != nil {
			return nil, err
		}
	}
	return f.s, f.err
}

// stillHeld reports why s, the session a start just adopted, cannot be
// handed out: its observers heard first, and one may have ended it or
// closed the client, wiping it.
func (m *Sessions) stillHeld(i int, s *ProductSession) error {
	m.mu.Lock()
	closed, cur := m.closed, m.slots[i].cur
	m.mu.Unlock()
	switch {
	case closed:
		return ClosedError()
	case cur != s:
		return errSessionEnded
	}
	return nil
}
