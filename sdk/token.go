package sdk

import (
	"math"
	"unsafe"
)

// Token is an access token and what came with it.
type Token struct {
	AccessToken string
	// Expiry is the wall-clock instant the API stops accepting the token.
	// Zero means unknown: valid until the API rejects it.
	Expiry Instant
	// Obtained is when the SDK asked for the token: the leeway never eats
	// more than half of a token's life.
	Obtained Instant
	// APIs maps a product ("chatbot", "search", ...) to its base URL.
	// Never persisted: Inbenta may move products between tokens.
	APIs map[string]string

	// owned is the memory AccessToken reads when the token came as
	// TokenBytes: the one copy, which Wipe overwrites.
	owned TokenBytes
}

// TokenBytes is an access token's bytes, handed to the SDK to own: a token
// answer whose accessToken is TokenBytes (not a string) gives a Token whose
// AccessToken reads these bytes without a copy, so that Wipe can overwrite
// the only one the SDK holds. Whoever hands them over must not keep them.
type TokenBytes []byte

// Wipe overwrites the token's bytes when the SDK owns them (see
// TokenBytes): AccessToken reads zeros afterwards. The Keeper wipes a token
// it has dropped or replaced. A string token cannot be wiped: Go strings
// are immutable, and copies of them are the garbage collector's.
func (t *Token) Wipe() {
	if t != nil {
		clear(t.owned)
	}
}

// Limits on what a token answer may hold. A token travels in an HTTP header,
// so anything longer or with control characters is not a token.
const (
	maxTokenLen = 8 << 10
	maxAPIs     = 64
	maxURLLen   = 2048
	// maxExpiration is year 2255: far beyond any real token, small enough
	// for an Instant (Unix nanoseconds) not to overflow.
	maxExpiration = 9e9
)

// What a token's lifetime can be. The API issues tokens for 1200 s; a
// longer one is not the API's, nor is a lifetime in milliseconds.
const (
	// MaxTokenLife is the longest expires_in an answer may give: a day
	// leaves room for any instance's setting.
	MaxTokenLife = 24 * Hour
	// MaxClockSkew is how far a device's clock may be behind the API's: an
	// expiration may lie up to MaxTokenLife+MaxClockSkew after it.
	MaxClockSkew = 24 * Hour
)

// Expired reports whether t must not be sent any more at now: it expires
// within leeway, so it would likely expire in flight.
func (t *Token) Expired(now Instant, leeway Duration) bool {
	if t.Expiry.IsZero() {
		return false
	}
	if life := t.Expiry.Sub(t.Obtained); !t.Obtained.IsZero() && leeway > life/2 {
		leeway = life / 2
	}
	return now.Add(leeway) >= t.Expiry
}

// Due reports whether t is inside its refresh window at now: within window
// of expiry, the window never more than half the token's life when it is
// known (a short-lived token would otherwise be refreshed without end).
func (t *Token) Due(now Instant, window Duration) bool {
	return !t.Expiry.IsZero() && now >= t.RefreshAt(window)
}

// RefreshAt is when t enters its refresh window; zero when its expiry is
// unknown.
func (t *Token) RefreshAt(window Duration) Instant {
	if t.Expiry.IsZero() {
		return 0
	}
	if life := t.Expiry.Sub(t.Obtained); !t.Obtained.IsZero() && window > life/2 {
		window = life / 2
	}
	return t.Expiry.Add(-window)
}

// ExpirationUnix is Expiry as Unix seconds, 0 when unknown.
func (t *Token) ExpirationUnix() float64 {
	if t.Expiry.IsZero() {
		return 0
	}
	return float64(int64(t.Expiry)/1e6) / 1000
}

// ParseTokenAnswer validates a decoded JSON answer of /auth or
// /refreshToken: an object with a non-empty string accessToken and a numeric
// expiration (Unix seconds). apis is optional; when it is absent the product
// URLs of prev are kept, as /refreshToken may omit them. Anything else is
// BAD_RESPONSE.
//
// sent is the local time the request left. When the answer has expires_in,
// the expiry is sent+expires_in: a lifetime is immune to a client clock that
// is off, an absolute server timestamp is not. A lifetime is at most
// MaxTokenLife, an expiration at most MaxTokenLife+MaxClockSkew after sent.
//
// v is the tree a JSON decoder produces: map[string]any, []any, string,
// float64, bool or nil.
func ParseTokenAnswer(v any, prev *Token, sent Instant) (*Token, error) {
	return parseToken(v, prev, sent, apiAnswers)
}

// ParseHookAnswer validates what a page's refresh hook resolved with:
// {accessToken, expiration?, expires_in?, apis?}, bounded as
// ParseTokenAnswer's; what is wrong with it is the page's to fix:
// INVALID_ARGUMENT. Without an expiration the token is valid until the
// API rejects it.
func ParseHookAnswer(v any, prev *Token, now Instant) (*Token, error) {
	tok, err := parseToken(v, prev, now, hookAnswers)
	if err != nil {
		return nil, &Error{Code: CodeInvalidArgument, Message: AsError(err).Message}
	}
	return tok, nil
}

// answerRules are how parseToken reads one source's answers; what is
// wrong with one is BAD_RESPONSE.
type answerRules struct {
	needExpiration bool
	lifetime       bool // expires_in is read and the expiry bounded by MaxTokenLife
}

var (
	apiAnswers  = answerRules{needExpiration: true, lifetime: true}
	hookAnswers = answerRules{lifetime: true}
	// A token another page sends has no expires_in; ParsePeerToken bounds
	// its expiration by the tab protocol's own rule.
	peerRecords = answerRules{}
)

func parseToken(v any, prev *Token, sent Instant, rules answerRules) (*Token, error) {
	obj, ok := v.(map[string]any)
	if !ok {
		return nil, badResponse("token answer is not a JSON object")
	}
	access, owned, err := parseTokenField(obj["accessToken"], "accessToken")
	if err != nil {
		return nil, err
	}
	expiry, err := parseExpiry(obj, sent, rules)
	if err != nil {
		return nil, err
	}
	tok := &Token{AccessToken: access, Expiry: expiry, Obtained: sent, owned: owned}
	if raw, present := obj["apis"]; present && raw != nil {
		if tok.APIs, err = ParseAPIs(raw); err != nil {
			return nil, err
		}
	} else if prev != nil {
		tok.APIs = prev.APIs
	}
	return tok, nil
}

// parseExpiry reads an answer's expiry: sent+expires_in, else its
// expiration, zero when it has neither (and may). Either must be what the
// API can mean: a lifetime of at most MaxTokenLife, in seconds.
func parseExpiry(obj map[string]any, sent Instant, rules answerRules) (Instant, error) {
	exp, ok := obj["expiration"].(float64)
	if !ok && (rules.needExpiration || obj["expiration"] != nil) {
		return 0, badResponse("token answer has no numeric expiration")
	}
	var expiry Instant
	if ok {
		var err error
		expiry, err = unixToInstant(exp)
		if err != nil || rules.lifetime && !sent.IsZero() && expiry.Sub(sent) > MaxTokenLife+MaxClockSkew {
			return 0, badResponse("expiration must be the token's expiry in Unix seconds, at most 48 h after this device's clock")
		}
	}
	if raw, present := obj["expires_in"]; rules.lifetime && present && raw != nil {
		life, ok := raw.(float64)
		if !ok || !(life > 0 && life <= float64(MaxTokenLife/Second)) {
			return 0, badResponse("expires_in must be the token's lifetime in seconds, at most 86400; the API's is 1200")
		}
		expiry = sent.Add(Duration(life * float64(Second)))
	}
	return expiry, nil
}

// parseTokenField reads a token an answer gives in field (accessToken, a
// product's sessionToken): a string, or TokenBytes then owned.
func parseTokenField(v any, field string) (s string, owned TokenBytes, err error) {
	switch v := v.(type) {
	case string:
		s = v
	case TokenBytes:
		if len(v) > 0 {
			s, owned = unsafe.String(&v[0], len(v)), v
		}
	}
	if s == "" {
		return "", nil, badResponse("token answer has no " + field + " string")
	}
	if len(s) > maxTokenLen {
		return "", nil, badResponse(field + " is too long")
	}
	if !isHeaderSafe(s) {
		return "", nil, badResponse(field + " has characters not allowed in a header")
	}
	return s, owned, nil
}

// unixToInstant converts Unix seconds (an API's expiration) to an Instant:
// after 1970 and before maxExpiration.
func unixToInstant(sec float64) (Instant, error) {
	if math.IsNaN(sec) || sec <= 0 || sec > maxExpiration {
		return 0, badResponse("expiration is not a plausible Unix time")
	}
	whole, frac := math.Modf(sec)
	return Instant(int64(whole)*1e9 + int64(frac*1e9)), nil
}

// ParseAPIs validates an "apis" object: product name to http(s) base URL.
func ParseAPIs(v any) (map[string]string, error) {
	obj, ok := v.(map[string]any)
	if !ok {
		return nil, badResponse("apis is not a JSON object")
	}
	if len(obj) > maxAPIs {
		return nil, badResponse("apis has too many entries")
	}
	apis := make(map[string]string, len(obj))
	for name, raw := range obj {
		if !isProductName(name) {
			return nil, badResponse("apis has a key that is not a product name (lower-case letters, digits, - and _)")
		}
		u, ok := raw.(string)
		if !ok || len(u) > maxURLLen || !isHTTPURL(u) {
			return nil, badResponse("apis." + name + " is not an http(s) URL")
		}
		apis[name] = u
	}
	return apis, nil
}

// isProductName reports whether name can be a product of apis: lower-case
// ASCII letters, digits, '-' and '_', starting with a letter, and not a name
// JS objects inherit (an "apis" key "__proto__" would be hidden from
// client.apis while the token went to its URL).
func isProductName(name string) bool {
	if name == "" || len(name) > 64 || name[0] < 'a' || name[0] > 'z' || name == "constructor" || name == "prototype" {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

func badResponse(msg string) *Error {
	return newError(CodeBadResponse, msg)
}

// isHeaderSafe reports whether s can be an HTTP header value as is:
// visible ASCII only (tokens are base64url or JWT-like).
func isHeaderSafe(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] >= 0x7f {
			return false
		}
	}
	return true
}
