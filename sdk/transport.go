package sdk

// Request is an HTTP request to the Auth API.
type Request struct {
	Method string
	URL    string
	Header map[string]string
	Body   string
	// Bearer, when set, is the token the Transport sends as
	// "Authorization: Bearer <token>": the SDK builds no header string of a
	// token, which would be one more copy of it in memory.
	Bearer *Token
}

// Response is what the SDK reads of an answer: the status, the few headers
// it acts on, and the body decoded as JSON.
type Response struct {
	Status int
	// Header holds response headers by lower-case name.
	Header map[string]string
	// JSON is the decoded body (map[string]any, []any, string, float64, bool
	// or nil); nil as well when the body was not JSON.
	JSON any
	// Sent is when the request was sent, when that was before the caller
	// asked (the loader's early /auth): a token's expiry counts from it.
	// Zero: when the caller asked.
	Sent Instant
}

// Transport sends requests to the Auth API. In the browser it is fetch; in
// tests a fake. It returns an *Error with code NETWORK, TIMEOUT or
// BAD_RESPONSE (e.g. an oversized body) when there is no usable answer.
type Transport interface {
	RoundTrip(ctx Context, req *Request) (*Response, error)
}

// MaxAnswerBytes bounds what a Transport reads of an Auth API answer; a
// token answer is well under 1 KB, so anything this large is broken or
// hostile.
const MaxAnswerBytes = 1 << 20

// RetryHeaders are the headers of a refusal that retries act on; a
// Transport copies them into Response.Header.
var RetryHeaders = []string{"retry-after", "x-throttle-reset", "x-quota-reset"}

// Gateway body Inbenta sends with 403 for, among others, an expired token.
const explicitDeny = "explicit deny"

// TokenRejected reports whether a product answer means the API no longer
// accepts the token: 401, or the gateway's 403 "explicit deny" (which is what
// clients see for an expired token). body is the decoded JSON body.
func TokenRejected(status int, body any) bool {
	switch status {
	case 401:
		return true
	case 403:
		obj, _ := body.(map[string]any)
		msg, _ := obj["Message"].(string)
		return index(msg, explicitDeny) >= 0
	}
	return false
}

// jsonString quotes s as a JSON string literal.
func jsonString(s string) string {
	const hex = "0123456789abcdef"
	b := make([]byte, 0, len(s)+2)
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c < 0x20:
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		default:
			b = append(b, c)
		}
	}
	return string(append(b, '"'))
}
