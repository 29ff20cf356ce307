package sdk

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var testCreds = Credentials{APIKey: "api-key-1", DomainKey: "eyJhbGciOiJSUzI1NiJ9.eyJwcm9qZWN0IjoiZGVtbyJ9.c2ln"}

func TestDomainKeyExchangeRequest(t *testing.T) {
	tr := &fakeTransport{resp: &Response{Status: 200, JSON: decode(t,
		`{"accessToken":"t1","expiration":1800001200,"expires_in":1200,"apis":{"chatbot":"https://h/prod/chatbot"}}`)}}
	clock := newFakeClock()
	now := clock.Now()
	x, err := NewDomainKeyExchange("https://api-eu.inbenta.io/v1", testCreds, tr, clock)
	require.NoError(t, err)

	tok, err := x.Token(context.Background(), nil, ReasonInitial)
	require.NoError(t, err)
	assert.Equal(t, "t1", tok.AccessToken)
	assert.Equal(t, now.Add(1200*Second), tok.Expiry)

	require.Len(t, tr.reqs, 1)
	req := tr.reqs[0]
	assert.Equal(t, "POST", req.Method)
	assert.Equal(t, "https://api-eu.inbenta.io/v1/auth", req.URL)
	assert.Equal(t, "api-key-1", req.Header["x-inbenta-key"])
	assert.Equal(t, "application/json", req.Header["content-type"])
	var body map[string]string
	require.NoError(t, json.Unmarshal([]byte(req.Body), &body))
	assert.Equal(t, map[string]string{"domain_key": testCreds.DomainKey}, body)
}

// An answer to a request sent before the exchange asked (the loader's
// early /auth) dates the token from when it was sent.
func TestDomainKeyExchangeEarlyAnswer(t *testing.T) {
	clock := newFakeClock()
	sent := clock.Now()
	clock.Advance(700 * Millisecond)
	tr := &fakeTransport{resp: &Response{Status: 200, Sent: sent, JSON: decode(t,
		`{"accessToken":"t1","expiration":1800001200,"expires_in":1200,"apis":{"chatbot":"https://h/prod/chatbot"}}`)}}
	x, err := NewDomainKeyExchange(DefaultAuthURL, testCreds, tr, clock)
	require.NoError(t, err)
	tok, err := x.Token(context.Background(), nil, ReasonInitial)
	require.NoError(t, err)
	assert.Equal(t, sent.Add(1200*Second), tok.Expiry)
}

func TestDomainKeyExchangeDefaultURL(t *testing.T) {
	tr := &fakeTransport{err: &Error{Code: CodeNetwork}}
	x, err := NewDomainKeyExchange(DefaultAuthURL, testCreds, tr, newFakeClock())
	require.NoError(t, err)
	_, err = x.Token(context.Background(), nil, ReasonInitial)
	assert.Equal(t, CodeNetwork, CodeOf(err))
	assert.Equal(t, DefaultAuthURL+"/auth", tr.reqs[0].URL)
}

func TestDomainKeyExchangeErrors(t *testing.T) {
	cases := []struct {
		status    int
		body      string
		code      Code
		retryable bool
		message   string
	}{
		{400, `{"error":{"code":400,"message":"Bad request"}}`, CodeInvalidKey, false, "Bad request"},
		{401, `{"error":{"code":401,"message":"Invalid API key"}}`, CodeInvalidKey, false, "Invalid API key"},
		{403, `{"error":{"code":403,"message":"Origin not allowed"}}`, CodeOriginNotAllowed, false, "Origin not allowed"},
		{403, `{"Message":"User is not authorized to access this resource with an explicit deny"}`, CodeOriginNotAllowed, false, "explicit deny"},
		{429, `{"error":{"code":429,"message":"Too many requests"}}`, CodeRateLimited, true, "Too many"},
		{500, `<html>oops</html>`, CodeServerError, true, "HTTP 500"},
		{503, `{"message":"Service Unavailable"}`, CodeServerError, true, "Service Unavailable"},
		{404, `{"error":{"code":404,"message":"Not found"}}`, CodeBadResponse, false, "Not found"},
	}
	for _, c := range cases {
		var body any
		_ = json.Unmarshal([]byte(c.body), &body)
		tr := &fakeTransport{resp: &Response{Status: c.status, JSON: body}}
		x, err := NewDomainKeyExchange("http://127.0.0.1:1/v1", testCreds, tr, newFakeClock())
		require.NoError(t, err)
		_, err = x.Token(context.Background(), nil, ReasonInitial)
		e := AsError(err)
		require.NotNil(t, e, "status %d", c.status)
		assert.Equal(t, c.code, e.Code, "status %d", c.status)
		assert.Equal(t, c.status, e.Status)
		assert.Equal(t, c.retryable, e.Retryable, "status %d", c.status)
		assert.Contains(t, e.Error(), c.message)
	}
}

func TestDomainKeyExchangeBadAnswer(t *testing.T) {
	tr := &fakeTransport{resp: &Response{Status: 200, JSON: nil}}
	x, err := NewDomainKeyExchange(DefaultAuthURL, testCreds, tr, newFakeClock())
	require.NoError(t, err)
	_, err = x.Token(context.Background(), nil, ReasonInitial)
	assert.Equal(t, CodeBadResponse, CodeOf(err))
}

func TestNewDomainKeyExchangeValidates(t *testing.T) {
	for name, c := range map[string]struct {
		url   string
		creds Credentials
	}{
		"empty api key":      {DefaultAuthURL, Credentials{DomainKey: "dk"}},
		"empty domain key":   {DefaultAuthURL, Credentials{APIKey: "k"}},
		"api key with space": {DefaultAuthURL, Credentials{APIKey: "a b", DomainKey: "dk"}},
		"domain key newline": {DefaultAuthURL, Credentials{APIKey: "k", DomainKey: "d\nk"}},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := NewDomainKeyExchange(c.url, c.creds, &fakeTransport{}, newFakeClock())
			assert.Equal(t, CodeInvalidArgument, CodeOf(err))
		})
	}
}

func TestTokenRejected(t *testing.T) {
	deny := decode(t, `{"Message":"User is not authorized to access this resource with an explicit deny"}`)
	assert.True(t, TokenRejected(401, nil))
	assert.True(t, TokenRejected(403, deny))
	assert.False(t, TokenRejected(403, decode(t, `{"error":{"code":403,"message":"Forbidden"}}`)), "a product's own 403 is not about the token")
	assert.False(t, TokenRejected(403, nil))
	assert.False(t, TokenRejected(200, deny))
	assert.False(t, TokenRejected(500, nil))
}

func TestJSONString(t *testing.T) {
	for _, s := range []string{"", "plain", `quo"te`, `back\slash`, "ctl\x00\x1f\n\t", "ünï©ødé", "</script>"} {
		var back string
		require.NoError(t, json.Unmarshal([]byte(jsonString(s)), &back), s)
		assert.Equal(t, s, back)
	}
}
