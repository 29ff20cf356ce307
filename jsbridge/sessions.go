//go:build js && wasm

package jsbridge

import (
	"syscall/js"

	"github.com/inbenta-community/inbenta-auth/sdk"
)

// client.session(product) is the loader's too: a session call goes the
// way of client.fetch (web/loader/src/client/send.js), and Go decides the
// session as it decides the token (sdk.Sessions). JS knows a session by
// its generation and gets its values once per generation, as a token's.

// The replays a session call may still make, one of each at most: bits
// the loader passes to sessionRejected, which answers the one it spent.
const (
	replayToken   = 1 // after the API refused the token
	replaySession = 2 // after the API answered "Session expired"
)

// sessionVerdict(handle, product, url, generation, session) answers at
// once: 1 when the call can go now with the values JS holds (token
// generation and session generation), the values to send it with when JS
// holds older ones, 0 when the session or the token must be obtained first
// (session), or an Error when the call cannot be made.
func sessionVerdict(_ js.Value, args []js.Value) any {
	b := bindingOf(args)
	if b == nil {
		return toJSError(sdk.ClosedError())
	}
	product, url, err := sessionArgs(args)
	if err != nil {
		return toJSError(err)
	}
	collectNow()
	s, err := b.sessions.Ready(product, url)
	if err != nil {
		return toJSError(err)
	}
	tok, gen := b.c.Ready()
	switch {
	case s == nil || tok == nil:
		return 0
	case !tok.ServesURL(url):
		return toJSError(notServed(url))
	case uint64(numArg(args, 3)) == gen && uint64(numArg(args, 4)) == s.Gen:
		return 1
	}
	return b.sessionValues(tok, gen, s, 0)
}

// session(handle, product, url) resolves once the product has a session
// (started now when it has none or it went idle, once however many calls
// wait) with the values a call to url goes with; without url
// (client.session), with nothing.
func sessionFor(b *Binding, args []js.Value) (any, error) {
	product, err := StringArg(args, 1, "product")
	if err != nil {
		return nil, err
	}
	if Arg(args, 2).IsUndefined() {
		_, err = b.sessions.Session(sdk.Background, product)
		return nil, err
	}
	url, err := StringArg(args, 2, "url")
	if err != nil {
		return nil, err
	}
	// The token first: what may wait comes before the session, whose
	// values are then made before anything can replace it.
	tok, gen, err := b.c.Token(sdk.Background)
	var s *sdk.ProductSession
	if err == nil {
		s, err = b.sessions.Session(sdk.Background, product)
	}
	return b.allowedValues(tok, gen, s, err, url, 0)
}

// sessionRejected(handle, product, url, generation, session, status, text,
// replays, sent) judges a 4xx a session call got: "Session expired" gives
// a new session, a refused token a new token with the same session, each
// only while replays has its bit, and the values of the one replay; null
// sends the answer to the page. Any other answer counts as the session's
// use, at sent (Date.now() when the call left).
func sessionRejected(b *Binding, args []js.Value) (any, error) {
	product, url, err := sessionArgs(args)
	if err != nil {
		return nil, err
	}
	var body any
	if text := Arg(args, 6); text.Type() == js.TypeString {
		body, _ = parseJSON(text.String())
	}
	status, replays := int(numArg(args, 5)), int(numArg(args, 7))
	expired := sdk.SessionExpired(status, body)
	refused := !expired && sdk.TokenRejected(status, body)
	var tok *sdk.Token
	var gen uint64
	var s *sdk.ProductSession
	replay := replaySession
	switch {
	case expired && replays&replaySession != 0:
		// The token first: what may wait comes before the session.
		if tok, gen, err = b.c.Token(sdk.Background); err == nil {
			s, err = b.sessions.Expired(sdk.Background, product, uint64(numArg(args, 4)))
		}
	case refused && replays&replayToken != 0:
		replay = replayToken
		if tok, gen, err = b.c.Rejected(sdk.Background, uint64(numArg(args, 3))); err == nil {
			s, err = b.sessions.Session(sdk.Background, product)
		}
	default:
		if !expired && !refused {
			b.sessions.Touch(product, uint64(numArg(args, 4)), sentArg(args, 8))
		}
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return b.allowedValues(tok, gen, s, nil, url, replay)
}

// touch(handle, product, session, sent): a session call sent at sent got
// an answer that was not a 4xx; the API slid the session's lifetime.
func touch(_ js.Value, args []js.Value) any {
	if b := bindingOf(args); b != nil {
		if product, err := StringArg(args, 1, "product"); err == nil {
			b.sessions.Touch(product, uint64(numArg(args, 2)), sentArg(args, 3))
		}
	}
	return nil
}

// endSession(handle, product) ends the product's session; the next call
// starts another.
func endSession(b *Binding, args []js.Value) error {
	product, err := StringArg(args, 1, "product")
	if err == nil {
		err = b.sessions.End(product)
	}
	return err
}

// sessionID(handle, product) is session.id: the current session's ID, or
// null when there is none or the product names none.
func sessionID(_ js.Value, args []js.Value) any {
	if b := bindingOf(args); b != nil {
		if product, err := StringArg(args, 1, "product"); err == nil {
			if id, ok := b.sessions.CurrentID(product); ok {
				return idValue(id)
			}
		}
	}
	return nil
}

// productHeaders(handle) are the headers from the options environment,
// userType and source, a frozen {name: value}: the loader adds them to every
// call that carries the token, unless the page set one itself.
func productHeaders(_ js.Value, args []js.Value) any {
	if b := bindingOf(args); b != nil {
		return b.pairs
	}
	return nil
}

// allowedValues are the values of a call to url with tok and s, once s
// (or err, how obtaining it failed) allows it.
func (b *Binding) allowedValues(tok *sdk.Token, gen uint64, s *sdk.ProductSession, err error, url string, replay int) (any, error) {
	if err == nil {
		err = s.Allow(url)
	}
	if err != nil {
		return nil, err
	}
	if !tok.ServesURL(url) {
		return nil, notServed(url)
	}
	return b.sessionValues(tok, gen, s, replay), nil
}

// sessionValues are {headers: the token's header values, session: its
// generation, sessionToken, bearer: the header's form, replay: the replay
// they are for}; JS makes the x-inbenta-session value, once per generation.
func (b *Binding) sessionValues(tok *sdk.Token, gen uint64, s *sdk.ProductSession, replay int) js.Value {
	return record(false, "headers", b.headerValues(tok, gen), "session", s.Gen,
		"sessionToken", s.Token(), "bearer", s.Bearer, "replay", replay)
}

// sessionDetail is the session event's {product, reason, previousId, id}.
func sessionDetail(c *sdk.SessionChange) func() any {
	return func() any {
		return record(false, "product", c.Product, "reason", string(c.Reason),
			"previousId", idValue(c.PreviousID), "id", idValue(c.ID))
	}
}

// idValue is a session ID for JS: null for the products that name none.
func idValue(id string) any {
	if id == "" {
		return nil
	}
	return id
}

func sessionArgs(args []js.Value) (product, url string, err error) {
	if product, err = StringArg(args, 1, "product"); err == nil {
		url, err = StringArg(args, 2, "url")
	}
	return product, url, err
}

// numArg is args[i], a generation, status, bit set or time the loader
// passes; 0 when it is not a number.
func numArg(args []js.Value, i int) float64 {
	if v := Arg(args, i); v.Type() == js.TypeNumber {
		return v.Float()
	}
	return 0
}

// sentArg is args[i], Date.now() when a call left, as an Instant.
func sentArg(args []js.Value, i int) sdk.Instant {
	return sdk.Instant(numArg(args, i) * float64(sdk.Millisecond))
}
