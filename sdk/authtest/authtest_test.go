//go:build !(js && wasm)

package authtest_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/inbenta-community/inbenta-auth/sdk/authtest"
)

const (
	apiKey     = "key-1"
	secret     = "secret-1"
	otherKey   = "key-2"
	pageOrigin = "http://page.test:8080"
	denyBody   = `{"Message":"User is not authorized to access this resource with an explicit deny"}`
)

type fixture struct {
	*authtest.Server
	domainKey string
}

func newFixture(t *testing.T) fixture {
	t.Helper()
	s := authtest.NewServer()
	t.Cleanup(s.Close)
	dk := authtest.NewDomainKey("project-1")
	s.AddInstance(apiKey, secret)
	s.AddDomainKey(apiKey, dk, pageOrigin)
	s.AddInstance(otherKey, "secret-2")
	return fixture{Server: s, domainKey: dk}
}

type response struct {
	status int
	header http.Header
	body   string
}

func (r response) json(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal([]byte(r.body), &m), r.body)
	return m
}

func send(t *testing.T, client *http.Client, method, url string, header map[string]string, body string) response {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	require.NoError(t, err)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	res, err := client.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	return response{res.StatusCode, res.Header, string(b)}
}

func (f fixture) do(t *testing.T, method, path string, header map[string]string, body string) response {
	t.Helper()
	return send(t, http.DefaultClient, method, f.URL+path, header, body)
}

// auth exchanges the fixture's Secret and returns the access token.
func (f fixture) auth(t *testing.T) string {
	t.Helper()
	res := f.do(t, "POST", "/v1/auth",
		map[string]string{"x-inbenta-key": apiKey, "Content-Type": "application/json"},
		`{"secret":"`+secret+`"}`)
	require.Equal(t, http.StatusOK, res.status, res.body)
	return res.json(t)["accessToken"].(string)
}

func bearer(token string) map[string]string {
	return map[string]string{"x-inbenta-key": apiKey, "Authorization": "Bearer " + token}
}

func apiError(code int, message string) string {
	b, _ := json.Marshal(map[string]any{"error": map[string]any{"code": code, "message": message}})
	return string(b)
}

// fakeClock is a settable clock safe to read from handler goroutines.
type fakeClock struct{ nanos atomic.Int64 }

func newFakeClock(t time.Time) *fakeClock {
	c := &fakeClock{}
	c.nanos.Store(t.UnixNano())
	return c
}

func (c *fakeClock) now() time.Time          { return time.Unix(0, c.nanos.Load()) }
func (c *fakeClock) advance(d time.Duration) { c.nanos.Add(int64(d)) }

func TestAuth(t *testing.T) {
	f := newFixture(t)
	jsonBody := func(field, value string) string { return `{"` + field + `":"` + value + `"}` }
	tests := []struct {
		name, key, contentType, body, origin string
		status                               int
		errBody                              string // exact body expected when status != 200
	}{
		{"domain key JSON", apiKey, "application/json", jsonBody("domain_key", f.domainKey), pageOrigin, 200, ""},
		{"domain key form", apiKey, "application/x-www-form-urlencoded", "domain_key=" + f.domainKey, pageOrigin, 200, ""},
		{"JSON with charset", apiKey, "application/json; charset=utf-8", jsonBody("domain_key", f.domainKey), pageOrigin, 200, ""},
		{"secret without origin", apiKey, "application/json", jsonBody("secret", secret), "", 200, ""},
		{"secret form", apiKey, "application/x-www-form-urlencoded", "secret=" + secret, "", 200, ""},
		{"foreign origin", apiKey, "application/json", jsonBody("domain_key", f.domainKey), "http://evil.test:8080", 403,
			apiError(403, "Origin not allowed for this domain key")},
		{"origin differs by port", apiKey, "application/json", jsonBody("domain_key", f.domainKey), "http://page.test:8081", 403,
			apiError(403, "Origin not allowed for this domain key")},
		{"missing origin", apiKey, "application/json", jsonBody("domain_key", f.domainKey), "", 403,
			apiError(403, "Origin not allowed for this domain key")},
		{"domain key of another API key", otherKey, "application/json", jsonBody("domain_key", f.domainKey), pageOrigin, 401,
			apiError(401, "Invalid domain key")},
		{"unknown API key", "nope", "application/json", jsonBody("secret", secret), "", 401, apiError(401, "Invalid API key")},
		{"missing API key", "", "application/json", jsonBody("secret", secret), "", 401,
			apiError(401, "Missing x-inbenta-key header")},
		{"wrong secret", apiKey, "application/json", jsonBody("secret", "wrong"), "", 401, apiError(401, "Invalid secret")},
		{"secret of another API key", otherKey, "application/json", jsonBody("secret", secret), "", 401,
			apiError(401, "Invalid secret")},
		{"malformed JSON", apiKey, "application/json", `{"secret":`, "", 400, apiError(400, "Malformed JSON body")},
		{"non-string secret", apiKey, "application/json", `{"secret":1}`, "", 400, apiError(400, "Malformed JSON body")},
		{"neither field", apiKey, "application/json", `{}`, "", 400, apiError(400, "Send exactly one of secret and domain_key")},
		{"both fields", apiKey, "application/json", `{"secret":"a","domain_key":"b"}`, "", 400,
			apiError(400, "Send exactly one of secret and domain_key")},
		{"plain text", apiKey, "text/plain", jsonBody("secret", secret), "", 400, apiError(400, "Unsupported Content-Type")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			header := map[string]string{"Content-Type": tc.contentType}
			if tc.key != "" {
				header["x-inbenta-key"] = tc.key
			}
			if tc.origin != "" {
				header["Origin"] = tc.origin
			}
			before := time.Now().Unix()
			res := f.do(t, "POST", "/v1/auth", header, tc.body)
			require.Equal(t, tc.status, res.status, res.body)
			// pageOrigin is registered for apiKey's instance, not otherKey's;
			// other origins get no grant.
			wantACAO := ""
			if tc.origin == pageOrigin && tc.key != otherKey {
				wantACAO = pageOrigin
			}
			assert.Equal(t, wantACAO, res.header.Get("Access-Control-Allow-Origin"))
			if tc.status != http.StatusOK {
				assert.JSONEq(t, tc.errBody, res.body)
				return
			}
			m := res.json(t)
			assert.GreaterOrEqual(t, len(m["accessToken"].(string)), 40)
			assert.EqualValues(t, 1200, m["expires_in"])
			exp := int64(m["expiration"].(float64))
			assert.GreaterOrEqual(t, exp, before+1200)
			assert.LessOrEqual(t, exp, time.Now().Unix()+1201)
			assert.Equal(t, map[string]any{
				"chatbot":   f.URL + "/prod/chatbot",
				"knowledge": f.URL + "/prod/knowledge",
				"search":    f.URL + "/prod/search",
			}, m["apis"])
		})
	}
}

func TestAuthUsageHeaders(t *testing.T) {
	f := newFixture(t)
	tok := f.auth(t)
	res := f.do(t, "POST", "/v1/auth",
		map[string]string{"x-inbenta-key": apiKey, "Content-Type": "application/json"}, `{"secret":"`+secret+`"}`)
	assert.Equal(t, "2/1000", res.header.Get("x-quota-usage"))
	assert.Regexp(t, `^\d+/10$`, res.header.Get("x-throttle-usage"))
	res = f.do(t, "GET", "/v1/apis", bearer(tok), "")
	assert.Equal(t, "3/1000", res.header.Get("x-quota-usage"), "/apis is in the same group")
}

func TestTokenExpiry(t *testing.T) {
	f := newFixture(t)
	clock := newFakeClock(time.Unix(1_700_000_000, 0))
	f.SetClock(clock.now)
	tok := f.auth(t)

	res := f.do(t, "POST", "/prod/chatbot/v1/conversation", bearer(tok), "")
	require.Equal(t, http.StatusOK, res.status, res.body)

	clock.advance(1199 * time.Second)
	res = f.do(t, "GET", "/prod/search/v1/results", bearer(tok), "")
	require.Equal(t, http.StatusOK, res.status, "still valid one second before expiry")

	clock.advance(time.Second)
	for _, path := range []string{"/prod/chatbot/v1/conversation", "/v1/apis", "/v1/refreshToken"} {
		method := "POST"
		if path == "/v1/apis" {
			method = "GET"
		}
		res = f.do(t, method, path, bearer(tok), "")
		assert.Equal(t, http.StatusForbidden, res.status, path)
		assert.Equal(t, denyBody, res.body, path)
	}
}

func TestExpirationRoundsUp(t *testing.T) {
	tests := []struct {
		ttl           time.Duration
		now           time.Time
		wantExpiresIn int64
		wantExp       int64
	}{
		{time.Second, time.Unix(100, 0), 1, 101},
		{time.Second, time.Unix(100, 300_000_000), 1, 102},
		{1500 * time.Millisecond, time.Unix(100, 0), 2, 102},
		{20 * time.Minute, time.Unix(100, 1), 1200, 1301},
	}
	for _, tc := range tests {
		f := newFixture(t)
		f.SetTokenTTL(tc.ttl)
		f.SetClock(func() time.Time { return tc.now })
		res := f.do(t, "POST", "/v1/auth",
			map[string]string{"x-inbenta-key": apiKey, "Content-Type": "application/json"}, `{"secret":"`+secret+`"}`)
		m := res.json(t)
		assert.EqualValues(t, tc.wantExpiresIn, m["expires_in"], tc)
		assert.EqualValues(t, tc.wantExp, m["expiration"], tc)
	}
}

func TestRevokeTokens(t *testing.T) {
	f := newFixture(t)
	first, second := f.auth(t), f.auth(t)
	f.RevokeTokens()
	for _, tok := range []string{first, second} {
		res := f.do(t, "POST", "/prod/chatbot/v1/conversation", bearer(tok), "")
		assert.Equal(t, http.StatusForbidden, res.status)
		assert.Equal(t, denyBody, res.body)
		res = f.do(t, "POST", "/v1/refreshToken", bearer(tok), "")
		assert.Equal(t, http.StatusForbidden, res.status)
		assert.Equal(t, denyBody, res.body)
	}
	third := f.auth(t)
	res := f.do(t, "POST", "/prod/chatbot/v1/conversation", bearer(third), "")
	require.Equal(t, http.StatusOK, res.status)
	assert.EqualValues(t, 3, res.json(t)["tokenSeq"])
}

func TestRefreshToken(t *testing.T) {
	f := newFixture(t)
	tok := f.auth(t)

	res := f.do(t, "POST", "/v1/refreshToken", bearer(tok), "")
	require.Equal(t, http.StatusOK, res.status, res.body)
	m := res.json(t)
	fresh := m["accessToken"].(string)
	assert.NotEqual(t, tok, fresh)
	assert.EqualValues(t, 1200, m["expires_in"])
	assert.NotZero(t, m["expiration"])
	assert.NotContains(t, m, "apis")

	res = f.do(t, "GET", "/prod/knowledge/v1/contents", bearer(fresh), "")
	require.Equal(t, http.StatusOK, res.status)
	assert.EqualValues(t, 2, res.json(t)["tokenSeq"])

	f.SetRefreshReturnsAPIs(true)
	res = f.do(t, "POST", "/v1/refreshToken", bearer(fresh), "")
	require.Equal(t, http.StatusOK, res.status)
	assert.Equal(t, f.URL+"/prod/chatbot", res.json(t)["apis"].(map[string]any)["chatbot"])
}

func TestTokenChecks(t *testing.T) {
	f := newFixture(t)
	tok := f.auth(t)
	tests := []struct {
		name   string
		header map[string]string
		status int
		body   string
	}{
		{"no Authorization", map[string]string{"x-inbenta-key": apiKey}, 401, `{"message":"Unauthorized"}`},
		{"no API key", map[string]string{"Authorization": "Bearer " + tok}, 401, `{"message":"Unauthorized"}`},
		{"another API key", map[string]string{"x-inbenta-key": otherKey, "Authorization": "Bearer " + tok}, 403, denyBody},
		{"not Bearer", map[string]string{"x-inbenta-key": apiKey, "Authorization": "Basic " + tok}, 403, denyBody},
		{"unknown token", bearer("made-up"), 403, denyBody},
		{"valid", bearer(tok), 200, ""},
	}
	routes := []struct{ method, path string }{
		{"POST", "/v1/refreshToken"},
		{"GET", "/v1/apis"},
		{"POST", "/prod/chatbot/v1/conversation"},
		{"DELETE", "/prod/search/v1/x"},
	}
	for _, tc := range tests {
		for _, rt := range routes {
			t.Run(tc.name+" "+rt.path, func(t *testing.T) {
				res := f.do(t, rt.method, rt.path, tc.header, "")
				assert.Equal(t, tc.status, res.status, res.body)
				if tc.body != "" {
					assert.Equal(t, tc.body, res.body)
				}
			})
		}
	}
}

func TestAPIs(t *testing.T) {
	f := newFixture(t)
	tok := f.auth(t)
	res := f.do(t, "GET", "/v1/apis", bearer(tok), "")
	require.Equal(t, http.StatusOK, res.status)
	assert.JSONEq(t, `{"apis":{"chatbot":"`+f.URL+`/prod/chatbot","knowledge":"`+f.URL+`/prod/knowledge","search":"`+f.URL+`/prod/search"}}`, res.body)

	f.SetProductBase("https://products.test")
	res = f.do(t, "GET", "/v1/apis", bearer(tok), "")
	assert.Equal(t, "https://products.test/prod/search", res.json(t)["apis"].(map[string]any)["search"])
}

func TestProductsAndCounters(t *testing.T) {
	f := newFixture(t)
	first, second := f.auth(t), f.auth(t)

	header := bearer(first)
	header["Origin"] = pageOrigin
	res := f.do(t, "POST", "/prod/chatbot/v1/conversation", header, `{"q":"hi"}`)
	require.Equal(t, http.StatusOK, res.status)
	echo := res.json(t)
	assert.NotEmpty(t, echo["sessionToken"], "a conversation's start answers a session")
	delete(echo, "sessionToken")
	assert.Equal(t, map[string]any{"product": "chatbot", "method": "POST", "path": "/v1/conversation", "tokenSeq": 1.0,
		"body": `{"q":"hi"}`, "sessionId": "1"}, echo)
	f.do(t, "GET", "/prod/chatbot/v1", bearer(first), "")
	f.do(t, "PUT", "/prod/chatbot/v1/x", bearer(second), "")
	f.do(t, "GET", "/prod/search/v1/results", bearer(second), "")
	f.do(t, "GET", "/prod/chatbot/v1/x", map[string]string{"x-inbenta-key": apiKey}, "") // 401: counted, not used

	assert.Equal(t, map[int]int{1: 2, 2: 1}, f.TokensUsed("chatbot"))
	assert.Equal(t, map[int]int{2: 1}, f.TokensUsed("search"))
	assert.Empty(t, f.TokensUsed("knowledge"))
	assert.Equal(t, 4, f.Count("chatbot"))
	assert.Equal(t, 2, f.Count("auth"))

	reqs := f.Requests("chatbot")
	require.Len(t, reqs, 4)
	assert.Equal(t, "POST", reqs[0].Method)
	assert.Equal(t, "/prod/chatbot/v1/conversation", reqs[0].Path)
	assert.Equal(t, `{"q":"hi"}`, reqs[0].Body)
	assert.Equal(t, pageOrigin, reqs[0].Origin)
	assert.Equal(t, "Bearer "+first, reqs[0].Header.Get("Authorization"))
	reqs[0].Header.Set("Authorization", "changed")
	assert.Equal(t, "Bearer "+first, f.Requests("chatbot")[0].Header.Get("Authorization"), "Requests returns copies")

	f.ResetCounts()
	assert.Zero(t, f.Count("chatbot"))
	assert.Empty(t, f.Requests("auth"))
	assert.Empty(t, f.TokensUsed("chatbot"))
}

func TestNotFoundAndMethods(t *testing.T) {
	f := newFixture(t)
	for _, path := range []string{"/", "/v1/nope", "/v1/auth/", "/prod/other/v1/x", "/prod/chatbot", "/prod/chatbot/v2/x"} {
		res := f.do(t, "GET", path, map[string]string{"Origin": pageOrigin}, "")
		assert.Equal(t, http.StatusNotFound, res.status, path)
		assert.JSONEq(t, apiError(404, "Not found"), res.body, path)
		assert.Equal(t, pageOrigin, res.header.Get("Access-Control-Allow-Origin"), path)
	}
	res := f.do(t, "GET", "/v1/auth", nil, "")
	assert.Equal(t, http.StatusMethodNotAllowed, res.status)
	assert.Equal(t, "POST, OPTIONS", res.header.Get("Allow"))
	assert.Equal(t, 1, f.Count("auth"))
}

func TestBodyLimit(t *testing.T) {
	f := newFixture(t)
	res := f.do(t, "POST", "/v1/auth",
		map[string]string{"x-inbenta-key": apiKey, "Content-Type": "application/json"},
		`{"secret":"`+strings.Repeat("x", 2<<20)+`"}`)
	assert.Equal(t, http.StatusRequestEntityTooLarge, res.status)
	assert.LessOrEqual(t, len(f.Requests("auth")[0].Body), 1<<20)
}

func TestFaultStatus(t *testing.T) {
	tests := []struct {
		name       string
		fault      authtest.Fault
		status     int
		body       string
		header     map[string]string
		corsAbsent bool
	}{
		{"503 default body", authtest.Fault{Status: 503}, 503, apiError(503, "Service Unavailable"), nil, false},
		{"403 gateway body", authtest.Fault{Status: 403}, 403, denyBody, nil, false},
		{"429 with headers", authtest.Fault{Status: 429, Header: map[string]string{"Retry-After": "2", "x-throttle-reset": "1"}},
			429, apiError(429, "Too many requests"), map[string]string{"Retry-After": "2", "x-throttle-reset": "1"}, false},
		{"custom body", authtest.Fault{Status: 502, Body: `<html>bad gateway</html>`, Header: map[string]string{"Content-Type": "text/html"}},
			502, `<html>bad gateway</html>`, map[string]string{"Content-Type": "text/html"}, false},
		{"3xx without body", authtest.Fault{Status: 304}, 304, "", nil, false},
		{"NoCORS with status", authtest.Fault{Status: 500, NoCORS: true}, 500, apiError(500, "Internal Server Error"), nil, true},
		{"NoCORS only", authtest.Fault{NoCORS: true}, 200, "", nil, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			f.Fail("auth", tc.fault)
			header := map[string]string{"x-inbenta-key": apiKey, "Content-Type": "application/json", "Origin": pageOrigin}
			res := f.do(t, "POST", "/v1/auth", header, `{"secret":"`+secret+`"}`)
			assert.Equal(t, tc.status, res.status)
			if tc.status >= 400 {
				assert.Equal(t, tc.body, res.body)
			}
			for k, v := range tc.header {
				assert.Equal(t, v, res.header.Get(k), k)
			}
			for k := range res.header {
				if tc.corsAbsent {
					assert.NotContains(t, strings.ToLower(k), "access-control-")
				}
			}
			if !tc.corsAbsent {
				assert.Equal(t, pageOrigin, res.header.Get("Access-Control-Allow-Origin"))
			}
			assert.Equal(t, 1, f.Count("auth"), "a faulted request is counted")

			res = f.do(t, "POST", "/v1/auth", header, `{"secret":"`+secret+`"}`)
			assert.Equal(t, http.StatusOK, res.status, "the queue is empty again")
			assert.Equal(t, pageOrigin, res.header.Get("Access-Control-Allow-Origin"))
		})
	}
}

func TestFaultsFIFOPerRoute(t *testing.T) {
	f := newFixture(t)
	tok := f.auth(t)
	f.Fail("chatbot", authtest.Fault{Status: 500}, authtest.Fault{Status: 429})
	f.Fail("chatbot", authtest.Fault{Status: 502})
	var got []int
	for range 4 {
		got = append(got, f.do(t, "GET", "/prod/chatbot/v1/x", bearer(tok), "").status)
	}
	assert.Equal(t, []int{500, 429, 502, 200}, got)
	assert.Equal(t, 200, f.do(t, "GET", "/prod/search/v1/x", bearer(tok), "").status, "faults are per route")
}

func TestFaultDelay(t *testing.T) {
	f := newFixture(t)
	tok := f.auth(t)
	f.Fail("apis", authtest.Fault{Delay: 150 * time.Millisecond})
	start := time.Now()
	res := f.do(t, "GET", "/v1/apis", bearer(tok), "")
	assert.GreaterOrEqual(t, time.Since(start), 150*time.Millisecond)
	assert.Equal(t, http.StatusOK, res.status, "Delay alone leaves normal handling")

	f.Fail("apis", authtest.Fault{Delay: 100 * time.Millisecond, Status: 504})
	assert.Equal(t, 504, f.do(t, "GET", "/v1/apis", bearer(tok), "").status)
}

func TestFaultDelayHonoursCancellation(t *testing.T) {
	f := newFixture(t)
	f.Fail("auth", authtest.Fault{Delay: time.Minute})
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, "POST", f.AuthURL+"/auth", nil)
	require.NoError(t, err)
	start := time.Now()
	_, err = http.DefaultClient.Do(req)
	require.Error(t, err)

	// Close waits for handlers, so returning promptly shows the delay ended.
	f.Close()
	assert.Less(t, time.Since(start), 10*time.Second)
}

func TestCloseEndsPendingDelay(t *testing.T) {
	s := authtest.NewServer()
	s.Fail("auth", authtest.Fault{Delay: time.Minute})
	done := make(chan error, 1)
	go func() {
		res, err := http.Post(s.AuthURL+"/auth", "application/json", strings.NewReader("{}"))
		if err == nil {
			res.Body.Close()
		}
		done <- err
	}()
	require.Eventually(t, func() bool { return s.Count("auth") == 1 }, 5*time.Second, 5*time.Millisecond)
	start := time.Now()
	s.Close()
	assert.Less(t, time.Since(start), 10*time.Second)
	<-done
}

func TestFaultDrop(t *testing.T) {
	f := newFixture(t)
	f.Fail("auth", authtest.Fault{Drop: true})
	client := &http.Client{Transport: &http.Transport{}}
	defer client.CloseIdleConnections()
	req, err := http.NewRequest("POST", f.AuthURL+"/auth", strings.NewReader(`{"secret":"`+secret+`"}`))
	require.NoError(t, err)
	req.Header.Set("x-inbenta-key", apiKey)
	req.Header.Set("Content-Type", "application/json")
	_, err = client.Do(req)
	require.Error(t, err)

	res := send(t, client, "POST", f.AuthURL+"/auth",
		map[string]string{"x-inbenta-key": apiKey, "Content-Type": "application/json"}, `{"secret":"`+secret+`"}`)
	assert.Equal(t, http.StatusOK, res.status)
	assert.Equal(t, 2, f.Count("auth"))
}

func TestFaultDropWithoutHijacker(t *testing.T) {
	a := authtest.New()
	a.Fail("auth", authtest.Fault{Drop: true})
	req := httptest.NewRequest("POST", "/v1/auth", nil)
	assert.PanicsWithValue(t, http.ErrAbortHandler, func() { a.ServeHTTP(httptest.NewRecorder(), req) })
}

func TestHandlerWithoutServer(t *testing.T) {
	a := authtest.New()
	a.AddInstance(apiKey, secret)
	req := httptest.NewRequest("POST", "http://emulator.test/v1/auth", strings.NewReader("secret="+secret))
	req.Header.Set("x-inbenta-key", apiKey)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec := httptest.NewRecorder()
	a.ServeHTTP(rec, req)
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	var m map[string]any
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &m))
	assert.Equal(t, "http://emulator.test/prod/chatbot", m["apis"].(map[string]any)["chatbot"])
}

func TestConcurrency(t *testing.T) {
	f := newFixture(t)
	f.Fail("auth", make([]authtest.Fault, 50)...)
	for i := range 50 {
		f.Fail("auth", authtest.Fault{Status: 503 + i%2})
	}
	const n = 200
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		tokens   = map[string]bool{}
		statuses = map[int]int{}
	)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: n}}
	defer client.CloseIdleConnections()
	for range n {
		wg.Go(func() {
			header := map[string]string{"x-inbenta-key": apiKey, "Content-Type": "application/json", "Origin": pageOrigin}
			res := send(t, client, "POST", f.AuthURL+"/auth", header, `{"domain_key":"`+f.domainKey+`"}`)
			_ = f.Count("auth") // readers race with the handlers too
			mu.Lock()
			defer mu.Unlock()
			statuses[res.status]++
			if res.status == http.StatusOK {
				var g struct{ AccessToken string }
				if assert.NoError(t, json.Unmarshal([]byte(res.body), &g)) {
					tokens[g.AccessToken] = true
				}
			}
		})
	}
	wg.Wait()
	assert.Equal(t, map[int]int{200: 150, 503: 25, 504: 25}, statuses)
	assert.Len(t, tokens, 150, "tokens are unique")
	assert.Equal(t, n, f.Count("auth"))

	tok := f.auth(t)
	res := f.do(t, "GET", "/prod/chatbot/v1/x", bearer(tok), "")
	assert.EqualValues(t, 151, res.json(t)["tokenSeq"], "sequence numbers have no gaps")
}

func TestNewDomainKey(t *testing.T) {
	a, b := authtest.NewDomainKey("p1"), authtest.NewDomainKey("p1")
	assert.NotEqual(t, a, b)
	parts := strings.Split(a, ".")
	require.Len(t, parts, 3)
	decode := func(s string) map[string]any {
		raw, err := base64.RawURLEncoding.DecodeString(s)
		require.NoError(t, err)
		var m map[string]any
		require.NoError(t, json.Unmarshal(raw, &m))
		return m
	}
	assert.Equal(t, map[string]any{"alg": "RS256", "typ": "JWT"}, decode(parts[0]))
	payload := decode(parts[1])
	assert.Equal(t, "p1", payload["project"])
	assert.NotEmpty(t, payload["domain_key_id"])
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	require.NoError(t, err)
	assert.Len(t, sig, 32)
}

func TestFailAllUntilCleared(t *testing.T) {
	srv := authtest.NewServer()
	defer srv.Close()
	srv.AddInstance("k", "s")
	srv.Fail("auth", authtest.Fault{Status: 500})
	srv.FailAll("auth", authtest.Fault{Status: 503})
	post := func() int {
		req, _ := http.NewRequest("POST", srv.AuthURL+"/auth", strings.NewReader(`{"secret":"s"}`))
		req.Header.Set("x-inbenta-key", "k")
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		return resp.StatusCode
	}
	assert.Equal(t, []int{500, 503, 503}, []int{post(), post(), post()}, "the queue first, then the rule")
	srv.ClearFaults("auth")
	assert.Equal(t, 200, post())
}
