//go:build browser && !(js && wasm)

package engine

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// reuseRefusals are what a test may leave in its page that the next test
// would meet: each script returns "absent" when the engine lacks the API,
// or false when the engine refused (a popup blocked). A dialog left open
// either keeps the page from being reused or is gone with the document.
var reuseRefusals = []struct{ name, script string }{
	{"session storage", `sessionStorage.setItem("k", "v")`},
	{"local storage", `localStorage.setItem("k", "v")`},
	{"IndexedDB", `new Promise((ok, ko) => {
		const q = indexedDB.open("db");
		q.onsuccess = () => { q.result.close(); ok(true); };
		q.onerror = () => ko(q.error);
	})`},
	{"a cache", `self.caches ? caches.open("c").then(() => true) : "absent"`},
	{"a service worker", `navigator.serviceWorker ? navigator.serviceWorker.register("/sw.js").then(() => true) : "absent"`},
	{"a frame of another origin", `new Promise((ok, ko) => {
		const f = document.createElement("iframe");
		f.onload = () => ok(true);
		f.src = OTHER;
		document.body.append(f);
	})`},
	{"another window", `window.open(OTHER) !== null`},
	{"a dialog", `(setTimeout(() => alert("left open"), 50), "dialog")`},
	{"session storage on a page left", `(sessionStorage.setItem("k", "v"), "navigate")`},
}

func testRefusals(ctx context.Context, t *testing.T, r Browser) {
	for _, tc := range reuseRefusals {
		site, other := serveReuse(t), serveReuse(t)
		p, err := r.NewPage(ctx)
		require.NoError(t, err)
		require.NoError(t, p.Navigate(ctx, site))
		did, err := Eval[any](ctx, p, "(() => { const OTHER = "+quote(other)+"; return "+tc.script+"; })()")
		require.NoError(t, err, tc.name)
		switch did {
		case "absent", false:
			t.Logf("%s: not in this engine (%v)", tc.name, did)
		case "navigate":
			require.NoError(t, p.Navigate(ctx, other))
		case "dialog":
			time.Sleep(500 * time.Millisecond)
		}
		require.NoError(t, p.Close())
		q, err := r.NewPage(ctx)
		require.NoError(t, err)
		if did != "absent" && did != false && did != "dialog" {
			assert.NotSame(t, engineOf(p), engineOf(q), "%s: a new page", tc.name)
		}
		qctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		_, err = q.Eval(qctx, "true")
		require.NoError(t, err, "%s: the next page works", tc.name)
		require.NoError(t, q.Close())
	}
}

func quote(s string) string { return `"` + s + `"` }
