//go:build browser

package browsertest

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The pages customers run (issue 28): a framework's runtime, hardened or
// patched built-ins, embedded frames. Each test loads the built bundle in
// such a page, with the libraries installed from npm (installedApp,
// served at /npm/), and drives every path of the SDK there (everyPath),
// counting at the emulated API. The page scripts these tests read return
// strings, not arrays: a page may have replaced Array.prototype.toJSON,
// which the harness's JSON.stringify would call.

// concurrentCallsJS makes n product calls at once through window.client
// and answers their statuses joined by commas ("rejected CODE" for a
// rejection). It uses no Array.from: a legacy page has its own.
const concurrentCallsJS = `((n) => {
	const calls = [];
	for (let i = 0; i < n; i++) {
		calls.push(client.fetch(client.apis.chatbot + '/v1/conversation', {method: 'POST',
			headers: {'Content-Type': 'application/json'}, body: '{"message":"hello ' + i + '"}'})
			.then(r => r.status, e => 'rejected ' + e.code));
	}
	return Promise.all(calls).then(s => s.join(','));
})(%s)`

func concurrentCalls(f *fixture, n int) string {
	f.t.Helper()
	return eval[string](f, js(concurrentCallsJS, n))
}

// statuses is n statuses joined as concurrentCallsJS joins them.
func statuses(status string, n int) string {
	return strings.TrimSuffix(strings.Repeat(status+",", n), ",")
}

// watchUncaught counts the page's unhandled rejections and uncaught
// errors from now on, in e2e.uncaught.
func watchUncaught(f *fixture) {
	f.t.Helper()
	require.True(f.t, eval[bool](f, `(() => {
		e2e.uncaught = [];
		const note = (e) => e2e.uncaught.push(String(e.reason || e.error || e.message));
		addEventListener('unhandledrejection', note);
		addEventListener('error', note);
		return true;
	})()`))
}

// closeClient closes window.client and answers the code of a call made
// after: CLOSED.
func closeClient(f *fixture) string {
	f.t.Helper()
	return eval[string](f, `(() => {
		const url = client.apis.chatbot + '/v1/conversation';
		const answer = client.close();
		return client.fetch(url).then(() => 'sent', e => e.code + (answer === undefined ? '' : ', and close() answered ' + typeof answer));
	})()`)
}

// everyPath runs what a page does with the SDK in f's open page: a Domain
// Key client, 20 calls at once, 20 more after the token expired (one
// exchange for them), close(); an access-token client whose refresh hook
// runs once for calls after expiry, a failing hook's notification, close().
func everyPath(t *testing.T, f *fixture) {
	t.Helper()
	watchUncaught(f)

	f.createClient("")
	assert.Equal(t, statuses("200", 20), concurrentCalls(f, 20), "20 calls at once")
	assert.Equal(t, 1, f.api.Count("auth"), "one exchange")
	f.advanceClocks(2 * time.Hour)
	assert.Equal(t, statuses("200", 20), concurrentCalls(f, 20), "20 calls at once after expiry")
	assert.Equal(t, 2, f.api.Count("auth"), "one exchange for the 20 calls after expiry")
	assert.Equal(t, map[int]int{1: 20, 2: 20}, f.api.TokensUsed("chatbot"))
	assert.Equal(t, "CLOSED", closeClient(f))

	f.createFromToken(f.serverToken(), `{refresh: hook}`) // the server's exchange: the third
	f.advanceClocks(2 * time.Hour)
	assert.Equal(t, statuses("200", 5), concurrentCalls(f, 5), "calls after expiry wait for the hook")
	assert.Equal(t, 1, eval[int](f, `hookRuns`), "the hook ran once for them")
	assert.EqualValues(t, 1, f.minted.Load())
	assert.Equal(t, 5, f.api.TokensUsed("chatbot")[4], "all with the hook's token")

	require.True(t, eval[settled](f, `e2e.settle(client.setRefresh(() => Promise.reject(new Error('the server said no'))))`).OK)
	f.advanceClocks(2 * time.Hour)
	assert.Equal(t, statuses("rejected REFRESH_FAILED", 3), concurrentCalls(f, 3))
	assert.Equal(t, 1, notifications(f), "the notification shows")
	assert.Equal(t, "CLOSED", closeClient(f))

	assert.Equal(t, 4, f.api.Count("auth"), "two Domain Key exchanges, the server's and the hook's")
	assert.Equal(t, 45, f.api.Count("chatbot"))
	assert.Empty(t, eval[string](f, `e2e.uncaught.join('\n')`), "no unhandled rejection or uncaught error")
}

// Angular apps load zone.js, which replaces Promise (and wraps the
// engine's Promise.prototype.then, fetch and timers). Before the SDK's
// scripts, as an app's polyfills are, and after them, as in an app that
// loads the SDK from index.html before its polyfills: the SDK works.
func TestZoneJSBeforeAndAfterTheSDK(t *testing.T) {
	for _, order := range []string{"before", "after"} {
		t.Run(order, func(t *testing.T) {
			f := newBundleFixture(t, nodeModules(t))
			f.open("/zone-" + order + ".html")
			require.True(t, eval[bool](f, `typeof Zone === 'function' && Zone.current.name === '<root>' &&
				Promise !== (async () => {})().constructor`), "zone.js replaced Promise")
			everyPath(t, f)
			stableInAngularsZone(t, f)
		})
	}
}

// stableInAngularsZone creates a client and calls through it in a zone
// forked as Angular's NgZone forks one, which runs the app's code and
// counts its pending tasks: the app is stable (isStable, which hydration
// and whenStable wait for) when none is left. Once the calls are answered
// the SDK leaves none there.
func stableInAngularsZone(t *testing.T, f *fixture) {
	t.Helper()
	before := f.api.Count("auth")
	got := eval[string](f, js(`(async (DK, KEY, AUTH) => {
		let pending = false;
		const zone = Zone.current.fork({name: 'angular', onHasTask(parent, current, target, has) {
			pending = has.macroTask;
			return parent.hasTask(target, has);
		}});
		window.client = await zone.run(() => InbentaAuth.createFromDomainKey(DK, KEY, {authURL: AUTH}));
		const statuses = await zone.run(() => `+js(concurrentCallsJS, 5)+`);
		await new Promise(r => setTimeout(r, 0));
		return statuses + (pending ? ', and a task pending in the zone' : '');
	})(%s, %s, %s)`, f.domainKey, f.apiKey, f.api.AuthURL))
	assert.Equal(t, statuses("200", 5), got)
	assert.Equal(t, before+1, f.api.Count("auth"))
	assert.Equal(t, "CLOSED", closeClient(f))
}
