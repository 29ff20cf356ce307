package sdk

// Reason says why a new token is wanted. Hooks receive it, so a page can
// tell a routine refresh from a rejected token.
type Reason int

const (
	ReasonInitial  Reason = iota // no token yet
	ReasonExpiring               // inside the refresh window, still valid
	ReasonExpired                // expired (or within the leeway)
	ReasonRejected               // the API refused it (401, or the gateway's 403)
)

func (r Reason) String() string {
	switch r {
	case ReasonExpiring:
		return "expiring"
	case ReasonExpired:
		return "expired"
	case ReasonRejected:
		return "rejected"
	}
	return "initial"
}

// Source obtains a new token. stale is the token being replaced (nil for the
// first one); sources that refresh with the old token use it.
type Source interface {
	Token(ctx Context, stale *Token, why Reason) (*Token, error)
}

// Refuser is a Source that can tell, without sending anything, that it
// cannot replace a token (e.g. an expired access token and no hook). The
// client then fails at once: nothing is started, the breaker counts nothing.
// The Keeper asks under its lock, so Refuse decides from its arguments (now
// is the Keeper's clock) and what it holds, and calls nothing else.
type Refuser interface {
	Refuse(stale *Token, why Reason, now Instant) error
}

// SourceFunc adapts a function to Source.
type SourceFunc func(ctx Context, stale *Token, why Reason) (*Token, error)

func (f SourceFunc) Token(ctx Context, stale *Token, why Reason) (*Token, error) {
	return f(ctx, stale, why)
}
