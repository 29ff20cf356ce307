package sdk

import (
	"context"
	"maps"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// keyedStore is a Store of several entries, as decoded JSON: the bridge's
// shape of a sessions Record.
type keyedStore struct {
	mu      sync.Mutex
	entries map[string]any
	saves   int
}

func (s *keyedStore) Load(key string) any {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.entries[key]
}

func (s *keyedStore) Save(key string, rec Record) {
	entry := map[string]any{}
	kv := rec.Session.Pairs()
	for i := 0; i+1 < len(kv); i += 2 {
		if v, ok := kv[i+1].(string); ok {
			kv[i+1] = strings.Clone(v) // as the bridge copies it into JS: the session's bytes get wiped
		}
		entry[kv[i].(string)] = kv[i+1]
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.entries[key] = entry
	s.saves++
}

func (s *keyedStore) Remove(key string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.entries, key)
}

func (s *keyedStore) savesSoFar() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.saves
}

// part is the entry of the product's session of the client whose token's
// entry is "k".
func (s *keyedStore) part(product string) map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, _ := s.entries[sessionKey("k", product)].(map[string]any)
	return maps.Clone(p)
}

func (s *keyedStore) set(product string, entry map[string]any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.entries[sessionKey("k", product)] = entry
}

// persistedRig is one page's sessionRig whose client keeps its sessions in
// store (its token's entry is "k").
func persistedRig(t *testing.T, store Store) *sessionRig {
	t.Helper()
	r := &sessionRig{api: newProductAPI(), src: &apisSource{}, ev: &events{}}
	r.keeper = NewKeeper(r.src, realClock, WithObserver(r.ev.add), withBreaker(0, 0))
	r.keeper.persist = &persister{store: store, key: "k", clock: realClock}
	cfg := Config{APIKey: "api-key-1", Transport: r.api, Clock: realClock, Observer: r.ev.add}
	r.m = cfg.NewSessions(r.keeper)
	t.Cleanup(func() {
		r.m.Close()
		r.keeper.Close()
	})
	return r
}

func nowSeconds() float64 { return float64(realClock.Now()) / float64(Second) }

func TestAConversationGoesOnOnTheNextPage(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		store := &keyedStore{entries: map[string]any{}}
		first := persistedRig(t, store)
		s, err := first.m.Session(context.Background(), "chatbot")
		require.NoError(t, err)
		assert.Equal(t, "chatbot-1", s.ID)
		assert.Equal(t, map[string]any{"sessionToken": "chatbot-session-1", "sessionId": "chatbot-1",
			"base": testAPIs + "chatbot", "lastUse": nowSeconds()}, store.part("chatbot"), "saved when started")

		// Calls slide the session; storage hears of it once a minute at most.
		saves := store.savesSoFar()
		time.Sleep(30 * time.Second)
		first.m.Touch("chatbot", s.Gen, 0)
		assert.Equal(t, saves, store.savesSoFar(), "not every call writes")
		time.Sleep(40 * time.Second)
		first.m.Touch("chatbot", s.Gen, 0)
		assert.Equal(t, saves+1, store.savesSoFar())
		assert.Equal(t, nowSeconds(), store.part("chatbot")["lastUse"])
		first.m.Close() // the page goes: the entry stays
		assert.NotNil(t, store.part("chatbot"))

		// The tab's next page, twenty minutes later: its Keeper has a token
		// of its own, and the conversation goes on, nothing started.
		time.Sleep(20 * time.Minute)
		next := persistedRig(t, store)
		got, err := next.m.Session(context.Background(), "chatbot")
		require.NoError(t, err)
		assert.Equal(t, "chatbot-1", got.ID)
		assert.Equal(t, "Bearer chatbot-session-1", got.HeaderValue())
		assert.Zero(t, next.api.count())
		ready, err := next.m.Ready("chatbot", chatURL)
		require.NoError(t, err)
		assert.Same(t, got, ready, "its calls go with it at once")
		assert.Empty(t, next.ev.changes(), "no new conversation to report")

		// Past its idle span it is renewed there as anywhere, and the new
		// one is saved; ended, it is removed.
		time.Sleep(25 * time.Minute)
		renewed, err := next.m.Session(context.Background(), "chatbot")
		require.NoError(t, err)
		assert.Equal(t, []SessionChange{{Product: "chatbot", Reason: StartIdle, PreviousID: "chatbot-1", ID: renewed.ID}}, next.ev.changes())
		assert.Equal(t, nowSeconds(), store.part("chatbot")["lastUse"])
		require.NoError(t, next.m.End("chatbot"))
		assert.Nil(t, store.Load(sessionKey("k", "chatbot")), "ended: no entry")
	})
}

func TestAStoredSessionIsTakenOnceAndOnlyWhileUsable(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		store := &keyedStore{entries: map[string]any{}}
		first := persistedRig(t, store)
		_, err := first.m.Session(context.Background(), "chatbot")
		require.NoError(t, err)
		_, err = first.m.Session(context.Background(), "search")
		require.NoError(t, err)

		// Search idles out after 30 minutes, the chatbot after 24: a page
		// 25 minutes on takes the search session and starts a chatbot one.
		time.Sleep(25 * time.Minute)
		next := persistedRig(t, store)
		_, err = next.m.Session(context.Background(), "chatbot")
		require.NoError(t, err)
		assert.Equal(t, 1, next.api.started("chatbot"), "an expired stored session starts a new one")
		assert.Equal(t, "chatbot-session-1", store.part("chatbot")["sessionToken"], "this page's API numbers its own")
		search, err := next.m.Session(context.Background(), "search")
		require.NoError(t, err)
		assert.Zero(t, next.api.started("search"))
		assert.Equal(t, "search-session-1", search.Token())
		assert.Equal(t, nowSeconds()-25*60, store.part("search")["lastUse"], "kept as it was")
		assert.Empty(t, next.ev.changes())

		// The API answers the restored one expired: one start, not the
		// stored session again.
		renewed, err := next.m.Expired(context.Background(), "search", search.Gen)
		require.NoError(t, err)
		assert.Equal(t, 1, next.api.started("search"))
		assert.Equal(t, "search-session-1", renewed.Token(), "the new one, numbered by this page's API")
		assert.NotSame(t, search, renewed)
		assert.Equal(t, StartExpired, renewed.Reason)
		assert.Equal(t, nowSeconds(), store.part("search")["lastUse"], "the new one saved")

		// Ended, then asked again: a new session, even with the entry
		// written back behind the client's back.
		entry := store.part("chatbot")
		require.NoError(t, next.m.End("chatbot"))
		assert.Nil(t, store.Load(sessionKey("k", "chatbot")))
		store.set("chatbot", entry)
		_, err = next.m.Session(context.Background(), "chatbot")
		require.NoError(t, err)
		assert.Equal(t, 2, next.api.started("chatbot"))
	})
}

func TestAStoredSessionIsReadAsAnAnswer(t *testing.T) {
	now := newFakeClock().Now()
	sec := float64(now / Instant(Second))
	chat, search := &sessionSpecs[sessionIndex("chatbot")], &sessionSpecs[sessionIndex("search")]
	chatBase, searchBase := testAPIs+"chatbot", testAPIs+"search"
	good := func() map[string]any {
		return map[string]any{"sessionToken": "st", "sessionId": "id-1", "base": chatBase, "lastUse": sec - 60}
	}
	s := parseStoredSession(good(), chat, chatBase, now)
	require.NotNil(t, s)
	assert.Equal(t, ProductSession{Product: "chatbot", ID: "id-1", Base: chatBase, Bearer: true, Started: now.Add(-Minute), token: TokenBytes("st")}, *s)
	s = parseStoredSession(map[string]any{"sessionToken": "ss", "base": searchBase, "lastUse": sec - 60}, search, searchBase, now)
	require.NotNil(t, s)
	assert.Equal(t, "ss", s.Token())
	assert.Nil(t, parseStoredSession(good(), search, searchBase, now), "search has no sessionId")

	for name, edit := range map[string]func(chat map[string]any){
		"another base":            func(c map[string]any) { c["base"] = "https://evil.example/prod/chatbot" },
		"no base":                 func(c map[string]any) { delete(c, "base") },
		"idle":                    func(c map[string]any) { c["lastUse"] = sec - 1440 },
		"used in the future":      func(c map[string]any) { c["lastUse"] = sec + 60 },
		"no last use":             func(c map[string]any) { delete(c, "lastUse") },
		"last use not a number":   func(c map[string]any) { c["lastUse"] = "1" },
		"a field it never writes": func(c map[string]any) { c["x"] = 1 },
		"no token":                func(c map[string]any) { delete(c, "sessionToken") },
		"token not a string":      func(c map[string]any) { c["sessionToken"] = 5 },
		"token with a space":      func(c map[string]any) { c["sessionToken"] = "a b" },
		"token too long":          func(c map[string]any) { c["sessionToken"] = strings.Repeat("a", 9000) },
	} {
		entry := good()
		edit(entry)
		assert.Nil(t, parseStoredSession(entry, chat, chatBase, now), name)
	}
	assert.Nil(t, parseStoredSession(good(), chat, "https://elsewhere.test/chatbot", now),
		"a session goes only to its product's base in the token's apis")
	assert.Nil(t, parseStoredSession("not an entry", chat, chatBase, now))
	assert.Nil(t, parseStoredSession(false, chat, chatBase, now), "what the loader could not read")
}
