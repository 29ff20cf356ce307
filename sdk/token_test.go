package sdk

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func decode(t testing.TB, s string) any {
	t.Helper()
	var v any
	require.NoError(t, json.Unmarshal([]byte(s), &v))
	return v
}

func TestParseTokenAnswerValid(t *testing.T) {
	sent := time.Unix(1_573_562_600, 0)
	tok, err := ParseTokenAnswer(decode(t, `{"accessToken":"abc.def","expiration":1573563837,
		"apis":{"chatbot":"https://api-eu.inbenta.io/prod/chatbot","search":"http://127.0.0.1:9/prod/search"}}`), nil, sent)
	require.NoError(t, err)
	assert.Equal(t, "abc.def", tok.AccessToken)
	assert.Equal(t, int64(1573563837), TimeOf(tok.Expiry).Unix())
	assert.Equal(t, At(sent), tok.Obtained)
	assert.Equal(t, map[string]string{
		"chatbot": "https://api-eu.inbenta.io/prod/chatbot",
		"search":  "http://127.0.0.1:9/prod/search",
	}, tok.APIs)
}

func TestParseTokenAnswerPrefersLifetimeOverClockSkew(t *testing.T) {
	// The page's clock is an hour ahead of the server: the absolute
	// expiration is already past locally, the lifetime is not.
	sent := time.Unix(1_573_563_837+3600, 0)
	tok, err := ParseTokenAnswer(decode(t, `{"accessToken":"a","expiration":1573563837,"expires_in":1200}`), nil, sent)
	require.NoError(t, err)
	assert.Equal(t, At(sent.Add(1200*time.Second)), tok.Expiry)
	assert.False(t, tok.Expired(sent, DefaultLeeway))
}

func TestParseTokenAnswerKeepsPreviousAPIs(t *testing.T) {
	prev := &Token{APIs: map[string]string{"chatbot": "https://x/prod/chatbot"}}
	tok, err := ParseTokenAnswer(decode(t, `{"accessToken":"a","expiration":1573563837}`), prev, time.Now())
	require.NoError(t, err)
	assert.Equal(t, prev.APIs, tok.APIs)
}

func TestParseTokenAnswerRejectsBadShapes(t *testing.T) {
	long := strings.Repeat("a", maxTokenLen+1)
	for name, body := range map[string]string{
		"array":               `[{"accessToken":"a","expiration":1}]`,
		"string":              `"a"`,
		"null":                `null`,
		"missing token":       `{"expiration":1573563837}`,
		"empty token":         `{"accessToken":"","expiration":1573563837}`,
		"numeric token":       `{"accessToken":5,"expiration":1573563837}`,
		"token with newline":  `{"accessToken":"a\nb","expiration":1573563837}`,
		"token with space":    `{"accessToken":"a b","expiration":1573563837}`,
		"token with unicode":  `{"accessToken":"añb","expiration":1573563837}`,
		"too long token":      `{"accessToken":"` + long + `","expiration":1573563837}`,
		"missing expiration":  `{"accessToken":"a"}`,
		"string expiration":   `{"accessToken":"a","expiration":"1573563837"}`,
		"negative expiration": `{"accessToken":"a","expiration":-1}`,
		"huge expiration":     `{"accessToken":"a","expiration":1e300}`,
		"apis array":          `{"accessToken":"a","expiration":1573563837,"apis":["x"]}`,
		"apis not url":        `{"accessToken":"a","expiration":1573563837,"apis":{"chatbot":"javascript:alert(1)"}}`,
		"apis number":         `{"accessToken":"a","expiration":1573563837,"apis":{"chatbot":1}}`,
	} {
		t.Run(name, func(t *testing.T) {
			_, err := ParseTokenAnswer(decode(t, body), nil, time.Now())
			require.Error(t, err)
			assert.Equal(t, CodeBadResponse, CodeOf(err))
		})
	}
}

func TestTokenExpired(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	tok := &Token{Expiry: At(now.Add(time.Hour)), Obtained: At(now)}
	cases := []struct {
		at      time.Duration
		leeway  time.Duration
		expired bool
	}{
		{0, DefaultLeeway, false},
		{time.Hour - 11*time.Second, DefaultLeeway, false},
		{time.Hour - 10*time.Second, DefaultLeeway, true}, // within leeway
		{time.Hour - time.Second, 0, false},
		{time.Hour, 0, true},
		{2 * time.Hour, 0, true},
	}
	for _, c := range cases {
		assert.Equal(t, c.expired, tok.Expired(now.Add(c.at), c.leeway), "at %v leeway %v", c.at, c.leeway)
	}
}

func TestTokenLeewayNeverEatsMoreThanHalfItsLife(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	tok := &Token{Expiry: At(now.Add(4 * time.Second)), Obtained: At(now)}
	assert.False(t, tok.Expired(now.Add(1900*time.Millisecond), DefaultLeeway))
	assert.True(t, tok.Expired(now.Add(2*time.Second), DefaultLeeway))
}

func TestTokenWithUnknownExpiryNeverExpires(t *testing.T) {
	tok := &Token{AccessToken: "a"}
	assert.False(t, tok.Expired(time.Unix(1<<40, 0), time.Hour))
	assert.Zero(t, tok.ExpirationUnix())
}

func TestTokenExpiryUsesWallClock(t *testing.T) {
	// time.Now carries a monotonic reading that stops while a laptop sleeps;
	// an expiry parsed from Unix seconds must compare by the wall clock.
	tok, err := ParseTokenAnswer(map[string]any{"accessToken": "a", "expiration": float64(time.Now().Add(time.Hour).Unix())}, nil, time.Now())
	require.NoError(t, err)
	slept := time.Now().Add(2 * time.Hour) // keeps a monotonic reading
	assert.True(t, tok.Expired(slept, 0))
}
