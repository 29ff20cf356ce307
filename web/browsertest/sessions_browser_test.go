//go:build browser

package browsertest

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/inbenta-community/inbenta-auth/sdk/authtest"
)

// sessionRoutes are a call each product's sessions are needed for.
var sessionRoutes = map[string]string{
	"chatbot":   "/v1/conversation/message",
	"search":    "/v1/tracking/events",
	"knowledge": "/v1/tracking/events",
}

// sessionCalls makes n calls through client.session(product), each
// getting the session anew, all at once or one after another; each
// answers its status (or "rejected CODE").
func sessionCalls(f *fixture, product string, n int, concurrent bool) []any {
	f.t.Helper()
	return eval[[]any](f, js(`(async (product, route, n, concurrent) => {
		const call = i => client.session(product).then(s => s.fetch(client.apis[product] + route, {
			method: 'POST', headers: {'Content-Type': 'application/json'},
			body: JSON.stringify({message: 'hello ' + i}),
		})).then(r => r.status, e => 'rejected ' + e.code);
		if (concurrent) return Promise.all(Array.from({length: n}, (_, i) => call(i)));
		const out = [];
		for (let i = 0; i < n; i++) out.push(await call(i));
		return out;
	})(%s, %s, %s, %s)`, product, sessionRoutes[product], n, concurrent))
}

func allStatus(t *testing.T, got []any, n int) {
	t.Helper()
	require.Len(t, got, n)
	for i, s := range got {
		require.Equal(t, 200.0, s, "call %d", i)
	}
}

// listenSessions records the client's session events in window.sessionEvents.
func listenSessions(f *fixture) {
	f.t.Helper()
	require.True(f.t, eval[bool](f, `(window.sessionEvents = [],
		client.on('session', d => sessionEvents.push(Object.assign({}, d, {idNow: sessionObjects[d.product].id})))
		.then(() => true))`))
}

// sessionHeaders are the x-inbenta-session values of the calls to product's route.
func sessionHeaders(f *fixture, product string) []string {
	var out []string
	for _, r := range f.api.Requests(product) {
		if r.Path == "/prod/"+product+sessionRoutes[product] {
			out = append(out, r.Header.Get("x-inbenta-session"))
		}
	}
	return out
}

func TestTwentyFirstCallsStartOneSessionInTheProductsForm(t *testing.T) {
	f := newFixture(t)
	f.createClient("")
	for product, bearer := range map[string]bool{"chatbot": true, "search": false, "knowledge": false} {
		allStatus(t, sessionCalls(f, product, 20, true), 20)
		assert.Equal(t, 1, f.api.SessionStarts(product), "%s: 20 first calls, one session", product)
		assert.Equal(t, map[int]int{1: 20}, f.api.SessionsUsed(product), product)
		got := sessionHeaders(f, product)
		require.Len(t, got, 20, product)
		for _, h := range got {
			assert.Equal(t, got[0], h, "%s: every call carries the one session", product)
		}
		assert.Equal(t, bearer, strings.HasPrefix(got[0], "Bearer "), "%s: the product's form: %q", product, got[0])
		assert.NotEmpty(t, strings.TrimPrefix(got[0], "Bearer "))
	}
	assert.Equal(t, 1, f.api.Count("auth"), "one token for all of it")

	same := eval[map[string]any](f, `(async () => {
		const a = await client.session('chatbot'), b = await client.session('chatbot'), s = await client.session('search');
		const answer = await (await a.fetch(client.apis.chatbot + '/v1/conversation/message',
			{method: 'POST', headers: {'Content-Type': 'application/json'}, body: '{"message":"hi"}'})).json();
		return {same: a === b, id: a.id, product: a.product, searchId: s.id, keys: Object.keys(a).sort().join(),
			answer: answer.answers[0].message};
	})()`)
	assert.Equal(t, map[string]any{"same": true, "id": "1", "product": "chatbot", "searchId": nil,
		"keys": "end,fetch,product", "answer": `You said "hi". This is the emulated chatbot.`}, same)
	assert.Equal(t, 1, f.api.SessionStarts("chatbot"))
}

func TestSessionArgumentsAndFailures(t *testing.T) {
	f := newFixture(t)
	f.createClient("")
	got := eval[map[string]string](f, `(async () => {
		const code = p => p.then(() => 'ok', e => e.code);
		const s = await client.session('chatbot');
		return {
			faq: await code(client.session('faq')),
			number: await code(client.session(1)),
			otherProduct: await code(s.fetch(client.apis.search + '/v1/tracking/events')),
			climbing: await code(s.fetch(client.apis.chatbot + '/v1/..%2F..%2Fsearch')),
			elsewhere: await code(s.fetch('https://elsewhere.example/prod/chatbot/v1')),
		};
	})()`)
	assert.Equal(t, map[string]string{"faq": "INVALID_ARGUMENT", "number": "INVALID_ARGUMENT",
		"otherProduct": "INVALID_ARGUMENT", "climbing": "INVALID_ARGUMENT", "elsewhere": "INVALID_ARGUMENT"}, got)
	assert.Equal(t, []string(nil), sessionHeaders(f, "search"), "nothing sent")

	// A start the API refuses: SESSION_FAILED with its status, and no session.
	f.api.Fail("search", authtest.Fault{Status: 400, Body: `{"errors":[{"code":400,"message":"Bad tracking"}]}`})
	r := eval[settled](f, `e2e.settle(client.session('search'))`)
	e := rejection(t, r)
	assert.Equal(t, "SESSION_FAILED", e.Code)
	assert.Equal(t, 400, e.Status)
	assert.False(t, e.Retryable)
	assert.Contains(t, e.Message, "Bad tracking")
	allStatus(t, sessionCalls(f, "search", 1, false), 1) // the next call starts one
}

func TestIdleSessionIsRenewedBeforeTheNextCall(t *testing.T) {
	f := newFixture(t)
	f.api.SetTokenTTL(3 * time.Hour) // only the session goes idle
	f.createClient("")
	eval[bool](f, `client.session('chatbot').then(s => (window.sessionObjects = {chatbot: s}, true))`)
	listenSessions(f)
	allStatus(t, sessionCalls(f, "chatbot", 2, false), 2)

	f.api.ResetCounts()
	f.advanceClocks(1440 * time.Second) // the emulator would answer "Session expired" now
	allStatus(t, sessionCalls(f, "chatbot", 3, true), 3)
	assert.Equal(t, 1, f.api.SessionStarts("chatbot"), "one new session")
	assert.Equal(t, map[int]int{2: 3}, f.api.SessionsUsed("chatbot"), "every call with it")
	assert.Len(t, sessionHeaders(f, "chatbot"), 3, "no failed request")
	assert.Zero(t, f.api.Count("auth"))
	assert.Equal(t, []map[string]any{{"product": "chatbot", "reason": "idle", "previousId": "1", "id": "2", "idNow": "2"}},
		eval[[]map[string]any](f, `sessionEvents`))
}

func TestSessionExpiredGivesOneNewSessionOneReplayOneEvent(t *testing.T) {
	f := newFixture(t)
	f.createClient("")
	eval[bool](f, `client.session('chatbot').then(s => (window.sessionObjects = {chatbot: s}, true))`)
	listenSessions(f)
	allStatus(t, sessionCalls(f, "chatbot", 1, false), 1)

	f.api.ResetCounts()
	f.api.ExpireSessions("chatbot")
	allStatus(t, sessionCalls(f, "chatbot", 3, true), 3)
	assert.Equal(t, 1, f.api.SessionStarts("chatbot"), "three expired answers, one new session")
	got := sessionHeaders(f, "chatbot")
	require.Len(t, got, 6, "each call and its one replay")
	assert.Equal(t, map[int]int{2: 3}, f.api.SessionsUsed("chatbot"))
	assert.Equal(t, []map[string]any{{"product": "chatbot", "reason": "expired", "previousId": "1", "id": "2", "idNow": "2"}},
		eval[[]map[string]any](f, `sessionEvents`), "one event, which already reads the new session")

	// A server that expires every session: one replay, whose answer goes
	// to the page; a session answered expired before any call got through
	// is not replaced again.
	f.api.ResetCounts()
	f.api.SetSessionLifetime("chatbot", 0)
	assert.Equal(t, []any{400.0}, sessionCalls(f, "chatbot", 1, false))
	assert.Equal(t, 1, f.api.SessionStarts("chatbot"))
	assert.Len(t, sessionHeaders(f, "chatbot"), 2)
	assert.Equal(t, []any{"rejected SESSION_FAILED"}, sessionCalls(f, "chatbot", 1, false), "never a loop")
	assert.Equal(t, 1, f.api.SessionStarts("chatbot"))
	assert.Len(t, sessionHeaders(f, "chatbot"), 3)
}

// Both ways the gateway refuses a token: a call through a session gets one
// exchange and one replay and keeps its session; client.fetch one replay.
func TestRefusedTokenMidSessionKeepsTheSession(t *testing.T) {
	for name, refusal := range map[string]int{"403 explicit deny": http.StatusForbidden, "401 Unauthorized": http.StatusUnauthorized} {
		t.Run(name, func(t *testing.T) {
			f := newFixture(t)
			f.api.SetTokenRefusal(refusal)
			f.createClient("")
			eval[bool](f, `client.session('chatbot').then(s => (window.sessionObjects = {chatbot: s}, true))`)
			listenSessions(f)
			allStatus(t, sessionCalls(f, "chatbot", 1, false), 1)

			f.api.ResetCounts()
			f.api.RevokeTokens()
			allStatus(t, sessionCalls(f, "chatbot", 3, true), 3)
			assert.Equal(t, 1, f.api.Count("auth"), "one exchange")
			assert.Len(t, sessionHeaders(f, "chatbot"), 6, "each call and its one replay")
			assert.Zero(t, f.api.SessionStarts("chatbot"), "the session is kept")
			assert.Equal(t, map[int]int{1: 3}, f.api.SessionsUsed("chatbot"))
			assert.Equal(t, map[int]int{2: 3}, f.api.TokensUsed("chatbot"))
			assert.Empty(t, eval[[]any](f, `sessionEvents`))

			f.api.ResetCounts()
			f.api.RevokeTokens()
			allOK(t, callChatbot(f, 2, true), 2)
			assert.Equal(t, 1, f.api.Count("auth"), "client.fetch: one exchange")
			assert.Equal(t, 4, f.api.Count("chatbot"), "each call and its one replay")
		})
	}
}

func TestCloseEndsSessionsAndLaterCallsRejectClosed(t *testing.T) {
	f := newFixture(t)
	f.createClient("")
	allStatus(t, sessionCalls(f, "chatbot", 1, false), 1)
	f.api.Fail("search", authtest.Fault{Delay: 3 * time.Second}) // a start in flight
	got := eval[map[string]any](f, `(async () => {
		const code = p => p.then(() => 'ok', e => e.code);
		const s = await client.session('chatbot');
		const url = client.apis.chatbot + '/v1/conversation/message';
		const starting = code(client.session('search'));
		await new Promise(r => setTimeout(r, 200));
		const idBefore = s.id;
		client.close();
		return {idBefore, idAfter: s.id, starting: await starting,
			fetch: await code(s.fetch(url, {method: 'POST', body: '{}'})),
			session: await code(client.session('chatbot')), end: await code(s.end())};
	})()`)
	assert.Equal(t, map[string]any{"idBefore": "1", "idAfter": nil, "starting": "CLOSED", "fetch": "CLOSED",
		"session": "CLOSED", "end": "CLOSED"}, got)
	assert.Len(t, sessionHeaders(f, "chatbot"), 1, "nothing sent after close")
}

func TestEndStartsTheNextConversationAfresh(t *testing.T) {
	f := newFixture(t)
	f.createClient("")
	eval[bool](f, `client.session('chatbot').then(s => (window.sessionObjects = {chatbot: s}, true))`)
	listenSessions(f)
	allStatus(t, sessionCalls(f, "chatbot", 1, false), 1)
	got := eval[map[string]any](f, `(async () => {
		const s = sessionObjects.chatbot;
		await s.end();
		const ended = s.id;
		const status = (await s.fetch(client.apis.chatbot + '/v1/conversation/message',
			{method: 'POST', headers: {'Content-Type': 'application/json'}, body: '{"message":"again"}'})).status;
		return {ended, status, id: s.id, same: s === await client.session('chatbot')};
	})()`)
	assert.Equal(t, map[string]any{"ended": nil, "status": 200.0, "id": "2", "same": true}, got)
	assert.Equal(t, 2, f.api.SessionStarts("chatbot"))
	assert.Empty(t, eval[[]any](f, `sessionEvents`), "the page ended it: no event")
}

// A session token is a credential like the access token: the SDK holds it
// in memory it owns and wipes it when the session is ended, replaced or
// closed, leaving no copy in the wasm's memory.
func TestEndedSessionsLeaveNoCopyInWasmMemory(t *testing.T) {
	f := newBundleFixture(t, routes("/memory.html", serveBytes(200, "text/html; charset=utf-8", []byte(memoryPage))))
	f.open("/memory.html")
	f.createClient("")
	allStatus(t, sessionCalls(f, "chatbot", 5, false), 5)
	allStatus(t, sessionCalls(f, "search", 5, false), 5)
	chat := strings.TrimPrefix(sessionHeaders(f, "chatbot")[0], "Bearer ")
	search := sessionHeaders(f, "search")[0]
	require.GreaterOrEqual(t, eval[int](f, js(`copies(%s)`, chat)), 1, "the live session is in memory: the search works")
	require.GreaterOrEqual(t, eval[int](f, js(`copies(%s)`, search)), 1)

	eval[any](f, `client.session('chatbot').then(s => s.end())`)
	assert.Zero(t, eval[int](f, js(`copies(%s)`, chat)), "the ended session")
	f.api.ExpireSessions("search")
	allStatus(t, sessionCalls(f, "search", 1, false), 1)
	assert.Zero(t, eval[int](f, js(`copies(%s)`, search)), "the session answered expired, replaced")

	replaced := sessionHeaders(f, "search")
	next := replaced[len(replaced)-1]
	require.NotEqual(t, search, next)
	eval[any](f, `client.close()`)
	f.createClient("")
	allStatus(t, sessionCalls(f, "knowledge", 50, false), 50)
	assert.Zero(t, eval[int](f, js(`copies(%s)`, next)), "the closed client's session")
}
