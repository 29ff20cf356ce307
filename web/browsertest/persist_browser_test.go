//go:build browser

package browsertest

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/inbenta-community/inbenta-auth/sdk"
	"github.com/inbenta-community/inbenta-auth/web/engine"
)

// options.persist 'session': the tab's sessionStorage keeps the token for
// the tab's next pages. A navigation here is the test's one tab going to
// another page of the site (the same engine.Page): sessionStorage is the
// tab's, and survives it. Everything is counted at the emulated API.

const persistSession = "{persist: 'session'}"

// nextPage navigates the fixture's tab to another page of the site (query
// tells it apart from the last one) and sets the new page's clock where
// the API's is: a page starts on the real time.
func (f *fixture) nextPage(query string) {
	f.t.Helper()
	openUntil(f, "/e2e.html?"+query, "typeof InbentaAuth === 'object'")
	if ms := time.Duration(f.offset.Load()).Milliseconds(); ms != 0 {
		eval[any](f, js(`e2e.advanceClock(%s)`, ms))
	}
}

// storeKey is the tab's key of the fixture's Domain Key client.
func (f *fixture) storeKey() string {
	f.t.Helper()
	key, err := sdk.StoreKey(f.api.AuthURL, f.apiKey, f.domainKey)
	require.NoError(f.t, err)
	return key
}

// storedText is what the tab's sessionStorage holds for the fixture's
// client, "" when nothing.
func (f *fixture) storedText() string {
	f.t.Helper()
	return eval[string](f, js(`sessionStorage.getItem(%s) || ''`, f.storeKey()))
}

// stored is that entry, parsed.
func (f *fixture) stored() map[string]any {
	f.t.Helper()
	text := f.storedText()
	require.NotEmpty(f.t, text, "the tab's sessionStorage holds the client's entry")
	var m map[string]any
	require.NoError(f.t, json.Unmarshal([]byte(text), &m))
	return m
}

// accessToken is the page's client.accessToken().
func (f *fixture) accessToken() string {
	f.t.Helper()
	return eval[string](f, `client.accessToken()`)
}

// The tab's next page restores the token: no exchange, not even the
// loader's early /auth, and its calls go with the restored token at once.
// Without sharing, the loader would send that early /auth (no claim holds
// it back): it is the loader's look at the storage that stops it.
func TestPersistSessionNextPageMakesNoExchange(t *testing.T) {
	for name, options := range map[string]string{
		"sharing":     persistSession,
		"not sharing": "{persist: 'session', shareAcrossTabs: false}",
	} {
		t.Run(name, func(t *testing.T) {
			f := newFixture(t)
			f.createClient(options)
			allOK(t, callChatbot(f, 1, false), 1)
			require.Equal(t, 1, f.api.Count("auth"))
			first := f.accessToken()
			entry := f.stored()
			assert.Equal(t, first, entry["accessToken"])
			assert.ElementsMatch(t, []string{"accessToken", "expiration", "obtained", "apis"}, keys(entry))
			dk := f.domainKey[len(f.domainKey)-16:]
			assert.NotContains(t, f.storedText(), dk, "never the Domain Key")
			assert.NotContains(t, f.storeKey(), dk, "not in the key either")

			// ?countauth counts the page's fetches of /auth.
			f.api.ResetCounts()
			f.nextPage("page=2&countauth")
			f.createClient(options)
			allOK(t, callChatbot(f, 3, false), 3)
			assert.Equal(t, 0, f.api.Count("auth"), "the next page exchanged nothing")
			assert.Equal(t, 0, eval[int](f, `e2e.authFetches`), "nor did its loader send the early /auth")
			assert.Equal(t, map[int]int{1: 3}, f.api.TokensUsed("chatbot"), "every call with the restored token")
			assert.Equal(t, first, f.accessToken())

			// A third page, from the second: the same.
			f.nextPage("page=3")
			f.createClient(options)
			allOK(t, callChatbot(f, 1, false), 1)
			assert.Equal(t, 0, f.api.Count("auth"))
		})
	}
}

func keys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// A restored token that cannot serve costs one exchange, and no more:
// expired by the next page's clock, or refused by the API (then replaced
// once, and the entry with it).
func TestPersistSessionExpiredOrRefusedTokenMakesOneExchange(t *testing.T) {
	for name, lose := range map[string]func(*fixture){
		"expired": func(f *fixture) { f.advanceClocks(21 * time.Minute) },
		"refused": func(f *fixture) { f.api.RevokeTokens() },
	} {
		t.Run(name, func(t *testing.T) {
			f := newFixture(t)
			f.createClient(persistSession)
			allOK(t, callChatbot(f, 1, false), 1)
			first := f.accessToken()

			f.api.ResetCounts()
			f.nextPage("page=2")
			lose(f)
			f.createClient(persistSession)
			allOK(t, callChatbot(f, 2, false), 2)
			assert.Equal(t, 1, f.api.Count("auth"), "exactly one exchange")
			assert.Equal(t, map[int]int{2: 2}, f.api.TokensUsed("chatbot"), "the calls went with the new token")
			second := f.accessToken()
			assert.NotEqual(t, first, second)
			assert.Equal(t, second, f.stored()["accessToken"], "the entry holds the new token")

			f.api.ResetCounts()
			f.nextPage("page=3")
			f.createClient(persistSession)
			allOK(t, callChatbot(f, 1, false), 1)
			assert.Equal(t, 0, f.api.Count("auth"), "the page after restores the new token")
		})
	}
}

// Any script of the origin can write the tab's storage. A restored entry
// is read as an answer of the API and more: a foreign apis origin, values
// too large, another shape, an expiration further than the API's tokens
// live are refused, the page exchanges once, and nothing reaches the
// foreign origin, a recorder the page's CSP lets it reach.
func TestPersistSessionTamperedEntryIsRefused(t *testing.T) {
	evil := newRecorder(t)
	f := newFixture(t, evil.URL)
	f.createClient(persistSession)
	good := f.stored()
	goodJSON, err := json.Marshal(good)
	require.NoError(t, err)
	foreign := evil.URL + "/prod/chatbot"

	edit := func(change func(m map[string]any)) string {
		var m map[string]any
		require.NoError(t, json.Unmarshal(goodJSON, &m))
		change(m)
		b, err := json.Marshal(m)
		require.NoError(t, err)
		return string(b)
	}
	now := float64(time.Now().Unix())
	manyAPIs := map[string]any{}
	for i := range 500 {
		manyAPIs[fmt.Sprintf("p%d", i)] = good["apis"].(map[string]any)["chatbot"]
	}
	variants := map[string]string{
		"foreign apis origin":        edit(func(m map[string]any) { m["apis"] = map[string]any{"chatbot": foreign} }),
		"one foreign api of two":     edit(func(m map[string]any) { m["apis"].(map[string]any)["search"] = foreign }),
		"far-future expiration":      edit(func(m map[string]any) { m["expiration"] = now + 10*365*86400 }),
		"longer than the API's life": edit(func(m map[string]any) { m["obtained"], m["expiration"] = now-1, now+2*3600 }),
		"huge token":                 edit(func(m map[string]any) { m["accessToken"] = strings.Repeat("a", 100_000) }),
		"huge apis":                  edit(func(m map[string]any) { m["apis"] = manyAPIs }),
		"a field it never writes":    edit(func(m map[string]any) { m["expires_in"] = 86400 }),
		"token not a string":         edit(func(m map[string]any) { m["accessToken"] = 5 }),
		"an array":                   `[` + string(goodJSON) + `]`,
		"not JSON":                   `{"accessToken":`,
		"longer than an answer":      `"` + strings.Repeat("x", 1<<20) + `"`,
	}
	page := 2
	for name, text := range variants {
		f.api.ResetCounts()
		eval[any](f, js(`sessionStorage.setItem(%s, %s)`, f.storeKey(), text))
		f.nextPage(fmt.Sprintf("page=%d", page))
		page++
		f.createClient(persistSession)
		allOK(t, callChatbot(f, 1, false), 1)
		assert.Equal(t, 1, f.api.Count("auth"), "%s: one exchange", name)
		assert.Equal(t, 1, f.api.Count("chatbot"), "%s: the call went to the API", name)
		assert.Equal(t, good["apis"], eval[map[string]any](f, `client.apis`), name)
		entry := f.stored()
		assert.Equal(t, f.accessToken(), entry["accessToken"], "%s: replaced by the new token", name)
		assert.Equal(t, good["apis"], entry["apis"], name)
	}
	assert.Empty(t, evil.requested(), "nothing reached the foreign origin")
}

// Storage that cannot keep anything (denied in a sandboxed frame, turned
// off, full, throwing) changes nothing but the persistence: the client is
// created, calls go, nothing is reported, and each page exchanges.
func TestPersistSessionWithoutUsableStorageRunsInMemory(t *testing.T) {
	for _, mode := range []string{"denied", "disabled", "full", "throws"} {
		t.Run(mode, func(t *testing.T) {
			f := newBundleFixture(t, nil)
			var mu sync.Mutex
			var errs []string
			f.page.OnConsole(func(m engine.ConsoleMessage) {
				t.Logf("console.%s: %s", m.Type, m.Text)
				if m.Type == "error" || m.Type == "exception" {
					mu.Lock()
					errs = append(errs, m.Text)
					mu.Unlock()
				}
			})
			for page := 1; page <= 2; page++ {
				f.nextPage(fmt.Sprintf("storage=%s&page=%d", mode, page))
				require.Equal(t, storageState[mode], eval[string](f, storageStateJS), "the page's storage is %s", mode)
				f.createClient(persistSession)
				allOK(t, callChatbot(f, 2, false), 2)
				assert.Equal(t, page, f.api.Count("auth"), "page %d: one exchange per page", page)
			}
			assert.Equal(t, map[int]int{1: 2, 2: 2}, f.api.TokensUsed("chatbot"))
			f.page.OnConsole(nil)
			mu.Lock()
			defer mu.Unlock()
			assert.Empty(t, errs)
		})
	}
}

// storageStateJS tells how the page's sessionStorage behaves: what
// e2e.js's ?storage made of it.
const storageStateJS = `(() => {
	try {
		if (sessionStorage === null) return 'null';
		sessionStorage.setItem('e2e-probe', '1');
		sessionStorage.removeItem('e2e-probe');
		return 'works';
	} catch (e) {
		return e.name === 'Error' ? e.message : e.name;
	}
})()`

var storageState = map[string]string{
	"denied": "SecurityError", "disabled": "null", "full": "QuotaExceededError", "throws": "storage is broken",
}

// The default keeps the token in memory: the SDK does not even read the
// storage (TestTokenNeverReachesStorageOrCookies checks every store).
func TestPersistDefaultNeverTouchesStorage(t *testing.T) {
	f := newBundleFixture(t, nil)
	for i, options := range []string{"", "{persist: 'memory'}"} {
		f.nextPage(fmt.Sprintf("storage=spy&page=%d", i))
		f.createClient(options)
		allOK(t, callChatbot(f, 1, false), 1)
		assert.Equal(t, []string{}, eval[[]string](f, `e2e.storageCalls`), "options %q", options)
	}
	f.nextPage("storage=spy&page=session")
	f.createClient(persistSession)
	assert.Contains(t, eval[[]string](f, `e2e.storageCalls`), "setItem", "a control: the spy sees the SDK's calls")
}

// With tab sharing, persistence is each page's own choice, and a restored
// token is shared as any other. The frames of one test page share its
// sessionStorage (one tab), so the test page reads what they store.
func TestSharedTabsPersistOnlyWhereOptedInAndShareWhatTheyRestore(t *testing.T) {
	ts := newTabs(t, 2, "")
	key := ts.storeKey()
	storedNow := func() string { return eval[string](ts.fixture, js(`sessionStorage.getItem(%s) || ''`, key)) }

	// Two pages that keep their token in memory: one exchange, nothing stored.
	ts.createAll(nil)
	first := ts.requireOneToken()
	assert.Empty(t, storedNow(), "no page opted in")

	// A page that opted in adopts their token, and stores it.
	ts.add(1, "")
	r := inTab[settled](ts, 2, ts.createJS(map[string]any{"persist": "session"}))
	require.True(t, r.OK, "%+v", r.Error)
	assert.Equal(t, first, ts.requireOneToken())
	assert.Contains(t, storedNow(), first)
	assert.Equal(t, 1, ts.api.Count("auth"))

	// The tab's storage gets a newer token (as a page of this tab could
	// have stored it): a page that restores it announces it, and the
	// others adopt it as a token announced by any page.
	ts.api.SetTokenTTL(1300 * time.Second)
	newer := ts.serverToken()
	ts.api.ResetCounts()
	now := float64(time.Now().Unix())
	entry, err := json.Marshal(map[string]any{"accessToken": newer["accessToken"], "expiration": newer["expiration"],
		"obtained": now - 1, "apis": newer["apis"]})
	require.NoError(t, err)
	eval[any](ts.fixture, js(`sessionStorage.setItem(%s, %s)`, key, string(entry)))
	ts.add(1, "")
	r = inTab[settled](ts, 3, ts.createJS(map[string]any{"persist": "session"}))
	require.True(t, r.OK, "%+v", r.Error)
	assert.Eventually(t, func() bool {
		for _, tok := range ts.tokens() {
			if tok != newer["accessToken"] {
				return false
			}
		}
		return true
	}, 10*time.Second, 50*time.Millisecond, "every page adopts the restored token")
	assert.Equal(t, 0, ts.api.Count("auth"), "restored and shared: no exchange")
	ts.callAll()
	assert.Contains(t, storedNow(), newer["accessToken"])
}

// A chatbot conversation goes on across the navigation: the next page's
// session is the same one at the emulator, started once, and its calls
// carry it; it outlives the token it started with. Idle past its lifetime
// or ended, the next page starts a new one.
func TestPersistSessionConversationGoesOnAcrossPages(t *testing.T) {
	f := newFixture(t)
	chatID := func() string { return eval[string](f, `client.session('chatbot').then(s => s.id)`) }
	f.createClient(persistSession)
	allStatus(t, sessionCalls(f, "chatbot", 2, false), 2)
	id := chatID()
	require.NotEmpty(t, id)
	require.Equal(t, 1, f.api.SessionStarts("chatbot"))
	entry := eval[string](f, js(`sessionStorage.getItem(%s)`, f.storeKey()+"\nsession\nchatbot"))
	assert.Contains(t, entry, id, "kept beside the token, under the client's key")

	f.api.ResetCounts()
	f.nextPage("page=2")
	f.createClient(persistSession)
	assert.Equal(t, id, chatID(), "the same conversation")
	allStatus(t, sessionCalls(f, "chatbot", 2, false), 2)
	assert.Equal(t, 0, f.api.SessionStarts("chatbot"), "nothing started")
	assert.Equal(t, 0, f.api.Count("auth"))
	assert.Equal(t, map[int]int{1: 2}, f.api.SessionsUsed("chatbot"), "the first page's session served the calls")

	// 21 minutes on, the token has expired and the conversation has not.
	f.api.ResetCounts()
	f.nextPage("page=3")
	f.advanceClocks(21 * time.Minute)
	f.createClient(persistSession)
	assert.Equal(t, id, chatID())
	allStatus(t, sessionCalls(f, "chatbot", 1, false), 1)
	assert.Equal(t, 1, f.api.Count("auth"), "one exchange for the token")
	assert.Equal(t, 0, f.api.SessionStarts("chatbot"))
	assert.Equal(t, map[int]int{1: 1}, f.api.SessionsUsed("chatbot"))

	// 25 minutes without a call: idle; a new conversation, once.
	f.api.ResetCounts()
	f.nextPage("page=4")
	f.advanceClocks(25 * time.Minute)
	f.createClient(persistSession)
	allStatus(t, sessionCalls(f, "chatbot", 2, false), 2)
	second := chatID()
	assert.NotEqual(t, id, second, "idle: a new conversation")
	assert.Equal(t, 1, f.api.SessionStarts("chatbot"))

	// Ended, it is gone for the pages after.
	eval[any](f, `client.session('chatbot').then(s => s.end())`)
	assert.Empty(t, eval[string](f, js(`sessionStorage.getItem(%s) || ''`, f.storeKey()+"\nsession\nchatbot")))
	f.api.ResetCounts()
	f.nextPage("page=5")
	f.createClient(persistSession)
	third := chatID()
	assert.NotContains(t, []string{id, second}, third, "ended: a new conversation")
	assert.Equal(t, 1, f.api.SessionStarts("chatbot"))
}

// A stored session is written by any script of the origin too: one that
// names another base is not sent there, nor anywhere; the page starts its
// own.
func TestPersistSessionTamperedSessionIsRefused(t *testing.T) {
	evil := newRecorder(t)
	f := newFixture(t, evil.URL)
	f.createClient(persistSession)
	allStatus(t, sessionCalls(f, "chatbot", 1, false), 1)
	key := f.storeKey() + "\nsession\nchatbot"
	var entry map[string]any
	require.NoError(t, json.Unmarshal([]byte(eval[string](f, js(`sessionStorage.getItem(%s)`, key))), &entry))
	entry["base"] = evil.URL + "/prod/chatbot"
	forged, err := json.Marshal(entry)
	require.NoError(t, err)
	eval[any](f, js(`sessionStorage.setItem(%s, %s)`, key, string(forged)))

	f.api.ResetCounts()
	f.nextPage("page=2")
	f.createClient(persistSession)
	allStatus(t, sessionCalls(f, "chatbot", 1, false), 1)
	assert.Equal(t, 1, f.api.SessionStarts("chatbot"), "a session of its own")
	assert.Empty(t, evil.requested(), "nothing reached the foreign origin")
}
