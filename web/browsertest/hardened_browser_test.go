//go:build browser

package browsertest

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/inbenta-community/inbenta-auth/sdk"
)

// createTimedJS creates window.client from a Domain Key and answers
// {ok, value: ms taken} or {ok: false, error} as e2e.settle does.
const createTimedJS = `((DK, KEY, AUTH) => {
	const start = performance.now();
	return e2e.settle(InbentaAuth.createFromDomainKey(DK, KEY, {authURL: AUTH})
		.then(c => { window.client = c; return Math.round(performance.now() - start); }));
})(%s, %s, %s)`

// Web Locks and BroadcastChannel missing, never answering or throwing
// (testdata/sharing-broken.js breaks them before the SDK loads): creation
// still completes, within the refresh timeout, and the client works.
// Sharing saves requests; it never stops a page from getting a token.
// Each breakage is a page of its own in one tab.
func TestBrokenLocksAndChannelsNeitherHangNorBreakCreation(t *testing.T) {
	f := newBundleFixture(t, nil)
	for _, query := range []string{
		"locks=missing", "locks=silent", "locks=throwing",
		"channel=missing", "channel=silent", "channel=throwing",
	} {
		t.Run(query, func(sub *testing.T) {
			f.t = sub
			defer func() { f.t = t }()
			f.api.ResetCounts()
			f.open("/sharing-broken.html?" + query)
			watchUncaught(f)
			r := eval[settled](f, js(createTimedJS, f.domainKey, f.apiKey, f.api.AuthURL))
			require.True(sub, r.OK, "createFromDomainKey: %+v", r.Error)
			var ms int
			require.NoError(sub, json.Unmarshal(r.Value, &ms))
			sub.Logf("created in %d ms", ms)
			assert.Less(sub, time.Duration(ms)*time.Millisecond, time.Duration(sdk.DefaultRefreshTimeout), "within the refresh timeout")
			assert.Equal(sub, statuses("200", 3), concurrentCalls(f, 3))
			assert.Equal(sub, 1, f.api.Count("auth"))
			assert.Equal(sub, "CLOSED", closeClient(f))
			assert.Empty(sub, eval[string](f, `e2e.uncaught.join('\n')`), "no unhandled rejection or uncaught error")
		})
	}
}

// Hardened JavaScript: SES's lockdown() froze every built-in before the
// SDK's scripts ran.
func TestSESLockdownBeforeTheSDK(t *testing.T) {
	f := newBundleFixture(t, nodeModules(t))
	f.open("/ses.html")
	require.True(t, eval[bool](f, `typeof harden === 'function' && Object.isFrozen(Object.prototype) &&
		Object.isFrozen(Array.prototype) && Object.isFrozen(Promise.prototype) && Object.isFrozen(Function.prototype)`),
		"lockdown() ran")
	everyPath(t, f)
}

// core-js's full bundle (every polyfill and proposal) before the SDK.
func TestCoreJSBundleBeforeTheSDK(t *testing.T) {
	f := newBundleFixture(t, nodeModules(t))
	f.open("/core-js.html")
	require.True(t, eval[bool](f, `'__core-js_shared__' in globalThis`), "core-js loaded")
	everyPath(t, f)
}

// A CSP that requires Trusted Types for every DOM sink of script
// (require-trusted-types-for 'script'): the SDK, its notification included,
// uses none, so the page sees no violation. Where the engine enforces
// Trusted Types, a probe shows the policy holds and is reported.
func TestTrustedTypesCSPSeesNoViolation(t *testing.T) {
	f := newBundleFixture(t, nil)
	f.open("/trusted-types.html")
	everyPath(t, f)
	assert.Equal(t, "", eval[string](f, `violations.join('\n')`), "no CSP violation")
	if !eval[bool](f, `typeof trustedTypes === 'object'`) {
		t.Logf("%s has no Trusted Types: the policy is not enforced", browser.Name())
		return
	}
	require.True(t, eval[bool](f, `(() => {
		try { document.createElement('div').innerHTML = '<b>x</b>'; return false; } catch (e) { return e instanceof TypeError; }
	})()`), "the policy is enforced")
	poll(t, f.page, `violations.length === 1`)
}

// Built-ins as Prototype.js, MooTools and XRegExp leave them (testdata/
// legacy.js: an Array.from without mapping, a bind whose second argument
// is an array, toJSON on the prototypes, String methods of their own),
// replaced before the SDK loaded.
func TestLegacyBuiltInsBeforeTheSDK(t *testing.T) {
	f := newBundleFixture(t, nil)
	f.open("/legacy.html")
	require.Equal(t, `"[1, \"a\"]"`, eval[string](f, `JSON.stringify([1, 'a'])`), "Prototype's JSON is in place")
	everyPath(t, f)
	t.Logf("legacy built-ins the page and the SDK called: %s", eval[string](f,
		`Object.keys(legacy.calls).sort().map(k => k + ' ' + legacy.calls[k]).join(', ')`))
}
