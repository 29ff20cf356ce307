package sdk

import "unsafe"

// StartReason says why a product session was started.
type StartReason string

const (
	StartInitial StartReason = "initial" // none yet, or the last one was ended
	StartIdle    StartReason = "idle"    // the last one went unused past its lifetime
	StartExpired StartReason = "expired" // the API answered the last one expired
)

// ProductSession is one session of a product, as the API started it. Its
// fields never change; its token is wiped when the session is replaced,
// ended or closed.
type ProductSession struct {
	Product string
	// ID is what the start answer named the session (chatbot's
	// sessionId); "" when the product names none.
	ID string
	// Gen counts the product's sessions of one Sessions from 1: callers
	// that hold no Go pointers name a session by it.
	Gen uint64
	// Base is the product base URL the session was started at, as a URL's
	// href begins (see productBase); the session goes to URLs under it only.
	Base string
	// Bearer is the header form (see SessionSpec).
	Bearer bool
	// Started is when the start request left: the API's idle span counts
	// from no earlier.
	Started Instant
	Reason  StartReason

	token TokenBytes // the one copy the SDK holds
}

// Token is the session token, as x-inbenta-session carries it after the
// form's "Bearer " (see Bearer). It reads zeros once the session is wiped.
func (s *ProductSession) Token() string {
	if len(s.token) == 0 {
		return ""
	}
	return unsafe.String(&s.token[0], len(s.token))
}

// HeaderValue is the x-inbenta-session value. It makes a new string: the
// browser's bridge builds it in JS from Token and Bearer instead.
func (s *ProductSession) HeaderValue() string {
	if s.Bearer {
		return "Bearer " + s.Token()
	}
	return s.Token()
}

// wipe overwrites the token: nothing sends it again.
func (s *ProductSession) wipe() {
	if s != nil {
		clear(s.token)
	}
}

// Allow is nil when the session may go with a call to url: the
// product's base or a path below it. Anywhere else it is INVALID_ARGUMENT:
// a session sent to another product, or to a path that could climb out of
// the base once a server decodes it (a segment starting with a dot, a
// backslash, any percent-encoding), would leak. url is absolute and
// normalized (a URL's href), as the loader passes it; nothing is
// allocated.
func (s *ProductSession) Allow(url string) error {
	if len(url) < len(s.Base) || url[:len(s.Base)] != s.Base {
		return errNotUnderBase
	}
	rest := url[len(s.Base):]
	if rest != "" && rest[0] != '/' && rest[0] != '?' && rest[0] != '#' {
		return errNotUnderBase
	}
	// rest[0] is no dot, so rest[i-1] exists for one.
	for i := 0; i < len(rest) && rest[i] != '?' && rest[i] != '#'; i++ {
		if c := rest[i]; c == '%' || c == '\\' || c == '.' && rest[i-1] == '/' {
			return errNotUnderBase
		}
	}
	return nil
}

var errNotUnderBase = &Error{Code: CodeInvalidArgument,
	Message: "a session is only sent to URLs under its product's base in client.apis; use client.fetch for other URLs"}

// productBase is a product's base URL (from client.apis) as sessions
// compare URLs with it: the origin lower-cased and without a default port,
// as a URL's href has it, and no trailing slash. ok is false for a base
// with a query or fragment, under which no route can be appended.
func productBase(raw string) (base string, ok bool) {
	origin := OriginOf(raw)
	if origin == "" || containsByte(raw, "?#") {
		return "", false
	}
	_, rest, _ := cut(raw, "://")
	_, path, _ := cut(rest, "/")
	base = origin + "/" + path
	for len(base) > len(origin) && base[len(base)-1] == '/' {
		base = base[:len(base)-1]
	}
	return base, true
}

// parseSessionAnswer reads a start answer: the token, a string or
// TokenBytes the session then owns, and the ID when it is a string. base
// is the productBase the session was started at.
func parseSessionAnswer(v any, spec *SessionSpec, base string, sent Instant) (*ProductSession, error) {
	obj, _ := v.(map[string]any)
	str, token, err := parseTokenField(obj[spec.TokenField], spec.TokenField)
	if err != nil {
		return nil, err
	}
	if token == nil {
		token = TokenBytes(str) // a copy of the SDK's own, which it can wipe
	}
	s := &ProductSession{Product: spec.Product, Base: base, Bearer: spec.Bearer, Started: sent, token: token}
	if id, _ := obj[spec.IDField].(string); spec.IDField != "" && len(id) <= 256 {
		s.ID = id
	}
	return s, nil
}

// SessionExpired reports whether a product answer says the session has
// expired: Inbenta's 400 {"errors":[{"code":400,"message":"Session
// expired"}]}, read in each error shape its APIs use (see apiMessage) and
// with any 4xx status. The bridge asks it before TokenRejected: such an
// answer is about the session, not the token.
func SessionExpired(status int, body any) bool {
	msg := lowerASCII(apiMessage(body))
	return status >= 400 && status < 500 && index(msg, "session") >= 0 && index(msg, "expired") >= 0
}
