//go:build !(js && wasm)

package authtest_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/inbenta-community/inbenta-auth/sdk/authtest"
)

// allowed are the request headers Inbenta's APIs take from a browser.
const allowed = "x-inbenta-key, authorization, content-type, x-inbenta-env, x-inbenta-user-type, x-inbenta-source, x-inbenta-session"

func (f fixture) preflight(t *testing.T, path, origin, headers string) response {
	t.Helper()
	h := map[string]string{"Access-Control-Request-Method": "POST"}
	if origin != "" {
		h["Origin"] = origin
	}
	if headers != "" {
		h["Access-Control-Request-Headers"] = headers
	}
	return f.do(t, "OPTIONS", path, h, "")
}

func corsHeaders(h http.Header) http.Header {
	out := http.Header{}
	for k, v := range h {
		if strings.HasPrefix(strings.ToLower(k), "access-control-") {
			out[k] = v
		}
	}
	return out
}

func TestPreflight(t *testing.T) {
	f := newFixture(t)
	f.Fail("auth", authtest.Fault{Status: 500})
	res := f.preflight(t, "/v1/auth", pageOrigin, "x-inbenta-key, Content-Type")
	assert.Equal(t, http.StatusNoContent, res.status)
	assert.Equal(t, pageOrigin, res.header.Get("Access-Control-Allow-Origin"))
	assert.Contains(t, res.header.Values("Vary"), "Origin")
	assert.Equal(t, "GET, POST, PUT, PATCH, DELETE, OPTIONS", res.header.Get("Access-Control-Allow-Methods"))
	assert.Equal(t, allowed, res.header.Get("Access-Control-Allow-Headers"))
	assert.Equal(t, "600", res.header.Get("Access-Control-Max-Age"))

	f.preflight(t, "/prod/chatbot/v1/conversation", pageOrigin, "")
	f.preflight(t, "/anything", "", "")
	assert.Equal(t, 3, f.Count("preflight"))
	assert.Zero(t, f.Count("auth"))
	assert.Zero(t, f.Count("chatbot"))

	res = f.do(t, "POST", "/v1/auth", nil, "")
	assert.Equal(t, http.StatusInternalServerError, res.status, "the preflight left the fault queued")
}

// A header the API does not take is not granted, as the real API would
// not: a browser then refuses to send the request, so a test notices.
func TestPreflightDoesNotEchoUnknownHeaders(t *testing.T) {
	f := newFixture(t)
	res := f.preflight(t, "/prod/chatbot/v1/conversation", pageOrigin, "x-inbenta-key, X-Custom, authorization")
	assert.Equal(t, pageOrigin, res.header.Get("Access-Control-Allow-Origin"))
	granted := res.header.Get("Access-Control-Allow-Headers")
	assert.NotContains(t, strings.ToLower(granted), "x-custom")
	for _, h := range strings.Split(allowed, ", ") {
		assert.Contains(t, granted, h)
	}

	f.AllowHeaders("X-Custom")
	res = f.preflight(t, "/prod/chatbot/v1/conversation", pageOrigin, "x-inbenta-key, X-Custom")
	assert.Equal(t, allowed+", x-custom", res.header.Get("Access-Control-Allow-Headers"), "AllowHeaders adds to the list")
}

func TestCORSGrantsOnlyRegisteredOrigins(t *testing.T) {
	f := newFixture(t)
	for name, origin := range map[string]string{
		"refused":        "http://evil.test:8080",
		"other port":     "http://page.test:8081",
		"null":           "null",
		"case differing": "http://PAGE.test:8080",
	} {
		t.Run(name, func(t *testing.T) {
			res := f.preflight(t, "/v1/auth", origin, "x-inbenta-key, content-type")
			assert.Empty(t, corsHeaders(res.header), "no CORS grant for a preflight from %q", origin)
			res = f.do(t, "POST", "/v1/auth", map[string]string{
				"Origin": origin, "x-inbenta-key": apiKey, "Content-Type": "application/json",
			}, `{"domain_key":"`+f.domainKey+`"}`)
			assert.Equal(t, http.StatusForbidden, res.status)
			assert.Empty(t, corsHeaders(res.header), "nor for the request")
			res = f.do(t, "GET", "/prod/chatbot/v1/x", map[string]string{"Origin": origin}, "")
			assert.Empty(t, corsHeaders(res.header), "nor for a product")
		})
	}
}

func TestCORSOriginsAreThoseOfTheInstance(t *testing.T) {
	f := newFixture(t)
	const elsewhere = "https://other-site.test"
	f.AddDomainKey(otherKey, authtest.NewDomainKey("project-2"), elsewhere)
	product := func(key, origin string) string {
		res := f.do(t, "GET", "/prod/chatbot/v1/x", map[string]string{"Origin": origin, "x-inbenta-key": key}, "")
		return res.header.Get("Access-Control-Allow-Origin")
	}
	assert.Equal(t, pageOrigin, product(apiKey, pageOrigin))
	assert.Empty(t, product(otherKey, pageOrigin), "a page of one instance using another's key")
	assert.Equal(t, elsewhere, product(otherKey, elsewhere))
	// A preflight names no key; neither does a request with an unknown
	// one, whose 401 the page must still read: any instance's origins.
	assert.Equal(t, pageOrigin, product("not-a-key", pageOrigin))
	assert.Equal(t, elsewhere, f.preflight(t, "/v1/auth", elsewhere, "x-inbenta-key").header.Get("Access-Control-Allow-Origin"))

	res := f.do(t, "POST", "/v1/auth", map[string]string{"Origin": pageOrigin}, "")
	assert.Equal(t, pageOrigin, res.header.Get("Access-Control-Allow-Origin"))
	assert.Equal(t, "Retry-After, x-quota-usage, x-throttle-usage, x-quota-reset, x-throttle-reset",
		res.header.Get("Access-Control-Expose-Headers"))
}

// Pages that use no Domain Key (access-token mode on an origin of their
// own) are allowed explicitly.
func TestAllowOrigins(t *testing.T) {
	f := newFixture(t)
	const site = "http://token-site.test:9000"
	assert.Empty(t, f.preflight(t, "/prod/search/v1/x", site, "authorization").header.Get("Access-Control-Allow-Origin"))
	f.AllowOrigins(site)
	res := f.preflight(t, "/prod/search/v1/x", site, "authorization")
	assert.Equal(t, site, res.header.Get("Access-Control-Allow-Origin"))
	res = f.do(t, "GET", "/prod/search/v1/x", map[string]string{"Origin": site, "x-inbenta-key": apiKey}, "")
	assert.Equal(t, site, res.header.Get("Access-Control-Allow-Origin"))
	f.AllowOrigins("null")
	assert.Empty(t, f.preflight(t, "/v1/auth", "null", "").header.Get("Access-Control-Allow-Origin"), "null never")
}

// Without an Origin no browser is involved: nothing to grant.
func TestNoOriginNoCORS(t *testing.T) {
	f := newFixture(t)
	res := f.do(t, "POST", "/v1/auth", map[string]string{"x-inbenta-key": apiKey, "Content-Type": "application/json"},
		`{"secret":"`+secret+`"}`)
	assert.Equal(t, http.StatusOK, res.status)
	assert.Empty(t, res.header.Get("Access-Control-Allow-Origin"))
}
