package sdk

import (
	"context"
	"encoding/json"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestStoreKeyMatchesTheLoadersVectors(t *testing.T) {
	data, err := os.ReadFile("../testdata/persist/keys.json")
	require.NoError(t, err)
	var vectors []struct{ AuthURL, APIKey, DomainKey, Key string }
	require.NoError(t, json.Unmarshal(data, &vectors))
	require.NotEmpty(t, vectors)
	for _, v := range vectors {
		key, err := StoreKey(v.AuthURL, v.APIKey, v.DomainKey)
		require.NoError(t, err)
		assert.Equal(t, v.Key, key)
	}
}

func TestStoreKeyHoldsNoDomainKey(t *testing.T) {
	a, err := StoreKey("", "k", testCreds.DomainKey)
	require.NoError(t, err)
	b, err := StoreKey("", "k", testCreds.DomainKey+"x")
	require.NoError(t, err)
	c, err := StoreKey("", "k", "")
	require.NoError(t, err)
	assert.NotContains(t, a, testCreds.DomainKey[:16])
	assert.NotEqual(t, a, b, "each Domain Key has its entry")
	assert.NotEqual(t, a, c, "access-token clients have theirs")
	_, err = StoreKey("ftp://x/v1", "k", "")
	assert.Equal(t, CodeInvalidArgument, CodeOf(err))
}

// stored is an entry as the bridge writes one, with what edit changes.
func stored(now Instant, edit func(map[string]any)) map[string]any {
	sec := float64(now / Instant(Second))
	m := map[string]any{"accessToken": "tok-stored", "expiration": sec + 1200,
		"obtained": sec - 60, "apis": map[string]any{"chatbot": "https://api-gce3.inbenta.io/prod/chatbot"}}
	if edit != nil {
		edit(m)
	}
	return m
}

func TestParseStored(t *testing.T) {
	now := newFakeClock().Now()
	base := DefaultAuthURL
	tok, err := ParseStored(stored(now, nil), base, now, DefaultLeeway)
	require.NoError(t, err)
	assert.Equal(t, "tok-stored", tok.AccessToken)
	assert.Equal(t, now.Add(1200*Second), tok.Expiry)
	assert.Equal(t, now.Add(-Minute), tok.Obtained)
	assert.Equal(t, map[string]string{"chatbot": "https://api-gce3.inbenta.io/prod/chatbot"}, tok.APIs)

	sec := float64(now / Instant(Second))
	for name, edit := range map[string]func(map[string]any){
		"not an object":           nil,
		"a field it never writes": func(m map[string]any) { m["expires_in"] = float64(1200) },
		"token not a string":      func(m map[string]any) { m["accessToken"] = float64(1) },
		"token with spaces":       func(m map[string]any) { m["accessToken"] = "a b" },
		"huge token":              func(m map[string]any) { m["accessToken"] = strings.Repeat("a", 9000) },
		"no expiration":           func(m map[string]any) { delete(m, "expiration") },
		"no obtained":             func(m map[string]any) { delete(m, "obtained") },
		"obtained in the future":  func(m map[string]any) { m["obtained"] = sec + 10 },
		"expiration beyond the API": func(m map[string]any) {
			m["obtained"], m["expiration"] = sec, sec+float64(MaxSharedLife/Second)+1
		},
		"far-future expiration":      func(m map[string]any) { m["expiration"] = float64(4102444800) },
		"expiration before obtained": func(m map[string]any) { m["expiration"] = sec - 120 },
		"expired":                    func(m map[string]any) { m["expiration"] = sec - 1 },
		"within the leeway":          func(m map[string]any) { m["expiration"] = sec + 5 },
		"no apis":                    func(m map[string]any) { delete(m, "apis") },
		"empty apis":                 func(m map[string]any) { m["apis"] = map[string]any{} },
		"foreign apis origin": func(m map[string]any) {
			m["apis"] = map[string]any{"chatbot": "https://evil.example/prod/chatbot"}
		},
		"one foreign api among good ones": func(m map[string]any) {
			m["apis"] = map[string]any{"chatbot": "https://api-gce3.inbenta.io/prod/chatbot", "search": "https://inbenta.io.evil.example/x"}
		},
		"apis not URLs":    func(m map[string]any) { m["apis"] = map[string]any{"chatbot": "javascript:alert(1)"} },
		"apis bad product": func(m map[string]any) { m["apis"] = map[string]any{"__proto__": "https://api.inbenta.io/x"} },
		"apis downgraded": func(m map[string]any) {
			m["apis"] = map[string]any{"chatbot": "http://api-gce3.inbenta.io/prod/chatbot"}
		},
		"apis a string": func(m map[string]any) { m["apis"] = "https://api.inbenta.io" },
		"apis on other port": func(m map[string]any) {
			m["apis"] = map[string]any{"chatbot": "https://api-gce3.inbenta.io:8443/prod/chatbot"}
		},
	} {
		var v any = []any{"tok"}
		if edit != nil {
			v = stored(now, edit)
		}
		_, err := ParseStored(v, base, now, DefaultLeeway)
		assert.Equal(t, CodeBadResponse, CodeOf(err), name)
	}
}

func TestSameSite(t *testing.T) {
	for _, tc := range []struct {
		auth, api string
		want      bool
	}{
		{"https://api.inbenta.io/v1", "https://api-gce3.inbenta.io/prod/chatbot", true},
		{"https://api.inbenta.io/v1", "https://api.inbenta.io:443/prod/chatbot", true},
		{"https://api.inbenta.io/v1", "https://inbenta.io/prod", false},
		{"https://api-smart-routing.inbenta.io", "https://api-aws2.inbenta.io/prod/search", true},
		{"https://api.inbenta.io/v1", "https://evil.example/prod/chatbot", false},
		{"https://api.inbenta.io/v1", "https://notinbenta.io/prod/chatbot", false},
		{"https://api.inbenta.io/v1", "https://inbenta.io.evil.example/prod", false},
		{"https://api.inbenta.io/v1", "http://api-gce3.inbenta.io/prod", false},
		{"https://api.inbenta.io/v1", "https://api-gce3.inbenta.io:8443/prod", false},
		{"http://api.inbenta.test/v1", "http://products.inbenta.test/prod", true},
		{"http://api.inbenta.test/v1", "https://products.inbenta.test/prod", false},
		{"https://inbenta.io/v1", "https://api.inbenta.io/prod", false}, // no parent: the same origin only
		{"https://auth.example.co.uk/v1", "https://evil.co.uk/prod", false},
		{"https://auth.example.co.uk/v1", "https://auth.example.co.uk/prod", true},
		{"https://a.b.example.co.uk/v1", "https://c.b.example.co.uk/prod", true},
		{"http://127.0.0.1:8081/v1", "http://127.0.0.1:8081/prod/chatbot", true},
		{"http://127.0.0.1:8081/v1", "http://127.0.0.1:9999/prod/chatbot", false},
		{"http://127.0.0.1:8081/v1", "http://127.0.0.2:8081/prod/chatbot", false},
		{"http://localhost:8081/v1", "http://localhost:8082/prod", false},
		{"http://[::1]:8081/v1", "http://[::1]:8081/prod", true},
		{"http://[::1]:8081/v1", "http://[::2]:8081/prod", false},
		{"https://api.inbenta.io/v1", "not a url", false},
	} {
		assert.Equal(t, tc.want, SameSite(tc.auth, tc.api), "%s %s", tc.auth, tc.api)
	}
}

// memStore is a Store in memory: its entry is decoded JSON, as the
// browser's would be; Save writes what the bridge writes.
type memStore struct {
	mu      sync.Mutex
	entry   any
	saves   []string // the saved tokens
	removes int
}

func (s *memStore) Load(string) any {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.entry
}

func (s *memStore) Save(_ string, rec Record) {
	t := rec.Token
	apis := map[string]any{}
	for k, v := range t.APIs {
		apis[k] = v
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.saves = append(s.saves, t.AccessToken)
	s.entry = map[string]any{"accessToken": strings.Clone(t.AccessToken),
		"expiration": t.ExpirationUnix(), "obtained": float64(t.Obtained) / float64(Second), "apis": apis}
}

func (s *memStore) Remove(string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.entry = nil
	s.removes++
}

func (s *memStore) token() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, _ := s.entry.(map[string]any)
	tok, _ := m["accessToken"].(string)
	return tok
}

// authAnswer is /auth's answer with token tok, issued at now.
func authAnswer(t *testing.T, tok string, now Instant) *Response {
	sec := strconv.FormatInt(int64(now/Instant(Second))+1200, 10)
	return &Response{Status: 200, JSON: decode(t, `{"accessToken":"`+tok+`","expiration":`+sec+
		`,"expires_in":1200,"apis":{"chatbot":"https://api-gce3.inbenta.io/prod/chatbot"}}`)}
}

// persistingKeeper is a Domain Key keeper of the default Auth API that
// keeps store, whose /auth answers tok-new.
func persistingKeeper(t *testing.T, clock *fakeClock, store Store, edit func(*Config)) (*Keeper, *fakeTransport) {
	t.Helper()
	tr := &fakeTransport{resp: authAnswer(t, "tok-new", clock.Now())}
	cfg := Config{APIKey: "k", Options: pageOptions(t, `{"persist":"session"}`), Transport: tr, Clock: clock, Store: store}
	if edit != nil {
		edit(&cfg)
	}
	k, err := NewDomainKeyKeeper(cfg, testCreds.DomainKey)
	require.NoError(t, err)
	t.Cleanup(k.Close)
	return k, tr
}

func TestARestoredTokenIsUsedWithoutAnExchange(t *testing.T) {
	clock := newFakeClock()
	store := &memStore{entry: stored(clock.Now(), nil)}
	ev := &events{}
	k, tr := persistingKeeper(t, clock, store, func(c *Config) { c.Observer = ev.add })

	tok, gen := k.Ready()
	require.NotNil(t, tok, "the first call can go at once")
	assert.Equal(t, "tok-stored", tok.AccessToken)
	assert.Equal(t, uint64(1), gen)
	_, _, err := k.Token(context.Background())
	require.NoError(t, err)
	assert.Empty(t, tr.reqs, "no exchange")
	assert.Empty(t, store.saves, "nothing new to save")
	assert.Empty(t, ev.kinds(), "a restored token is no new token")
}

func TestEachTokenIsSavedAndARefusedOneRemoved(t *testing.T) {
	clock := newFakeClock()
	store := &memStore{entry: stored(clock.Now(), nil)}
	k, tr := persistingKeeper(t, clock, store, nil)

	// The API refuses the restored token: it is removed before the
	// exchange that replaces it, whose token is saved.
	tok, gen, err := k.Rejected(context.Background(), 1)
	require.NoError(t, err)
	assert.Equal(t, "tok-new", tok.AccessToken)
	assert.Equal(t, uint64(2), gen)
	assert.Len(t, tr.reqs, 1, "replaced once")
	assert.Equal(t, 1, store.removes)
	assert.Equal(t, []string{"tok-new"}, store.saves)
	restored, err := ParseStored(store.Load(""), DefaultAuthURL, clock.Now(), DefaultLeeway)
	require.NoError(t, err, "what is saved can be restored")
	assert.Equal(t, "tok-new", restored.AccessToken)

	// A refusal of the replaced token removes nothing.
	_, _, err = k.Rejected(context.Background(), 1)
	require.NoError(t, err)
	assert.Equal(t, 1, store.removes)

	// At expiry, the next exchange's token is saved too.
	clock.Advance(1200 * Second)
	tr.mu.Lock()
	tr.resp = authAnswer(t, "tok-next", clock.Now())
	tr.mu.Unlock()
	_, _, err = k.Token(context.Background())
	require.NoError(t, err)
	assert.Equal(t, []string{"tok-new", "tok-next"}, store.saves)
}

func TestAnUnusableEntryIsRemovedAndTheClientExchanges(t *testing.T) {
	clock := newFakeClock()
	for name, entry := range map[string]any{
		"expired":  stored(clock.Now(), func(m map[string]any) { m["expiration"] = m["obtained"].(float64) + 30 }),
		"tampered": stored(clock.Now(), func(m map[string]any) { m["apis"] = map[string]any{"chatbot": "https://evil.example/"} }),
		"garbage":  "not an entry",
	} {
		store := &memStore{entry: entry}
		k, tr := persistingKeeper(t, clock, store, nil)
		tok, _, err := k.Token(context.Background())
		require.NoError(t, err, name)
		assert.Equal(t, "tok-new", tok.AccessToken, name)
		assert.Len(t, tr.reqs, 1, "%s: exactly one exchange", name)
		assert.Equal(t, 1, store.removes, name)
		assert.Equal(t, "tok-new", store.token(), name)
	}
}

func TestAClientAlreadyExchangingRestoresNothing(t *testing.T) {
	clock := newFakeClock()
	store := &memStore{entry: stored(clock.Now(), nil)}
	k, tr := persistingKeeper(t, clock, store, func(c *Config) { c.Exchanging = true })
	tok, _, err := k.Token(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "tok-new", tok.AccessToken, "the exchange in flight is used")
	assert.Len(t, tr.reqs, 1)
	assert.Equal(t, "tok-new", store.token(), "and saved")
}

func TestAccessTokenClientAndTheStoredToken(t *testing.T) {
	clock := newFakeClock()
	sec := float64(clock.Now() / Instant(Second))
	exp := func(s float64) string { return strconv.FormatFloat(s, 'f', -1, 64) }
	apis := `"apis":{"chatbot":"https://api-gce3.inbenta.io/prod/chatbot"}`
	for _, tc := range []struct {
		name, given, opts, want string
		apisAsked               bool
		saved                   []string
	}{
		{"the same token gets its apis and expiration", "tok-stored", `{"persist":"session"}`, "tok-stored", false, nil},
		{"an older token is replaced", "tok-old", `{"persist":"session","expiration":` + exp(sec+600) + `,` + apis + `}`, "tok-stored", false, nil},
		{"an expired token is replaced", "tok-old", `{"persist":"session","expiration":` + exp(sec-1) + `,` + apis + `}`, "tok-stored", false, nil},
		{"a newer token is kept and saved", "tok-newer", `{"persist":"session","expiration":` + exp(sec+1800) + `,` + apis + `}`, "tok-newer", false, []string{"tok-newer"}},
		{"a token without expiration is kept, and not saved", "tok-other", `{"persist":"session"}`, "tok-other", true, nil},
	} {
		store := &memStore{entry: stored(clock.Now(), nil)}
		tr := &fakeTransport{resp: &Response{Status: 200, JSON: decode(t, `{`+apis+`}`)}}
		cfg := Config{APIKey: "k", Options: pageOptions(t, tc.opts), Transport: tr, Clock: clock, Store: store}
		src, err := NewAccessTokenSource(cfg, nil)
		require.NoError(t, err)
		k, err := NewAccessTokenKeeper(context.Background(), cfg, tc.given, src)
		require.NoError(t, err, tc.name)
		tok := k.Current()
		assert.Equal(t, tc.want, tok.AccessToken, tc.name)
		assert.NotEmpty(t, tok.APIs, tc.name)
		assert.Equal(t, tc.apisAsked, len(tr.reqs) == 1, "%s: GET /apis", tc.name)
		if tc.want == "tok-stored" {
			assert.Equal(t, clock.Now().Add(1200*Second), tok.Expiry, tc.name)
		}
		assert.Equal(t, tc.saved, store.saves, tc.name)
		if tc.saved != nil {
			restored, err := ParseStored(store.Load(""), DefaultAuthURL, clock.Now(), DefaultLeeway)
			require.NoError(t, err, "%s: a page's token is saved as it can be restored", tc.name)
			assert.Equal(t, tc.want, restored.AccessToken)
		}
		if tc.want == "tok-other" {
			assert.Nil(t, store.Load(""), "%s: the older token no longer stands for it", tc.name)
		}
		k.Close()
	}
}
