//go:build browser

package browsertest

import (
	"encoding/json"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/inbenta-community/inbenta-auth/sdk/authtest"
)

// callChatbot makes n client.fetch calls to the chatbot API, all at once or
// one after another, and returns their statuses.
func callChatbot(f *fixture, n int, concurrent bool) []int {
	f.t.Helper()
	return eval[[]int](f, js(`(async (n, concurrent) => {
		const call = i => client.fetch(client.apis.chatbot + '/v1/conversation', {
			method: 'POST', headers: {'Content-Type': 'application/json'},
			body: JSON.stringify({message: 'hello ' + i}),
		}).then(r => r.status, e => 'rejected ' + e.code);
		if (concurrent) return Promise.all(Array.from({length: n}, (_, i) => call(i)));
		const out = [];
		for (let i = 0; i < n; i++) out.push(await call(i));
		return out;
	})(%s, %s)`, n, concurrent))
}

func allOK(t *testing.T, statuses []int, n int) {
	t.Helper()
	require.Len(t, statuses, n)
	for i, s := range statuses {
		require.Equal(t, 200, s, "call %d", i)
	}
}

func TestExchangeSendsKeyHeaderAndDomainKeyBody(t *testing.T) {
	f := newFixture(t)
	f.createClient("")

	reqs := f.api.Requests("auth")
	require.Len(t, reqs, 1)
	r := reqs[0]
	assert.Equal(t, "POST", r.Method)
	assert.Equal(t, "/v1/auth", r.Path)
	assert.Equal(t, f.apiKey, r.Header.Get("x-inbenta-key"))
	assert.Equal(t, "application/json", r.Header.Get("Content-Type"))
	assert.Equal(t, f.origin, r.Origin)
	assert.Empty(t, r.Header.Get("Cookie"), "no ambient credentials")
	var body map[string]string
	require.NoError(t, json.Unmarshal([]byte(r.Body), &body))
	assert.Equal(t, map[string]string{"domain_key": f.domainKey}, body)

	state := eval[struct {
		Expiration float64           `json:"expiration"`
		APIs       map[string]string `json:"apis"`
	}](f, `({expiration: client.expiration, apis: client.apis})`)
	assert.InDelta(t, float64(time.Now().Add(1200*time.Second).Unix()), state.Expiration, 5)
	assert.Equal(t, f.api.URL+"/prod/chatbot", state.APIs["chatbot"])
	assert.Equal(t, f.api.URL+"/prod/search", state.APIs["search"])
}

func TestCallsReuseOneToken(t *testing.T) {
	f := newFixture(t)
	f.createClient("")
	allOK(t, callChatbot(f, 30, false), 30)

	assert.Equal(t, 1, f.api.Count("auth"), "30 calls, one exchange")
	assert.Equal(t, 30, f.api.Count("chatbot"))
	assert.Equal(t, map[int]int{1: 30}, f.api.TokensUsed("chatbot"))
	for _, r := range f.api.Requests("chatbot") {
		assert.Equal(t, f.apiKey, r.Header.Get("x-inbenta-key"))
		assert.Regexp(t, `^Bearer \S+$`, r.Header.Get("Authorization"))
	}
}

func TestIdleExpiredTokenIsRefreshedOnlyWhenACallNeedsIt(t *testing.T) {
	f := newFixture(t)
	f.createClient("")
	f.advanceClocks(2 * time.Hour) // the laptop slept; the token expired meanwhile

	time.Sleep(500 * time.Millisecond) // room for any timer-driven refresh to show
	assert.Equal(t, 1, f.api.Count("auth"), "nothing needed a token: no refresh")
	tok := eval[string](f, `client.accessToken()`) // a caller needs one now
	assert.NotEmpty(t, tok)
	assert.Equal(t, 2, f.api.Count("auth"))

	allOK(t, callChatbot(f, 1, false), 1)
	assert.Equal(t, 2, f.api.Count("auth"))
	assert.Equal(t, map[int]int{2: 1}, f.api.TokensUsed("chatbot"))
}

func TestConcurrentCallsAfterExpiryShareOneExchange(t *testing.T) {
	f := newFixture(t)
	f.createClient("")
	f.advanceClocks(2 * time.Hour)

	allOK(t, callChatbot(f, 200, true), 200)
	assert.Equal(t, 2, f.api.Count("auth"), "200 waiting calls, exactly one re-exchange")
	assert.Equal(t, 200, f.api.Count("chatbot"), "none was rejected and replayed")
	assert.Equal(t, map[int]int{2: 200}, f.api.TokensUsed("chatbot"), "all with the one new token")
}

func TestServerSideExpiryIsHealedByOneReExchangeAndOneReplay(t *testing.T) {
	f := newFixture(t)
	f.createClient("")
	f.api.RevokeTokens() // the gateway now answers 403 "explicit deny"

	allOK(t, callChatbot(f, 1, false), 1)
	assert.Equal(t, 2, f.api.Count("auth"), "one re-exchange")
	assert.Equal(t, 2, f.api.Count("chatbot"), "the refused call and its one replay")
	assert.Equal(t, map[int]int{2: 1}, f.api.TokensUsed("chatbot"))
	reqs := f.api.Requests("chatbot")
	require.Len(t, reqs, 2)
	assert.Equal(t, `{"message":"hello 0"}`, reqs[1].Body, "the replay carries the body again")
	assert.Equal(t, reqs[0].Body, reqs[1].Body)
	assert.Equal(t, "application/json", reqs[1].Header.Get("Content-Type"))
}

func TestReplayHappensOnlyOnce(t *testing.T) {
	f := newFixture(t)
	f.createClient("")
	deny := authtest.Fault{Status: 403}
	f.api.Fail("chatbot", deny, deny, deny)

	statuses := callChatbot(f, 1, false)
	assert.Equal(t, []int{403}, statuses, "the page gets the second refusal as is")
	assert.Equal(t, 2, f.api.Count("chatbot"), "one call, one replay, never more")
	assert.Equal(t, 2, f.api.Count("auth"))
}

func TestProductRefusalThatIsNotAboutTheTokenIsNotReplayed(t *testing.T) {
	f := newFixture(t)
	f.createClient("")
	f.api.Fail("chatbot", authtest.Fault{Status: 403, Body: `{"error":{"code":403,"message":"Forbidden"}}`})
	assert.Equal(t, []int{403}, callChatbot(f, 1, false))
	assert.Equal(t, 1, f.api.Count("chatbot"))
	assert.Equal(t, 1, f.api.Count("auth"))
}

func TestForeignOriginIsRejectedAndTheSDKKeepsWorking(t *testing.T) {
	f := newFixture(t)
	foreign := authtest.NewDomainKey("other-site")
	f.api.AddDomainKey(f.apiKey, foreign, "https://www.example.com")

	r := eval[settled](f, js(`e2e.settle(InbentaAuth.createFromDomainKey(%s, %s, {authURL: %s}))`,
		foreign, f.apiKey, f.api.AuthURL))
	e := rejection(t, r)
	assert.Equal(t, "ORIGIN_NOT_ALLOWED", e.Code)
	assert.Equal(t, 403, e.Status)
	assert.False(t, e.Retryable)
	assert.Equal(t, 1, f.api.Count("auth"))

	f.createClient("")
	allOK(t, callChatbot(f, 3, true), 3)
}

func TestWrongAPIKeyIsInvalidKey(t *testing.T) {
	f := newFixture(t)
	r := eval[settled](f, js(`e2e.settle(InbentaAuth.createFromDomainKey(%s, 'not-a-key', {authURL: %s}))`,
		f.domainKey, f.api.AuthURL))
	e := rejection(t, r)
	assert.Equal(t, "INVALID_KEY", e.Code)
	assert.Equal(t, 401, e.Status)
	assert.Equal(t, 1, f.api.Count("auth"))
}

func TestUnreachableAPIIsNetworkError(t *testing.T) {
	f := newFixture(t)
	f.api.Close()
	r := eval[settled](f, js(`e2e.settle(InbentaAuth.createFromDomainKey(%s, %s, {authURL: %s}))`,
		f.domainKey, f.apiKey, f.api.AuthURL))
	e := rejection(t, r)
	assert.Equal(t, "NETWORK", e.Code)
	assert.True(t, e.Retryable)
	assert.True(t, e.HasCause, "the fetch TypeError is kept as cause")
}

func TestMalformedTokenAnswerIsBadResponse(t *testing.T) {
	f := newFixture(t)
	f.api.Fail("auth", authtest.Fault{Status: 200, Body: `{"accessToken": 42}`})
	r := eval[settled](f, js(`e2e.settle(InbentaAuth.createFromDomainKey(%s, %s, {authURL: %s}))`,
		f.domainKey, f.apiKey, f.api.AuthURL))
	assert.Equal(t, "BAD_RESPONSE", rejection(t, r).Code)
}

// storedJS is a JS function (w, token) => a Promise of the stores of window
// w that hold token (or its first 16 characters), plus 'something was
// stored' when any of them is not empty: the SDK keeps tokens in memory only.
const storedJS = `(async (w, token) => {
	const databases = w.indexedDB.databases ? await w.indexedDB.databases() : []; // where the engine has it
	const cacheNames = await w.caches.keys();
	const stores = {
		localStorage: JSON.stringify(Object.entries(w.localStorage)),
		sessionStorage: JSON.stringify(Object.entries(w.sessionStorage)),
		cookie: w.document.cookie,
		indexedDB: JSON.stringify(databases),
		caches: JSON.stringify(cacheNames),
		windowName: w.name,
	};
	return Object.entries(stores).filter(([, v]) => v.includes(token) || v.includes(token.slice(0, 16))).map(([k]) => k)
		.concat(w.localStorage.length || w.sessionStorage.length || w.document.cookie || databases.length || cacheNames.length ?
			['something was stored'] : []);
})`

func TestTokenNeverReachesStorageOrCookies(t *testing.T) {
	f := newFixture(t)
	f.createClient("")
	allOK(t, callChatbot(f, 3, false), 3)
	f.advanceClocks(2 * time.Hour)
	allOK(t, callChatbot(f, 1, false), 1)

	found := eval[[]string](f, `client.accessToken().then(token => `+storedJS+`(window, token))`)
	assert.Empty(t, found)
}

func TestTokenIsSentOnlyToTheTokensAPIs(t *testing.T) {
	f := newFixture(t)
	f.createClient("")
	r := eval[settled](f, `e2e.settle(client.fetch(location.origin + '/e2e.html'))`)
	e := rejection(t, r)
	assert.Equal(t, "INVALID_ARGUMENT", e.Code)
	assert.Contains(t, e.Message, "client.apis")
}

func TestCloseMakesLaterCallsRejectWithClosed(t *testing.T) {
	f := newFixture(t)
	f.createClient("")
	allOK(t, callChatbot(f, 1, false), 1)

	got := eval[map[string]any](f, `(async () => {
		const fetchCall = client.fetch; // a bound copy, as pages pass it around
		client.close();
		client.close(); // twice is fine
		return {
			fetch: (await e2e.settle(client.fetch(client.apis?.chatbot ?? 'http://x/'))).error.code,
			bound: (await e2e.settle(fetchCall('http://x/'))).error.code,
			token: (await e2e.settle(client.accessToken())).error.code,
			apis: client.apis,
			expiration: client.expiration,
		};
	})()`)
	// apis stay the last token's: typed as what creation guarantees, never null.
	assert.Equal(t, map[string]any{"fetch": "CLOSED", "bound": "CLOSED", "token": "CLOSED", "apis": map[string]any{
		"chatbot": f.api.URL + "/prod/chatbot", "knowledge": f.api.URL + "/prod/knowledge", "search": f.api.URL + "/prod/search",
	}, "expiration": nil}, got)
	assert.Equal(t, 1, f.api.Count("chatbot"), "nothing was sent after close")
}

// A page on an origin registered for no Domain Key: the browser refuses the
// Auth API's answer (CORS), which fetch reports as it reports a network
// failure. The SDK tells them apart, names the page's origin, and does not
// retry what retrying cannot fix; with the network cut, it says NETWORK and
// names the URL.
func TestAnUnregisteredOriginIsToldApartFromANetworkFailure(t *testing.T) {
	f := newBundleFixture(t, nil)
	unregistered := httptest.NewServer(f.site.Config.Handler)
	t.Cleanup(unregistered.Close)
	navigate(t, f.page, unregistered.URL+"/e2e.html?countauth", "typeof InbentaAuth === 'object'")
	create := js(`e2e.settle(InbentaAuth.createFromDomainKey(%s, %s, {authURL: %s}))`, f.domainKey, f.apiKey, f.api.AuthURL)

	e := rejection(t, eval[settled](f, create))
	assert.Equal(t, "ORIGIN_NOT_ALLOWED", e.Code, "%+v", e)
	assert.Contains(t, e.Message, "its origin "+unregistered.URL+" is not registered for this Domain Key")
	assert.False(t, e.Retryable)
	assert.Equal(t, 1, eval[int](f, `e2e.authFetches`), "one attempt: no retry")

	f.api.Close()
	e = rejection(t, eval[settled](f, create))
	assert.Equal(t, "NETWORK", e.Code, "%+v", e)
	assert.Contains(t, e.Message, "fetch of "+f.api.AuthURL+"/auth failed")
}
