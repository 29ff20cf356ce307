package sdk

// DomainKeyExchange is the Source for browsers: it exchanges the Domain Key
// at POST {AuthURL}/auth for a new token every time.
type DomainKeyExchange struct {
	_         NoCompare
	authURL   string
	creds     Credentials
	transport Transport
	clock     Clock
}

// NewDomainKeyExchange validates its credentials; nothing is sent. base
// is an Auth API base as AuthBase gives it.
func NewDomainKeyExchange(base string, creds Credentials, t Transport, clock Clock) (*DomainKeyExchange, error) {
	if err := creds.Validate(); err != nil {
		return nil, err
	}
	return &DomainKeyExchange{authURL: base, creds: creds, transport: t, clock: clock}, nil
}

func (x *DomainKeyExchange) Token(ctx Context, stale *Token, _ Reason) (*Token, error) {
	sent := x.clock.Now()
	// Assumption (INBENTA.md): the body field for a domain key is domain_key.
	req := &Request{
		Method: "POST",
		URL:    x.authURL + "/auth",
		Header: map[string]string{
			"x-inbenta-key": x.creds.APIKey,
			"content-type":  "application/json",
		},
		Body: `{"domain_key":` + jsonString(x.creds.DomainKey) + `}`,
	}
	resp, err := x.transport.RoundTrip(ctx, req)
	if err != nil {
		return nil, err
	}
	if resp.Status != 200 {
		return nil, AuthError(req, resp, CodeOriginNotAllowed, x.clock.Now())
	}
	if !resp.Sent.IsZero() && resp.Sent < sent {
		sent = resp.Sent
	}
	return ParseTokenAnswer(resp.JSON, stale, sent)
}

// AuthError maps a non-200 answer of the Auth API to req to an Error that
// names the request. forbidden is the code a 403 means on that route: a
// Domain Key refused for the page's origin at /auth, a wrong key for a
// Secret, an expired token at /refreshToken. now dates a Retry-After given
// as an HTTP date.
func AuthError(req *Request, resp *Response, forbidden Code, now Instant) *Error {
	e := &Error{Status: resp.Status, Message: apiMessage(resp.JSON)}
	switch s := resp.Status; {
	case s == 400 || s == 401:
		e.Code = CodeInvalidKey
	case s == 403:
		e.Code = forbidden
	case s == 429:
		e.Code, e.Retryable = CodeRateLimited, true
	case s >= 500:
		e.Code, e.Retryable = CodeServerError, true
	default:
		e.Code = CodeBadResponse
	}
	if e.Message == "" {
		e.Message = "the API answered HTTP " + Itoa(resp.Status)
	}
	e.Message += ", to " + req.Method + " " + req.URL
	if resp.Status == 404 {
		e.Message += ": check authURL, the Auth API's base (Inbenta's is " + DefaultAuthURL + ", with its /v1)"
	}
	if e.Retryable {
		e.RetryAfter = retryAfter(resp.Header, now)
	}
	return e
}

// apiMessage finds the message in each error shape Inbenta uses:
// {"error":{"message":...}} from the API, {"errors":[{"message":...}]}
// from the products, {"Message":...} or {"message":...} from the gateway.
func apiMessage(body any) string {
	obj, _ := body.(map[string]any)
	if inner, ok := obj["error"].(map[string]any); ok {
		obj = inner
	} else if list, _ := obj["errors"].([]any); len(list) > 0 {
		if first, ok := list[0].(map[string]any); ok {
			obj = first
		}
	}
	for _, k := range []string{"message", "Message"} {
		if s, ok := obj[k].(string); ok && len(s) <= 500 {
			return s
		}
	}
	return ""
}
