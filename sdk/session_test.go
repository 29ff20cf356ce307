package sdk

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSessionTable(t *testing.T) {
	chatbot, ok := SessionSpecOf("chatbot")
	require.True(t, ok)
	assert.Equal(t, SessionSpec{Product: "chatbot", Start: "/v1/conversation", Bearer: true,
		TokenField: "sessionToken", IDField: "sessionId", Idle: 1440 * Second}, chatbot)
	for _, product := range []string{"search", "knowledge"} {
		spec, ok := SessionSpecOf(product)
		require.True(t, ok)
		assert.Equal(t, SessionSpec{Product: product, Start: "/v1/tracking/session", Bearer: false,
			TokenField: "sessionToken", Idle: 30 * Minute}, spec)
	}
	for _, product := range []string{"", "faq", "Chatbot", "__proto__"} {
		_, ok := SessionSpecOf(product)
		assert.False(t, ok, product)
	}
	assert.Equal(t, "x-inbenta-session", SessionHeader)
}

func TestSessionAllow(t *testing.T) {
	base, ok := productBase("HTTPS://API.test:443/prod/chatbot/")
	require.True(t, ok)
	assert.Equal(t, "https://api.test/prod/chatbot", base, "as a URL's href begins")
	s := &ProductSession{Product: "chatbot", Base: base}
	for url, want := range map[string]bool{
		"https://api.test/prod/chatbot":                              true,
		"https://api.test/prod/chatbot/":                             true,
		"https://api.test/prod/chatbot/v1/conversation/message":      true,
		"https://api.test/prod/chatbot?x=1":                          true,
		"https://api.test/prod/chatbot/v1/search?q=a%20b%2e%2F":      true,
		"https://api.test/prod/chatbot#top":                          true,
		"https://api.test/prod/chatbotx/v1":                          false,
		"https://api.test/prod/search/v1/tracking/events":            false,
		"https://api.test/prod/chatbot/../search/v1":                 false,
		"https://api.test/prod/chatbot/%2e%2e/search/v1":             false,
		"https://api.test/prod/chatbot/%2E%2E%2Fsearch":              false,
		"https://api.test/prod/chatbot/..%5c..%5csearch":             false,
		"https://api.test/prod/chatbot\\..\\search":                  false,
		"https://api.test.evil/prod/chatbot/v1":                      false,
		"http://api.test/prod/chatbot/v1":                            false,
		"https://api.test/prod":                                      false,
		"":                                                           false,
		"https://API.test/prod/chatbot/v1 (not normalized: refused)": false,
	} {
		if err := s.Allow(url); want {
			assert.NoError(t, err, url)
		} else {
			assert.Equal(t, CodeInvalidArgument, CodeOf(err), url)
		}
	}
	for _, raw := range []string{"", "ftp://h/x", "https://h/x?y=1", "https://h/x#f", "/relative"} {
		_, ok := productBase(raw)
		assert.False(t, ok, raw)
	}
}

func TestSessionExpiredShapes(t *testing.T) {
	for body, want := range map[string]bool{
		`{"errors":[{"code":400,"message":"Session expired"}]}`:                            true,
		`{"errors":[{"code":400,"message":"Invalid lang"},{"message":"Session expired"}]}`: false, // the first error is the answer's
		`{"error":{"code":400,"message":"Session expired"}}`:                               true,
		`{"message":"session has expired"}`:                                                true,
		`{"Message":"SESSION EXPIRED"}`:                                                    true,
		`{"errors":[{"code":400,"message":"Invalid session"}]}`:                            false,
		`{"errors":[{"code":400,"message":"Token expired"}]}`:                              false,
		`{"errors":"Session expired"}`:                                                     false,
		`{"errors":[]}`:                                                                    false,
		`"Session expired"`:                                                                false,
		`null`:                                                                             false,
		gatewayDeny:                                                                        false,
	} {
		assert.Equal(t, want, SessionExpired(400, decode(t, body)), body)
	}
	expired := decode(t, `{"errors":[{"code":400,"message":"Session expired"}]}`)
	assert.True(t, SessionExpired(404, expired))
	assert.False(t, SessionExpired(200, expired), "a success is no expiry")
	assert.False(t, SessionExpired(500, expired))
}

func TestParseSessionAnswer(t *testing.T) {
	chatbot, _ := SessionSpecOf("chatbot")
	search, _ := SessionSpecOf("search")
	const base = "https://api.test/prod/chatbot"
	s, err := parseSessionAnswer(decode(t, `{"sessionToken":"abc.def","sessionId":"a1b2"}`), &chatbot, base, 7)
	require.NoError(t, err)
	assert.Equal(t, "abc.def", s.Token())
	assert.Equal(t, "a1b2", s.ID)
	assert.Equal(t, Instant(7), s.Started)
	assert.Equal(t, base, s.Base)

	for _, body := range []string{`{"sessionToken":"abc","sessionId":12345}`, `{"sessionToken":"abc","sessionId":"` + strings.Repeat("i", 257) + `"}`} {
		s, err = parseSessionAnswer(decode(t, body), &chatbot, base, 0)
		require.NoError(t, err)
		assert.Empty(t, s.ID, "an ID that is no string, or too long, is left out; the session is kept")
	}
	s, err = parseSessionAnswer(decode(t, `{"sessionToken":"abc","sessionId":"x"}`), &search, base, 0)
	require.NoError(t, err)
	assert.Empty(t, s.ID, "search names no session")

	owned := TokenBytes("owned-token")
	s, err = parseSessionAnswer(map[string]any{"sessionToken": owned}, &chatbot, base, 0)
	require.NoError(t, err)
	s.wipe()
	assert.Equal(t, TokenBytes("\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"), owned, "the one copy is the bridge's bytes, wiped")

	for _, body := range []string{`{}`, `[]`, `null`, `{"sessionToken":""}`, `{"sessionToken":5}`,
		`{"sessionToken":"a\nb"}`, `{"sessionToken":"` + strings.Repeat("a", 9000) + `"}`} {
		_, err := parseSessionAnswer(decode(t, body), &chatbot, base, 0)
		assert.Equal(t, CodeBadResponse, CodeOf(err), body)
	}
}
