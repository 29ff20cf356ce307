//go:build browser

package browsertest

import (
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The load is bounded (options.loadTimeout, 60 s by default): a wasm server
// that stalls, or a browser that stays offline, fails the factories with a
// retryable WASM_LOAD_FAILED instead of leaving them pending.

// stallingWasm answers its first request with the headers and the first KB
// of the wasm, then nothing until the browser gives up on it, which aborted
// reports; later requests get the whole wasm.
func stallingWasm(t *testing.T, aborted chan<- struct{}) http.HandlerFunc {
	wasm := distWasm(t)
	var stalled atomic.Bool
	return func(w http.ResponseWriter, r *http.Request) {
		if stalled.Swap(true) {
			serveBytes(200, "application/wasm", wasm)(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/wasm")
		w.Write(wasm[:1024])
		w.(http.Flusher).Flush()
		select {
		case <-r.Context().Done():
			close(aborted)
		case <-time.After(30 * time.Second): // let the server close
		}
	}
}

func TestLoadThatStallsFailsAtLoadTimeout(t *testing.T) {
	for _, tc := range []struct{ name, page, create string }{
		// The default URL, whose hash the loader checks as it compiles.
		{"next to the loader", "/e2e-loader.html?base=/stall/", "InbentaAuth.createFromDomainKey"},
		// wasmURL, compiled without a check.
		{"wasmURL", "/e2e-loader.html", "((dk, key, o) => InbentaAuth.createFromDomainKey(dk, key, Object.assign({ wasmURL: '/stall/inbenta-auth.wasm' }, o)))"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			aborted := make(chan struct{})
			f := newBundleFixture(t, routes(bundleAt(t, "/stall/", stallingWasm(t, aborted))))
			f.open(tc.page)
			e := rejection(t, eval[settled](f, js(`e2e.settle((`+tc.create+`)(%s, %s, { authURL: %s, loadTimeout: 1 }))`,
				f.domainKey, f.apiKey, f.api.AuthURL)))
			t.Log(e.Message)
			assert.Equal(t, "WASM_LOAD_FAILED", e.Code)
			assert.True(t, e.Retryable)
			assert.Contains(t, e.Message, "the wasm did not load within 1 s")
			select {
			case <-aborted:
			case <-time.After(10 * time.Second):
				t.Fatal("the stalled download was not aborted")
			}
			// A failed load is not kept: the next call loads again.
			requireQuickStartOK(t, quickStart(f, tc.create))
		})
	}
}

func TestLoadTimeoutIsChecked(t *testing.T) {
	f := newFixture(t)
	for _, v := range []string{`'5'`, `0`, `-1`, `601`, `NaN`, `Infinity`, `{}`} {
		for _, call := range []string{
			js(`InbentaAuth.createFromDomainKey(%s, %s, { authURL: %s, loadTimeout: `+v+` })`, f.domainKey, f.apiKey, f.api.AuthURL),
			`InbentaAuth.load({ loadTimeout: ` + v + ` })`,
		} {
			e := rejection(t, eval[settled](f, `e2e.settle(`+call+`)`))
			assert.Equal(t, "INVALID_ARGUMENT", e.Code, call)
			assert.Contains(t, e.Message, "options.loadTimeout must be a number of seconds from 0.001 to 600", call)
		}
	}
	assert.Empty(t, wasmFetches(f), "nothing is loaded for a bad option")
	assert.Zero(t, f.api.Count("auth"), "nothing is sent for a bad option")
}

// Offline, a fetch of the wasm fails: the load waits for the browser to be
// online again, within its timeout.
func TestLoadOfflineWaitsToBeOnline(t *testing.T) {
	t.Run("online in time", func(t *testing.T) {
		f := newBundleFixture(t, nil)
		f.open("/e2e.html?countauth")
		setOnline(f, false)
		require.False(t, eval[bool](f, `navigator.onLine`))
		eval[any](f, js(`window.pending = e2e.settle(InbentaAuth.createFromDomainKey(%s, %s, {authURL: %s})
			.then(c => { window.client = c; return true; })), true`, f.domainKey, f.apiKey, f.api.AuthURL))
		time.Sleep(700 * time.Millisecond)
		assert.False(t, eval[bool](f, `window.client !== undefined`), "no client while offline")
		assert.Zero(t, eval[int](f, `e2e.authFetches`), "no exchange while offline")

		setOnline(f, true)
		r := eval[settled](f, `window.pending`)
		require.True(t, r.OK, "%+v", r.Error)
		assert.Equal(t, 1, f.api.Count("auth"))
		allOK(t, callChatbot(f, 1, false), 1)
	})
	t.Run("offline beyond loadTimeout", func(t *testing.T) {
		f := newBundleFixture(t, nil)
		f.open("/e2e.html")
		setOnline(f, false)
		e := rejection(t, eval[settled](f, js(`e2e.settle(InbentaAuth.createFromDomainKey(%s, %s, {authURL: %s, loadTimeout: 1}))`,
			f.domainKey, f.apiKey, f.api.AuthURL)))
		assert.Equal(t, "WASM_LOAD_FAILED", e.Code)
		assert.True(t, e.Retryable)
		assert.Contains(t, e.Message, "the wasm did not load within 1 s: the browser is offline")

		setOnline(f, true)
		f.createClient("") // the next call loads
		allOK(t, callChatbot(f, 1, false), 1)
	})
}
