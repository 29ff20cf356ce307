//go:build browser

package browsertest

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/inbenta-community/inbenta-auth/sdk/authtest"
	"github.com/inbenta-community/inbenta-auth/web/engine"
)

// createTimed creates a Domain Key client and reports the outcome and how
// long the page waited, in ms.
func createTimed(f *fixture) (settled, float64) {
	f.t.Helper()
	r := eval[struct {
		settled
		MS float64 `json:"ms"`
	}](f, js(`(async () => {
		const t0 = performance.now();
		const r = await e2e.settle(InbentaAuth.createFromDomainKey(%s, %s, {authURL: %s}).then(c => { window.client = c; return true; }));
		return Object.assign(r, {ms: performance.now() - t0});
	})()`, f.domainKey, f.apiKey, f.api.AuthURL))
	return r.settled, r.MS
}

func TestTwoServerErrorsThenSuccessTakesThreeAttempts(t *testing.T) {
	f := newFixture(t)
	f.api.Fail("auth", authtest.Fault{Status: 500}, authtest.Fault{Status: 503})
	r, _ := createTimed(f)
	require.True(t, r.OK, "%+v", r.Error)
	assert.Equal(t, 3, f.api.Count("auth"))
	allOK(t, callChatbot(f, 1, false), 1)
}

func TestRateLimitHonoursRetryAfter(t *testing.T) {
	f := newFixture(t)
	f.api.Fail("auth", authtest.Fault{Status: 429, Header: map[string]string{"Retry-After": "2"}})
	r, ms := createTimed(f)
	require.True(t, r.OK, "%+v", r.Error)
	assert.GreaterOrEqual(t, ms, 2000.0, "waited as the server asked")
	assert.Equal(t, 2, f.api.Count("auth"))
}

func TestNetworkFailuresAreRetried(t *testing.T) {
	for name, fault := range map[string]authtest.Fault{
		"dropped connection": {Drop: true},
		"CORS refusal":       {NoCORS: true, Status: 200},
		"bad gateway":        {Status: 502},
	} {
		t.Run(name, func(t *testing.T) {
			f := newFixture(t)
			f.api.Fail("auth", fault)
			r, _ := createTimed(f)
			require.True(t, r.OK, "%+v", r.Error)
			assert.Equal(t, 2, f.api.Count("auth"))
		})
	}
}

func TestPersistentOutageGivesUpWithARetryableError(t *testing.T) {
	f := newFixture(t)
	f.api.FailAll("auth", authtest.Fault{Status: 503})
	r, _ := createTimed(f)
	e := rejection(t, r)
	assert.Equal(t, "SERVER_ERROR", e.Code)
	assert.Equal(t, 503, e.Status)
	assert.True(t, e.Retryable)
	assert.Equal(t, 4, f.api.Count("auth"), "bounded attempts")

	f.api.ClearFaults("auth")
	r, _ = createTimed(f)
	require.True(t, r.OK, "it works once the API is back")
}

func TestErrorsRetryingCannotFixAreSentOnce(t *testing.T) {
	for status, code := range map[int]string{400: "INVALID_KEY", 401: "INVALID_KEY", 403: "ORIGIN_NOT_ALLOWED", 422: "BAD_RESPONSE"} {
		t.Run(code, func(t *testing.T) {
			f := newFixture(t)
			f.api.Fail("auth", authtest.Fault{Status: status})
			r, _ := createTimed(f)
			assert.Equal(t, code, rejection(t, r).Code)
			assert.Equal(t, 1, f.api.Count("auth"), "exactly one request")
		})
	}
}

func TestMalformedAnswersAreBadResponse(t *testing.T) {
	for name, body := range map[string]string{
		"missing accessToken":  `{"expiration": 1900000000, "apis": {}}`,
		"expiration as string": `{"accessToken": "abc", "expiration": "1900000000"}`,
		"an array":             `[{"accessToken": "abc", "expiration": 1900000000}]`,
		"truncated JSON":       `{"accessToken": "abc", "expir`,
		"HTML":                 `<html><body>Gateway</body></html>`,
		"empty":                ``,
		"token with newline":   `{"accessToken": "a\nb", "expiration": 1900000000}`,
		"apis not URLs":        `{"accessToken": "abc", "expiration": 1900000000, "apis": {"chatbot": "javascript:alert(1)"}}`,
	} {
		t.Run(name, func(t *testing.T) {
			f := newFixture(t)
			f.api.Fail("auth", authtest.Fault{Status: 200, Body: body, Header: map[string]string{"Content-Type": "application/json"}})
			r, _ := createTimed(f)
			assert.Equal(t, "BAD_RESPONSE", rejection(t, r).Code)
			assert.Equal(t, 1, f.api.Count("auth"), "a malformed answer is not retried")
		})
	}
}

func TestHugeAnswerIsBadResponseWithoutFreezingThePage(t *testing.T) {
	huge := `{"accessToken":"` + strings.Repeat("a", 8<<20) + `","expiration":1900000000}`
	for name, header := range map[string]map[string]string{
		"streamed":        nil, // chunked: read up to the limit, then cancelled
		"declared length": {"Content-Length": "8388650"},
	} {
		t.Run(name, func(t *testing.T) {
			f := newFixture(t)
			f.api.Fail("auth", authtest.Fault{Status: 200, Body: huge[:8388650], Header: header})
			got := eval[map[string]any](f, js(`(async () => {
				let ticks = 0, stop = false;
				const tick = () => { ticks++; if (!stop) setTimeout(tick, 0); };
				tick();
				const r = await e2e.settle(InbentaAuth.createFromDomainKey(%s, %s, {authURL: %s}));
				stop = true;
				return {code: r.error && r.error.code, ticks};
			})()`, f.domainKey, f.apiKey, f.api.AuthURL))
			assert.Equal(t, "BAD_RESPONSE", got["code"])
			assert.Greater(t, got["ticks"], 1.0, "the page's event loop kept running")
		})
	}
}

func TestProductCallsAreNotRetried(t *testing.T) {
	f := newFixture(t)
	f.createClient("")
	f.api.Fail("chatbot", authtest.Fault{Status: 503})
	assert.Equal(t, []int{503}, callChatbot(f, 1, false))
	assert.Equal(t, 1, f.api.Count("chatbot"))
}

func TestAfterManyFailuresOfEveryKindTheNextClientWorks(t *testing.T) {
	f := newFixture(t)
	foreign := authtest.NewDomainKey("elsewhere")
	f.api.AddDomainKey(f.apiKey, foreign, "https://elsewhere.example")
	f.api.Fail("auth",
		authtest.Fault{Status: 200, Body: `{"accessToken": 1}`},
		authtest.Fault{Status: 200, Body: `[]`},
		authtest.Fault{Status: 401},
		authtest.Fault{Status: 422},
		authtest.Fault{Status: 200, Body: `{"accessToken":"a","expiration":"x"}`},
	)
	codes := eval[[]string](f, js(`(async (DK, FOREIGN, KEY, AUTH) => {
		const attempts = [
			...Array.from({length: 5}, () => () => InbentaAuth.createFromDomainKey(DK, KEY, {authURL: AUTH})),
			() => InbentaAuth.createFromDomainKey(FOREIGN, KEY, {authURL: AUTH}),
			() => InbentaAuth.createFromDomainKey(DK, 'wrong-key', {authURL: AUTH}),
			() => InbentaAuth.createFromDomainKey(DK, KEY, {authURL: 'http://127.0.0.1:1/v1', refreshTimeout: 0.5}),
			() => InbentaAuth.createFromDomainKey(DK, KEY, {authURL: AUTH, secret: 'x'}),
			() => InbentaAuth.createFromDomainKey(null, KEY),
			() => InbentaAuth.createFromDomainKey(DK, KEY, {get authURL() { throw new Error('x'); }}),
			() => InbentaAuth.createFromAccessToken('', KEY),
			() => InbentaAuth.createFromAccessToken('tok', KEY, {expiration: 'soon'}),
			() => InbentaAuth.createFromAccessToken('tok', KEY, {authURL: AUTH, refresh: 42}),
			() => InbentaAuth.createFromAccessToken('tok', KEY, {authURL: AUTH, expiration: 1, apis: {chatbot: AUTH},
				refresh: () => { throw new Error('hook'); }}).then(c => c.accessToken()),
			() => InbentaAuth.createFromAccessToken('tok', KEY, {authURL: AUTH, expiration: 1, apis: {chatbot: AUTH}})
				.then(c => c.fetch(AUTH + '/x')),
			() => InbentaAuth.createFromAccessToken('tok', KEY, {authURL: AUTH, expiration: 1, apis: {chatbot: AUTH},
				onRefreshError: () => { throw new Error('handler'); }}).then(c => c.accessToken()),
			() => InbentaAuth.createFromDomainKey(DK, KEY, {authURL: AUTH, labels: 5}),
			() => InbentaAuth.createFromDomainKey(DK, KEY, {authURL: AUTH, leeway: NaN}),
			() => InbentaAuth.createFromDomainKey(DK, KEY, {authURL: AUTH, lang: {}}),
			() => InbentaAuth.createFromDomainKey(DK, KEY, new Proxy({}, {ownKeys() { throw new Error('trap'); }})),
			() => InbentaAuth.createFromDomainKey(Symbol('dk'), KEY),
			() => InbentaAuth.createFromDomainKey(DK, KEY, {authURL: AUTH, apis: {chatbot: 'ftp://x'}}),
			() => InbentaAuth.createFromDomainKey(DK, KEY, {authURL: 'javascript:alert(1)'}),
			() => InbentaAuth.createFromDomainKey(DK, KEY, {authURL: AUTH}).then(c => { c.close(); return c.fetch(AUTH); }),
		];
		const codes = [];
		for (const attempt of attempts) {
			try { await attempt(); codes.push('resolved'); } catch (e) { codes.push(e instanceof Error ? e.code : 'not an Error'); }
		}
		return codes;
	})(%s, %s, %s, %s)`, f.domainKey, foreign, f.apiKey, f.api.AuthURL))
	require.Len(t, codes, 25)
	for i, c := range codes {
		assert.NotContains(t, []string{"resolved", "not an Error", ""}, c, "attempt %d", i)
	}
	f.createClient("")
	allOK(t, callChatbot(f, 5, true), 5)
}

// setOnline flips the browser's own idea of connectivity (navigator.onLine
// and the online/offline events), as a flaky Wi-Fi does, through the
// driver's network emulation: a page cannot fake it for the SDK, which
// reads the browser's own navigator.onLine. It skips t where the engine
// cannot (WebKit).
func setOnline(f *fixture, online bool) {
	f.t.Helper()
	p, ok := f.page.(engine.Offliner)
	if !ok {
		f.t.Skip("no network emulation in " + browser.Name() + "'s driver")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	require.NoError(f.t, p.SetOffline(ctx, !online))
}

func TestOfflineThenOnlineCompletesThePendingExchange(t *testing.T) {
	f := newBundleFixture(t, nil)
	f.open("/e2e.html?countauth")
	// The wasm first: offline, the load waits too (loadtimeout_browser_test.go).
	eval[any](f, `InbentaAuth.load()`)
	setOnline(f, false)
	require.False(t, eval[bool](f, `navigator.onLine`))
	eval[any](f, js(`window.pending = e2e.settle(InbentaAuth.createFromDomainKey(%s, %s, {authURL: %s})
		.then(c => { window.client = c; return true; })), true`, f.domainKey, f.apiKey, f.api.AuthURL))
	time.Sleep(700 * time.Millisecond)
	// Counted in the page: offline, Firefox fails a fetch before the API sees it.
	assert.Zero(t, eval[int](f, `e2e.authFetches`), "no attempt is spent while offline")

	setOnline(f, true)
	r := eval[settled](f, `window.pending`)
	require.True(t, r.OK, "%+v", r.Error)
	assert.Equal(t, 1, eval[int](f, `e2e.authFetches`))
	assert.Equal(t, 1, f.api.Count("auth"))
	allOK(t, callChatbot(f, 1, false), 1)
}

func TestAfterALongSleepNoCallGoesOutWithAnExpiredToken(t *testing.T) {
	f := newFixture(t)
	f.createClient("")
	allOK(t, callChatbot(f, 2, false), 2)
	// The laptop slept 3 hours: only the page's clock moved (the server
	// would still accept the token), and no timer ran meanwhile.
	eval[any](f, js(`e2e.advanceClock(%s)`, (3*time.Hour).Milliseconds()))
	allOK(t, callChatbot(f, 5, true), 5)
	assert.Equal(t, 2, f.api.Count("auth"), "re-exchanged before the calls went out")
	assert.Equal(t, map[int]int{1: 2, 2: 5}, f.api.TokensUsed("chatbot"), "nothing sent with the expired token")
}

func TestComingBackToThePageRefreshesAnAccessTokenAtOnce(t *testing.T) {
	f := newFixture(t)
	f.createFromToken(f.serverToken(), `{refresh: hook}`)
	f.advanceClocks(3 * time.Hour)
	assert.Zero(t, eval[int](f, `hookRuns`))
	eval[any](f, `document.dispatchEvent(new Event('visibilitychange'))`)
	require.Eventually(t, func() bool { return eval[int](f, `hookRuns`) == 1 }, 5*time.Second, 20*time.Millisecond,
		"the hook ran on return, before any call needed it")
	assert.Equal(t, "expired", eval[string](f, `lastReason`))
	allOK(t, callChatbot(f, 2, true), 2)
	assert.Equal(t, 1, eval[int](f, `hookRuns`))
	assert.Equal(t, map[int]int{2: 2}, f.api.TokensUsed("chatbot"))
}

func TestSlowAnswerBeyondTheRefreshTimeoutIsTimeout(t *testing.T) {
	f := newFixture(t)
	f.api.Fail("auth", authtest.Fault{Delay: 3 * time.Second})
	r := eval[settled](f, js(`e2e.settle(InbentaAuth.createFromDomainKey(%s, %s, {authURL: %s, refreshTimeout: 0.5}))`,
		f.domainKey, f.apiKey, f.api.AuthURL))
	e := rejection(t, r)
	assert.Equal(t, "TIMEOUT", e.Code)
	assert.True(t, e.Retryable)

	r, _ = createTimed(f) // the fault is spent: a later call works
	require.True(t, r.OK, "%+v", r.Error)
}
