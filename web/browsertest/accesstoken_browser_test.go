//go:build browser

package browsertest

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hookJS is a refresh hook as a page writes it: ask its own server (which
// holds the Secret) for a new token. It counts its runs in the page.
const hookJS = `(window.hookRuns = 0, window.hook = (info) => { hookRuns++; window.lastReason = info.reason;
	return fetch('/e2e/token', {method: 'POST'}).then(r => r.json()); }), `

// createFromToken creates window.client from a server-side token; extra is
// a JS object literal merged into the options.
func (f *fixture) createFromToken(tok map[string]any, extra string) {
	f.t.Helper()
	if extra == "" {
		extra = "{}"
	}
	r := eval[settled](f, js(hookJS+`e2e.settle(InbentaAuth.createFromAccessToken(%s, %s,
		Object.assign({authURL: %s, expiration: %s, apis: %s}, `+extra+`)).then(c => { window.client = c; return true; }))`,
		tok["accessToken"], f.apiKey, f.api.AuthURL, tok["expiration"], tok["apis"]))
	require.True(f.t, r.OK, "createFromAccessToken failed: %+v", r.Error)
}

func notifications(f *fixture) int {
	return eval[int](f, `document.querySelectorAll('[data-inbenta-auth-notification]').length`)
}

func TestGivenAccessTokenIsUsedAsIs(t *testing.T) {
	f := newFixture(t)
	tok := f.serverToken()
	f.createFromToken(tok, `{refresh: hook}`)
	allOK(t, callChatbot(f, 5, true), 5)

	assert.Equal(t, 1, f.api.Count("auth"), "only the server's own exchange")
	assert.Zero(t, f.api.Count("refreshToken"))
	assert.Zero(t, eval[int](f, `hookRuns`))
	assert.Equal(t, map[int]int{1: 5}, f.api.TokensUsed("chatbot"))
	assert.Equal(t, tok["expiration"], eval[float64](f, `client.expiration`))
}

func TestAccessTokenWithoutAPIsAsksForThem(t *testing.T) {
	f := newFixture(t)
	tok := f.serverToken()
	f.createFromToken(tok, `{apis: undefined}`)
	assert.Equal(t, 1, f.api.Count("apis"))
	allOK(t, callChatbot(f, 1, false), 1)
}

func TestAfterExpiryConcurrentCallsRunTheHookOnce(t *testing.T) {
	f := newFixture(t)
	f.createFromToken(f.serverToken(), `{refresh: hook}`)
	f.advanceClocks(2 * time.Hour)

	allOK(t, callChatbot(f, 20, true), 20)
	assert.Equal(t, 1, eval[int](f, `hookRuns`))
	assert.EqualValues(t, 1, f.minted.Load())
	assert.Equal(t, "expired", eval[string](f, `lastReason`))
	assert.Equal(t, map[int]int{2: 20}, f.api.TokensUsed("chatbot"), "all with the new token, none with the old")
	assert.Zero(t, f.api.Count("refreshToken"))
}

func TestCallsBeforeAndDuringASlowRefreshShareOneHookRun(t *testing.T) {
	f := newFixture(t)
	f.createFromToken(f.serverToken(), `{refresh: hook}`)
	f.mintDelay.Store(int64(time.Second))
	f.api.RevokeTokens() // the API refuses the token; the page does not know yet

	statuses := eval[[]int](f, js(`(async () => {
		const call = () => client.fetch(client.apis.chatbot + '/v1/conversation', {method: 'POST', body: 'x'})
			.then(r => r.status, e => 'rejected ' + e.code);
		const before = Array.from({length: 5}, call); // sent with the old token: refused, replayed
		await new Promise(r => setTimeout(r, 400));   // the slow refresh is in flight now
		const during = Array.from({length: 5}, call); // wait for it
		return Promise.all(before.concat(during));
	})()`))
	allOK(t, statuses, 10)
	assert.Equal(t, 1, eval[int](f, `hookRuns`))
	assert.Equal(t, "rejected", eval[string](f, `lastReason`))
	assert.Equal(t, map[int]int{2: 10}, f.api.TokensUsed("chatbot"), "every call succeeded with the new token")
	assert.Equal(t, 15, f.api.Count("chatbot"), "5 refused, 5 replayed, 5 sent after the refresh")
}

func TestSetRefreshReplacesTheHook(t *testing.T) {
	f := newFixture(t)
	f.createFromToken(f.serverToken(), `{refresh: () => { window.firstRuns = (window.firstRuns || 0) + 1; return hook(); }}`)
	r := eval[settled](f, `e2e.settle(client.setRefresh(hook))`)
	require.True(t, r.OK)
	f.advanceClocks(2 * time.Hour)
	allOK(t, callChatbot(f, 3, true), 3)
	assert.Equal(t, 1, eval[int](f, `hookRuns`))
	assert.Equal(t, 0, eval[int](f, `window.firstRuns || 0`))

	bad := eval[settled](f, `e2e.settle(client.setRefresh('not a function'))`)
	assert.Equal(t, "INVALID_ARGUMENT", rejection(t, bad).Code)
}

func TestFailingHooksRejectEveryWaitingCallWithOneNotification(t *testing.T) {
	hooks := map[string]string{
		"rejecting":   `() => { window.badRuns = (window.badRuns || 0) + 1; return Promise.reject(new Error('server said no')); }`,
		"throwing":    `() => { window.badRuns = (window.badRuns || 0) + 1; throw new Error('bug in hook'); }`,
		"not a token": `() => { window.badRuns = (window.badRuns || 0) + 1; return {token: 'x'}; }`,
	}
	for name, hook := range hooks {
		t.Run(name, func(t *testing.T) {
			f := newFixture(t)
			f.createFromToken(f.serverToken(), `{refresh: `+hook+`}`)
			f.advanceClocks(2 * time.Hour)

			got := eval[[]jsError](f, `Promise.all(Array.from({length: 10}, () =>
				e2e.settle(client.fetch(client.apis.chatbot + '/v1/conversation')).then(r => r.error)))`)
			require.Len(t, got, 10)
			for _, e := range got {
				assert.Equal(t, "REFRESH_FAILED", e.Code)
				assert.True(t, e.HasCause, "the hook's failure is the cause")
			}
			assert.Equal(t, 1, eval[int](f, `badRuns`), "the hook ran once for all waiting calls")
			assert.Equal(t, 1, notifications(f))
			assert.Zero(t, f.api.Count("chatbot"), "nothing went out with the stale token")

			// Still working: a good hook saves the client, the notification goes.
			require.True(t, eval[settled](f, `e2e.settle(client.setRefresh(hook))`).OK)
			allOK(t, callChatbot(f, 2, true), 2)
			assert.Equal(t, 0, notifications(f))
		})
	}
}

// The page shares no tokens here: the refresh's 0.3 s is then all the
// hook's, where with sharing the cross-page lock comes first, and a
// browser slow to answer it under load (WebKit in CI) spends the 0.3 s
// before the hook runs (TIMEOUT, not the hook's REFRESH_FAILED).
func TestHookThatNeverSettlesTimesOut(t *testing.T) {
	f := newFixture(t)
	f.createFromToken(f.serverToken(), `{refresh: () => new Promise(() => {}), refreshTimeout: 0.3, shareAcrossTabs: false}`)
	f.advanceClocks(2 * time.Hour)
	r := eval[settled](f, `e2e.settle(client.accessToken())`)
	e := rejection(t, r)
	assert.Equal(t, "REFRESH_FAILED", e.Code)
	assert.Contains(t, e.Message, "timed out")
	assert.Equal(t, 1, notifications(f))
}

func TestWithoutHookATokenNearExpiryIsRenewedThroughRefreshToken(t *testing.T) {
	f := newFixture(t)
	tok := f.serverToken()
	tok["expiration"] = float64(time.Now().Add(30 * time.Second).Unix()) // 30 s left, as the page was told
	f.createFromToken(tok, "")

	require.Eventually(t, func() bool { return f.api.Count("refreshToken") == 1 }, 10*time.Second, 20*time.Millisecond,
		"renewed at once: less than the 1-3 minute window remains")
	r := f.api.Requests("refreshToken")[0]
	assert.Equal(t, "Bearer "+tok["accessToken"].(string), r.Header.Get("Authorization"))
	assert.Equal(t, f.apiKey, r.Header.Get("x-inbenta-key"))

	allOK(t, callChatbot(f, 3, true), 3)
	assert.Equal(t, map[int]int{2: 3}, f.api.TokensUsed("chatbot"), "calls use the renewed token, apis kept")
	assert.Equal(t, 1, f.api.Count("refreshToken"))
	assert.Zero(t, notifications(f))
}

func TestExpiredTokenWithoutHookIsTokenExpiredWithANotification(t *testing.T) {
	f := newFixture(t)
	tok := f.serverToken()
	tok["expiration"] = float64(time.Now().Add(-time.Minute).Unix())
	f.createFromToken(tok, "")

	got := eval[[]jsError](f, `Promise.all(Array.from({length: 5}, () =>
		e2e.settle(client.fetch(client.apis.chatbot + '/v1/conversation')).then(r => r.error)))`)
	for _, e := range got {
		assert.Equal(t, "TOKEN_EXPIRED", e.Code)
	}
	assert.Equal(t, 1, notifications(f))
	assert.Zero(t, f.api.Count("refreshToken"), "an expired token cannot be renewed: nothing sent")
	assert.Zero(t, f.api.Count("chatbot"))
}
