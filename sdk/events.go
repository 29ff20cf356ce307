package sdk

// EventKind names what an Event reports.
type EventKind int

const (
	// EventToken: a new token was obtained.
	EventToken EventKind = iota
	// EventRefreshError: the token could not be refreshed and is no longer
	// usable. Reported once per failure episode, however many calls fail.
	EventRefreshError
	// EventRecovered: a refresh succeeded after an EventRefreshError; the
	// episode is over.
	EventRecovered
	// EventExpired: the client found its token expired (on a call, or when
	// the page came back). Reported once per token.
	EventExpired
	// EventSession: a product session was replaced by a new one, because
	// it went idle or the API answered it expired (see Sessions).
	EventSession
	// EventRejected: the API refused the token held: it is never sent
	// again. Reported once per token.
	EventRejected
)

// Event is what a Client reports to its observer, outside its locks.
type Event struct {
	Kind    EventKind
	Token   *Token         // EventToken, EventExpired, EventRejected
	Err     *Error         // EventRefreshError
	Session *SessionChange // EventSession
}

// SessionChange is what EventSession reports: the page's "new
// conversation".
type SessionChange struct {
	_              NoCompare
	Product        string
	Reason         StartReason // StartIdle or StartExpired
	PreviousID, ID string      // the sessions' IDs; "" for products that name none
}

// notifies reports whether a failure should reach the user as a refresh
// error: a hook or refresh that failed, or an error retrying cannot fix.
// A passing network error does not: the next call retries.
func notifies(e *Error) bool {
	return e.Code == CodeRefreshFailed || e.Code == CodeTokenExpired || !e.Retryable
}
