//go:build browser

package browsertest

import (
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// reentry mirrors a combo's outcome in testdata/reentrancy.js: how often the
// callback called the method, how the call that triggered the callback
// settled and how the method's own results settled ("hung" when not within
// 6 s).
type reentry struct {
	Method string   `json:"method"`
	Fired  int      `json:"fired"`
	Outer  string   `json:"outer"`
	Inner  []string `json:"inner"`
}

// settledWell is how a promise the page got settled well: fulfilled, or
// rejected with an SDK error, which has a code.
var settledWell = regexp.MustCompile(`^(ok|[A-Z_]+)$`)

// Page code runs synchronously inside what the SDK does: its events, the
// refresh hook and onRefreshError, focus moving to the notification and
// away when it goes, and built-ins the SDK calls that a page patched (those
// before the SDK loaded included). From each such callback, every client
// method is called on the client at work; the call that triggered it
// settles, so do the method's own promises, and the page's other client
// and new ones keep working: nothing deadlocks the Go program.
func TestPageCodeReenteringTheSDK(t *testing.T) {
	// mustFire are the callbacks every engine runs; the others depend on
	// the engine (blur on removal) or on the SDK calling the built-in.
	mustFire := map[string]bool{"token": true, "expired": true, "refresh-error": true, "session": true, "hook": true,
		"onRefreshError": true, "blur": true, "focusout": true, "focusin": true, "focus": true, "Array.of": true}
	for _, kind := range []string{"token", "expired", "refresh-error", "session", "hook", "onRefreshError",
		"blur", "focusout", "focusin", "focus", "removal", "Array.of", "Date.now", "setTimeout"} {
		t.Run(kind, func(t *testing.T) {
			f := newBundleFixture(t, nil)
			if kind == "session" {
				f.api.SetSessionLifetime("chatbot", 0) // every session call is answered "Session expired"
			}
			f.open("/reentrancy.html")
			f.createClient(`{shareAcrossTabs: false}`)
			got := eval[[]reentry](f, js(`reentry.run(%s, {apiKey: %s, authURL: %s})`, kind, f.apiKey, f.api.AuthURL))
			require.Len(t, got, 10)
			for _, r := range got {
				t.Logf("%s: fired %d, the call %s, the method %v", r.Method, r.Fired, r.Outer, r.Inner)
				// "ok", or an SDK error's code: never hung, a throw, nor a
				// rejection without a code.
				assert.Regexp(t, settledWell, r.Outer, "%s from %s: the call settles", r.Method, kind)
				for _, in := range r.Inner {
					assert.Regexp(t, settledWell, in, "%s from %s: its own promise settles", r.Method, kind)
				}
				if mustFire[kind] {
					assert.Positive(t, r.Fired, "%s: the callback ran", kind)
				}
			}
			assert.Zero(t, eval[int](f, `reentry.notifications()`), "every failing client was closed: no notification is left")
			allOK(t, callChatbot(f, 2, true), 2) // the page's other client
			f.createClient(`{shareAcrossTabs: false}`)
			allOK(t, callChatbot(f, 1, false), 1) // and a new one
		})
	}
}

// A page may remove the notification's host element itself. Another
// client's failure later shows a new one, focused, which goes once both
// clients are closed.
func TestARemovedNotificationIsReplaced(t *testing.T) {
	f := newFixture(t)
	loseToken(f, `{refresh: `+failingHook+`}`, 1)
	require.Equal(t, 1, notification(f).Count)
	eval[any](f, `(window.first = client, document.querySelector('[data-inbenta-auth-notification]').remove())`)
	require.Zero(t, notification(f).Count)

	loseToken(f, `{refresh: `+failingHook+`}`, 1) // a second client fails
	n := notification(f)
	assert.Equal(t, 1, n.Count, "a new notification")
	assert.True(t, n.Focused, "focus moves to its button")
	eval[any](f, `client.close()`)
	assert.Equal(t, 1, notification(f).Count, "the first client still fails")
	eval[any](f, `first.close()`)
	assert.Zero(t, notification(f).Count)
}
