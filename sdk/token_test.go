package sdk

import (
	"encoding/json"
	"strings"
	"testing"

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
	sent := Instant(1_573_562_600 * Second)
	tok, err := ParseTokenAnswer(decode(t, `{"accessToken":"abc.def","expiration":1573563837,
		"apis":{"chatbot":"https://api-eu.inbenta.io/prod/chatbot","search":"http://127.0.0.1:9/prod/search"}}`), nil, sent)
	require.NoError(t, err)
	assert.Equal(t, "abc.def", tok.AccessToken)
	assert.Equal(t, Instant(1573563837*Second), tok.Expiry)
	assert.Equal(t, sent, tok.Obtained)
	assert.Equal(t, map[string]string{
		"chatbot": "https://api-eu.inbenta.io/prod/chatbot",
		"search":  "http://127.0.0.1:9/prod/search",
	}, tok.APIs)
}

func TestParseTokenAnswerPrefersLifetimeOverClockSkew(t *testing.T) {
	// The page's clock is an hour ahead of the server: the absolute
	// expiration is already past locally, the lifetime is not.
	sent := Instant((1_573_563_837 + 3600) * Second)
	tok, err := ParseTokenAnswer(decode(t, `{"accessToken":"a","expiration":1573563837,"expires_in":1200}`), nil, sent)
	require.NoError(t, err)
	assert.Equal(t, sent.Add(1200*Second), tok.Expiry)
	assert.False(t, tok.Expired(sent, DefaultLeeway))
}

func TestParseTokenAnswerKeepsPreviousAPIs(t *testing.T) {
	prev := &Token{APIs: map[string]string{"chatbot": "https://x/prod/chatbot"}}
	tok, err := ParseTokenAnswer(decode(t, `{"accessToken":"a","expiration":1573563837}`), prev, 0)
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
			_, err := ParseTokenAnswer(decode(t, body), nil, 1)
			require.Error(t, err)
			assert.Equal(t, CodeBadResponse, CodeOf(err))
		})
	}
}

// A lifetime or an expiration the API cannot mean is refused, whoever
// answered: the Auth API (BAD_RESPONSE) or the page's hook
// (INVALID_ARGUMENT). expires_in 8e9 s would overflow the expiry.
func TestTokenLifetimesAreWhatTheAPICanMean(t *testing.T) {
	sent := Instant(1_800_000_000 * Second)
	for body, want := range map[string]Instant{
		`{"accessToken":"a","expiration":1800001200,"expires_in":1200}`:  sent.Add(1200 * Second),
		`{"accessToken":"a","expiration":1800086400,"expires_in":86400}`: sent.Add(MaxTokenLife),
		`{"accessToken":"a","expiration":1800172800}`:                    sent.Add(MaxTokenLife + MaxClockSkew),
		`{"accessToken":"a","expiration":1700000000}`:                    Instant(1_700_000_000 * Second), // expired: a refresh follows
	} {
		for name, parse := range map[string]func(any, *Token, Instant) (*Token, error){"answer": ParseTokenAnswer, "hook": ParseHookAnswer} {
			tok, err := parse(decode(t, body), nil, sent)
			require.NoError(t, err, "%s: %s", name, body)
			assert.Equal(t, want, tok.Expiry, "%s: %s", name, body)
		}
	}
	for body, says := range map[string]string{
		`{"accessToken":"a","expiration":1800001200,"expires_in":8e9}`:     "expires_in must be the token's lifetime in seconds, at most 86400",
		`{"accessToken":"a","expiration":1800001200,"expires_in":1200000}`: "expires_in must",
		`{"accessToken":"a","expiration":1800001200,"expires_in":"1200"}`:  "expires_in must",
		`{"accessToken":"a","expiration":1800001200,"expires_in":0}`:       "expires_in must",
		`{"accessToken":"a","expiration":1800001200,"expires_in":-5}`:      "expires_in must",
		`{"accessToken":"a","expiration":1800172801}`:                      "expiration must be the token's expiry in Unix seconds, at most 48 h after",
		`{"accessToken":"a","expiration":8e9}`:                             "expiration must",
		`{"accessToken":"a","expiration":1800001200000}`:                   "expiration must",
		`{"accessToken":"a","expiration":-1,"expires_in":1200}`:            "expiration must",
	} {
		_, err := ParseTokenAnswer(decode(t, body), nil, sent)
		assert.Equal(t, CodeBadResponse, CodeOf(err), body)
		assert.ErrorContains(t, err, says, body)
		_, err = ParseHookAnswer(decode(t, body), nil, sent)
		assert.Equal(t, CodeInvalidArgument, CodeOf(err), body)
		assert.ErrorContains(t, err, says, body)
	}
}

func TestTokenExpired(t *testing.T) {
	now := Instant(1_800_000_000 * Second)
	tok := &Token{Expiry: now.Add(Hour), Obtained: now}
	cases := []struct {
		at      Duration
		leeway  Duration
		expired bool
	}{
		{0, DefaultLeeway, false},
		{Hour - 11*Second, DefaultLeeway, false},
		{Hour - 10*Second, DefaultLeeway, true}, // within leeway
		{Hour - Second, 0, false},
		{Hour, 0, true},
		{2 * Hour, 0, true},
	}
	for _, c := range cases {
		assert.Equal(t, c.expired, tok.Expired(now.Add(c.at), c.leeway), "at %v leeway %v", c.at, c.leeway)
	}
}

func TestTokenLeewayNeverEatsMoreThanHalfItsLife(t *testing.T) {
	now := Instant(1_800_000_000 * Second)
	tok := &Token{Expiry: now.Add(4 * Second), Obtained: now}
	assert.False(t, tok.Expired(now.Add(1900*Millisecond), DefaultLeeway))
	assert.True(t, tok.Expired(now.Add(2*Second), DefaultLeeway))
}

func TestTokenWithUnknownExpiryNeverExpires(t *testing.T) {
	tok := &Token{AccessToken: "a"}
	assert.False(t, tok.Expired(Instant(1<<62), Hour))
	assert.Zero(t, tok.ExpirationUnix())
}

// A product name becomes a property of client.apis: one that JS objects
// inherit ("__proto__") would be hidden there while the token went to its
// URL, so the answer is refused.
func TestParseAPIsRefusesNamesThatAreNotProducts(t *testing.T) {
	for _, name := range []string{"__proto__", "constructor", "prototype", "Chatbot", "chat bot", "", "1search", "toString"} {
		_, err := ParseAPIs(map[string]any{"chatbot": "https://api.example/chatbot", name: "https://evil.example/"})
		assert.Equal(t, CodeBadResponse, CodeOf(err), "%q", name)
	}
	for _, name := range []string{"chatbot", "knowledge-search", "search_v2", "km"} {
		apis, err := ParseAPIs(map[string]any{name: "https://api.example/" + name})
		require.NoError(t, err, name)
		assert.Equal(t, "https://api.example/"+name, apis[name])
	}
}

// A token handed over as TokenBytes is read in place, and the Keeper wipes
// it once it drops or replaces it: no copy of it stays in memory.
func TestKeeperWipesTheTokensItOwns(t *testing.T) {
	owned := func(s string) (*Token, TokenBytes) {
		b := TokenBytes(s)
		tok, err := ParseHookAnswer(map[string]any{"accessToken": b}, nil, 0)
		require.NoError(t, err)
		require.Equal(t, s, tok.AccessToken)
		return tok, b
	}
	first, firstBytes := owned("first-token")
	second, secondBytes := owned("second-token")
	k := NewKeeper(SourceFunc(func(Context, *Token, Reason) (*Token, error) { return second, nil }), newFakeClock(), WithToken(first))
	_, err := k.Refresh(Background)
	require.NoError(t, err)
	assert.Equal(t, make(TokenBytes, len(firstBytes)), firstBytes, "the replaced token is wiped")
	assert.Equal(t, "second-token", string(secondBytes))
	k.Close()
	assert.Equal(t, make(TokenBytes, len(secondBytes)), secondBytes, "close wipes the token")

	plain, err := ParseHookAnswer(map[string]any{"accessToken": "a-string"}, nil, 0)
	require.NoError(t, err)
	plain.Wipe()
	assert.Equal(t, "a-string", plain.AccessToken, "a string is not the SDK's to wipe")
}
