//go:build !(js && wasm)

package authtest_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/inbenta-community/inbenta-auth/sdk/authtest"
)

const (
	sessionMissing = `{"errors":[{"code":400,"message":"Missing x-inbenta-session header"}]}`
	sessionInvalid = `{"errors":[{"code":400,"message":"Invalid session token"}]}`
)

// startSession starts a session of product with tok and returns its token.
func (f fixture) startSession(t *testing.T, tok, product string) string {
	t.Helper()
	path := "/prod/" + product + "/v1/tracking/session"
	if product == "chatbot" {
		path = "/prod/chatbot/v1/conversation"
	}
	res := f.do(t, "POST", path, bearer(tok), "")
	require.Equal(t, http.StatusOK, res.status, res.body)
	return res.json(t)["sessionToken"].(string)
}

func withSession(header map[string]string, value string) map[string]string {
	header["x-inbenta-session"] = value
	return header
}

func TestChatbotConversation(t *testing.T) {
	f := newFixture(t)
	tok := f.auth(t)
	res := f.do(t, "POST", "/prod/chatbot/v1/conversation", bearer(tok), "")
	require.Equal(t, http.StatusOK, res.status)
	start := res.json(t)
	assert.Equal(t, "1", start["sessionId"])
	session := start["sessionToken"].(string)
	assert.Len(t, session, 32)

	header := withSession(bearer(tok), "Bearer "+session)
	header["Content-Type"] = "application/json"
	res = f.do(t, "POST", "/prod/chatbot/v1/conversation/message", header, `{"message":"hello"}`)
	require.Equal(t, http.StatusOK, res.status, res.body)
	assert.JSONEq(t, `{"answers":[{"type":"answer","message":"You said \"hello\". This is the emulated chatbot.",
		"messageList":["You said \"hello\". This is the emulated chatbot."]}]}`, res.body)
	header["Content-Type"] = "application/x-www-form-urlencoded"
	res = f.do(t, "POST", "/prod/chatbot/v1/conversation/message", header, `message=hi+there`)
	assert.Contains(t, res.body, `You said \"hi there\"`)

	res = f.do(t, "GET", "/prod/chatbot/v1/conversation/history", header, "")
	require.Equal(t, http.StatusOK, res.status)
	assert.Equal(t, 1.0, res.json(t)["sessionSeq"], "other routes echo the session they carried")

	f.do(t, "POST", "/prod/chatbot/v1/conversation", bearer(tok), "")
	assert.Equal(t, 2, f.SessionStarts("chatbot"))
	assert.Equal(t, map[int]int{1: 3}, f.SessionsUsed("chatbot"))
	assert.Zero(t, f.SessionStarts("search"))
	f.ResetCounts()
	assert.Zero(t, f.SessionStarts("chatbot"))
	assert.Empty(t, f.SessionsUsed("chatbot"))
}

func TestSessionHeaderIsChecked(t *testing.T) {
	f := newFixture(t)
	tok := f.auth(t)
	chat, search, knowledge := f.startSession(t, tok, "chatbot"), f.startSession(t, tok, "search"), f.startSession(t, tok, "knowledge")
	tests := []struct {
		name, path, session string
		status              int
		body                string
	}{
		{"chatbot, Bearer", "/prod/chatbot/v1/conversation/message", "Bearer " + chat, 200, ""},
		{"chatbot, missing", "/prod/chatbot/v1/conversation/message", "", 400, sessionMissing},
		{"chatbot, raw", "/prod/chatbot/v1/conversation/message", chat, 400, sessionInvalid},
		{"chatbot, unknown", "/prod/chatbot/v1/conversation/message", "Bearer made-up", 400, sessionInvalid},
		{"chatbot, search's session", "/prod/chatbot/v1/conversation/message", "Bearer " + search, 400, sessionInvalid},
		{"chatbot, needs none, carries a bad one", "/prod/chatbot/v1/x", "Bearer made-up", 400, sessionInvalid},
		{"chatbot, needs none", "/prod/chatbot/v1/x", "", 200, ""},
		{"search, raw", "/prod/search/v1/tracking/events", search, 200, ""},
		{"search, Bearer", "/prod/search/v1/tracking/events", "Bearer " + search, 400, sessionInvalid},
		{"search, missing", "/prod/search/v1/tracking/events", "", 400, sessionMissing},
		{"search, knowledge's session", "/prod/search/v1/tracking/events", knowledge, 400, sessionInvalid},
		{"search, needs none", "/prod/search/v1/search", "", 200, ""},
		{"knowledge, raw", "/prod/knowledge/v1/tracking/events", knowledge, 200, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			header := bearer(tok)
			if tc.session != "" {
				header = withSession(header, tc.session)
			}
			res := f.do(t, "POST", tc.path, header, "")
			assert.Equal(t, tc.status, res.status, res.body)
			if tc.body != "" {
				assert.Equal(t, tc.body, res.body)
			}
		})
	}
	res := f.do(t, "POST", "/prod/chatbot/v1/conversation/message", withSession(map[string]string{"x-inbenta-key": apiKey}, "Bearer "+chat), "")
	assert.Equal(t, http.StatusUnauthorized, res.status, "the gateway checks the token first")

	// A session belongs to the instance whose token started it.
	other := f.do(t, "POST", "/v1/auth", map[string]string{"x-inbenta-key": otherKey, "Content-Type": "application/json"},
		`{"secret":"secret-2"}`).json(t)["accessToken"].(string)
	header := withSession(map[string]string{"x-inbenta-key": otherKey, "Authorization": "Bearer " + other}, "Bearer "+chat)
	res = f.do(t, "POST", "/prod/chatbot/v1/conversation/message", header, "")
	assert.Equal(t, sessionInvalid, res.body)
}

func TestTrackingSessionStart(t *testing.T) {
	f := newFixture(t)
	tok := f.auth(t)
	for _, product := range []string{"search", "knowledge"} {
		res := f.do(t, "POST", "/prod/"+product+"/v1/tracking/session", bearer(tok), "")
		require.Equal(t, http.StatusOK, res.status)
		answer := res.json(t)
		assert.Len(t, answer, 1, "the session token alone")
		assert.Len(t, answer["sessionToken"], 32)
		assert.Equal(t, 1, f.SessionStarts(product))
	}
	res := f.do(t, "GET", "/prod/search/v1/tracking/session", bearer(tok), "")
	assert.Equal(t, sessionMissing, res.body, "only a POST starts one")
}

func TestSessionLifetimeSlides(t *testing.T) {
	f := newFixture(t)
	clock := newFakeClock(time.Unix(1_800_000_000, 0))
	f.SetClock(clock.now)
	f.SetSessionLifetime("chatbot", 3*time.Second)
	f.SetTokenTTL(2 * time.Hour)
	tok := f.auth(t)
	header := withSession(bearer(tok), "Bearer "+f.startSession(t, tok, "chatbot"))
	message := func() response {
		return f.do(t, "POST", "/prod/chatbot/v1/conversation/message", header, `{"message":"x"}`)
	}
	for range 3 {
		clock.advance(2900 * time.Millisecond)
		assert.Equal(t, http.StatusOK, message().status, "each call slides the lifetime")
	}
	clock.advance(3 * time.Second)
	res := message()
	assert.Equal(t, http.StatusBadRequest, res.status)
	assert.Equal(t, authtest.SessionExpiredBody, res.body)
	assert.Equal(t, `{"errors":[{"code":400,"message":"Session expired"}]}`, res.body)
	assert.Equal(t, authtest.SessionExpiredBody, message().body, "and stays expired")

	search := withSession(bearer(tok), f.startSession(t, tok, "search"))
	clock.advance(29 * time.Minute)
	assert.Equal(t, http.StatusOK, f.do(t, "POST", "/prod/search/v1/tracking/events", search, "").status, "search's default: 30 minutes")
	clock.advance(30 * time.Minute)
	assert.Equal(t, authtest.SessionExpiredBody, f.do(t, "POST", "/prod/search/v1/tracking/events", search, "").body)
}

func TestExpireSessions(t *testing.T) {
	f := newFixture(t)
	tok := f.auth(t)
	chat := withSession(bearer(tok), "Bearer "+f.startSession(t, tok, "chatbot"))
	search := withSession(bearer(tok), f.startSession(t, tok, "search"))
	f.ExpireSessions("chatbot")
	assert.Equal(t, authtest.SessionExpiredBody, f.do(t, "POST", "/prod/chatbot/v1/conversation/message", chat, "").body)
	assert.Equal(t, http.StatusOK, f.do(t, "POST", "/prod/search/v1/tracking/events", search, "").status, "other products keep theirs")

	fresh := withSession(bearer(tok), "Bearer "+f.startSession(t, tok, "chatbot"))
	assert.Equal(t, http.StatusOK, f.do(t, "POST", "/prod/chatbot/v1/conversation/message", fresh, "").status,
		"sessions started later live")
}

func TestTokenRefusalShapes(t *testing.T) {
	f := newFixture(t)
	tok := f.auth(t)
	f.RevokeTokens()
	res := f.do(t, "POST", "/prod/chatbot/v1/conversation", bearer(tok), "")
	assert.Equal(t, http.StatusForbidden, res.status)
	assert.Equal(t, authtest.GatewayDeny, res.body)

	f.SetTokenRefusal(http.StatusUnauthorized)
	for _, path := range []string{"/prod/chatbot/v1/conversation", "/prod/search/v1/search", "/v1/refreshToken"} {
		res = f.do(t, "POST", path, bearer(tok), "")
		assert.Equal(t, http.StatusUnauthorized, res.status, path)
		assert.Equal(t, `{"message":"Unauthorized"}`, res.body, path)
	}
	f.SetTokenRefusal(http.StatusForbidden)
	assert.Equal(t, authtest.GatewayDeny, f.do(t, "POST", "/prod/search/v1/search", bearer(tok), "").body)
	assert.Zero(t, f.SessionStarts("chatbot"), "a refused token starts nothing")
}

func TestCountWithHeader(t *testing.T) {
	f := newFixture(t)
	tok := f.auth(t)
	header := bearer(tok)
	header["x-inbenta-env"], header["x-inbenta-user-type"] = "production", "0"
	f.do(t, "POST", "/prod/chatbot/v1/conversation", header, "")
	header["x-inbenta-source"] = "web"
	f.do(t, "GET", "/prod/chatbot/v1/x", header, "")
	f.do(t, "GET", "/prod/chatbot/v1/x", bearer(tok), "")
	assert.Equal(t, 2, f.CountWithHeader("chatbot", "x-inbenta-env"))
	assert.Equal(t, 2, f.CountWithHeader("chatbot", "X-Inbenta-User-Type"))
	assert.Equal(t, 1, f.CountWithHeader("chatbot", "x-inbenta-source"))
	assert.Zero(t, f.CountWithHeader("auth", "x-inbenta-env"))
	f.ResetCounts()
	assert.Zero(t, f.CountWithHeader("chatbot", "x-inbenta-env"))
}

func TestPreflightGrantsSessionAndProductHeaders(t *testing.T) {
	f := newFixture(t)
	res := f.preflight(t, "/prod/chatbot/v1/conversation/message", pageOrigin,
		"authorization, x-inbenta-key, x-inbenta-session, x-inbenta-env, x-inbenta-user-type, x-inbenta-source, content-type")
	assert.Equal(t, http.StatusNoContent, res.status)
	granted := res.header.Get("Access-Control-Allow-Headers")
	for _, h := range []string{"x-inbenta-session", "x-inbenta-env", "x-inbenta-user-type", "x-inbenta-source"} {
		assert.Contains(t, granted, h)
	}
}
