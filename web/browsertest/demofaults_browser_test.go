//go:build browser

package browsertest

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/inbenta-community/inbenta-auth/web/devserver"
)

// TestDemoFaultsInTheListedOrderEachShowTheirOwnOutcome clicks the demo's
// faults one after another, in the order the page lists them, each followed
// by a product call: each shows what it promises. One client would meet
// the SDK's breaker (3 refreshes a minute) at the fourth, Malformed, and
// show REFRESH_FAILED instead of BAD_RESPONSE: the demo starts a fresh
// client for each fault after the first.
func TestDemoFaultsInTheListedOrderEachShowTheirOwnOutcome(t *testing.T) {
	d, err := devserver.New("127.0.0.1:0", "127.0.0.1:0", "../devserver/static", dist)
	require.NoError(t, err)
	stop := d.Start()
	t.Cleanup(func() { require.NoError(t, stop()) })

	f := newFixture(t) // its tab, which leaves the fixture's page for the demo
	require.True(t, eval[bool](f, js("(setTimeout(() => location.assign(%s), 0), true)", d.SiteURL+"/?mode=domain-key")))
	// The demo's first exchange: it has left the fixture's page.
	require.Eventually(t, func() bool { return d.API.Count("auth") >= 1 }, 30*time.Second, 20*time.Millisecond, "the demo loaded")
	waitFor := func(what, expr string) {
		t.Helper()
		for deadline := time.Now().Add(30 * time.Second); !eval[bool](f, expr); time.Sleep(50 * time.Millisecond) {
			require.True(t, time.Now().Before(deadline), "timed out: %s", what)
		}
	}
	waitFor("the demo is ready", `document.body.dataset.state === 'ready'`)
	click := func(selector string) {
		t.Helper()
		waitFor("clicked "+selector, js(`(() => {
			const b = document.querySelector(%s);
			if (!b || b.disabled) return false;
			b.click();
			return true;
		})()`, selector))
	}

	for _, tc := range []struct{ kind, status string }{
		{"server-error", "200"},
		{"rate-limit", "200"},
		{"slow", "200"},
		{"malformed", "BAD_RESPONSE"},
		{"expire-now", "200"},
	} {
		eval[any](f, `(delete document.getElementById('faults').dataset.posted, null)`)
		click(`button[data-fault="` + tc.kind + `"]`)
		waitFor(tc.kind+" armed", js(`document.getElementById('faults').dataset.posted === %s`, tc.kind))
		eval[any](f, `(document.getElementById('result').removeAttribute('data-status'), null)`)
		click(`#call-chatbot`)
		waitFor(tc.kind+": the call's outcome", `document.getElementById('result').dataset.status !== undefined`)
		log := eval[string](f, `document.getElementById('log').innerText`)
		// The timeline is newest first.
		assert.Equal(t, tc.status, eval[string](f, `document.querySelector('#log .entry[data-kind="call"]').dataset.status`),
			"%s; events:\n%s", tc.kind, log)
	}
	assert.Zero(t, eval[int](f, `document.querySelectorAll('#log .entry[data-status="REFRESH_FAILED"]').length`), "no breaker")
}
