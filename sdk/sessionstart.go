package sdk

// start starts a session of spec's product with the Keeper's token, or,
// when restore is set, takes the stored one at the token's base. A
// token the API refuses goes through Keeper.Rejected once, and the start
// is sent once more with the token that gives. Token failures keep their
// own codes; the start's are SESSION_FAILED, with the API's answer as the
// cause (RATE_LIMITED, SERVER_ERROR, NETWORK, BAD_RESPONSE, ...).
func (m *Sessions) start(ctx Context, spec *SessionSpec, restore bool) (s *ProductSession, err error) {
	// It runs on its own goroutine, where a panic would end the program.
	defer func() {
		if r := recover(); r != nil {
			s, err = nil, &Error{Code: CodeInternal, Message: "starting a session panicked", Cause: PanicError(r)}
		}
	}()
	failed := "the " + spec.Product + " session could not be started"
	tok, gen, err := m.keeper.Token(ctx)
	for retried := false; err == nil; retried = true {
		base, ok := productBase(tok.APIs[spec.Product])
		if !ok {
			return nil, &Error{Code: CodeSessionFailed, Message: failed + ": the token's apis have no URL for it"}
		}
		if restore && !retried {
			if s := m.restored(spec, base); s != nil {
				return s, nil
			}
		}
		refused := false
		err = m.policy.do(ctx, func(ctx Context) error {
			sent := m.clock.Now()
			resp, err := m.transport.RoundTrip(ctx, &Request{Method: "POST", URL: base + spec.Start, Header: m.header, Bearer: tok})
			if err != nil {
				return err
			}
			if refused = TokenRejected(resp.Status, resp.JSON); resp.Status/100 != 2 {
				e := &Error{Code: CodeSessionFailed, Status: resp.Status, Message: apiMessage(resp.JSON),
					Retryable: resp.Status == 429 || resp.Status >= 500}
				if e.Message == "" {
					e.Message = failed
				}
				if e.Retryable {
					e.RetryAfter = retryAfter(resp.Header, m.clock.Now())
				}
				return e
			}
			s, err = parseSessionAnswer(resp.JSON, spec, base, sent)
			return err
		})
		if err == nil {
			return s, nil
		}
		if !refused || retried {
			if e := AsError(err); e.Code != CodeSessionFailed {
				err = &Error{Code: CodeSessionFailed, Message: failed, Status: e.Status, Retryable: e.Retryable, Cause: e}
			}
			return nil, err
		}
		tok, gen, err = m.keeper.Rejected(ctx, gen)
	}
	return nil, err
}

// run starts slot i's session and adopts it, unless the session was
// ended or the client closed meanwhile.
func (m *Sessions) run(ctx Context, i int, f *sessionFlight) {
	ctx, stop := WithTimeout(ctx, m.clock, m.timeout)
	s, err := m.start(ctx, &sessionSpecs[i], f.restore)
	stop()
	f.cancel()
	m.mu.Lock()
	sl := &m.slots[i]
	var change *SessionChange
	switch {
	case sl.flight != f:
		s.wipe()
		s, err = nil, errSessionEnded
	case err == nil:
		s.Reason = StartInitial
		if prev := sl.cur; prev != nil {
			s.Reason = StartIdle
			if sl.dead {
				s.Reason = StartExpired
			}
			change = &SessionChange{Product: s.Product, Reason: s.Reason, PreviousID: prev.ID, ID: s.ID}
			prev.wipe()
		}
		sl.gens++
		s.Gen = sl.gens
		sl.cur, sl.lastUse, sl.saved, sl.used, sl.dead = s, s.Started, s.Started, false, false
	}
	if sl.flight == f {
		sl.flight = nil
	}
	f.s, f.err = s, err
	m.mu.Unlock()
	// Observers hear first, so a page shows "new conversation" no later
	// than the replayed call's answer.
	if change != nil && m.observer != nil {
		m.observer(Event{Kind: EventSession, Session: change})
	}
	if err == nil {
		m.save(i)
	}
	f.done.Open()
}

var errSessionEnded = &Error{Code: CodeClosed, Message: "the session was ended"}

var errNoSessions = &Error{Code: CodeInvalidArgument,
	Message: "sessions are for chatbot, search and knowledge; use client.fetch for other products"}
