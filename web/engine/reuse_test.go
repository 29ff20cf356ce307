//go:build browser && !(js && wasm)

package engine

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// pageState is what a test could see of the state a page kept: cookies of
// the host, the network, the viewport, the focus, a permission, storage.
const pageState = `[document.cookie, navigator.onLine, innerWidth, innerHeight, document.visibilityState,
	document.hasFocus(), self.Notification ? Notification.permission : null, sessionStorage.length, localStorage.length]`

// TestReusing checks, in each engine, that a page given back comes back as
// a new page is opened (blank, then at a new origin: no cookie, online, the
// default viewport, in front, the same permission, no storage) and no
// longer calls the console listener of the test that closed it; that a page
// left with anything reuseRefusals lists is closed, not reused; and that a
// test navigating to an origin the page showed before gets a new page, with
// the console, viewport and network the test gave it.
func TestReusing(t *testing.T) {
	for _, name := range Names {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
			t.Cleanup(cancel)
			b, err := Launch(ctx, name, Options{})
			if errors.Is(err, ErrNotFound) {
				t.Skipf("%s: %v", name, err)
			}
			require.NoError(t, err)
			r := Reusing(b)
			t.Cleanup(func() { assert.NoError(t, r.Close()) })

			fresh, err := b.NewPage(ctx)
			require.NoError(t, err)
			require.NoError(t, fresh.Navigate(ctx, serveReuse(t)))
			want, err := Eval[[]any](ctx, fresh, pageState)
			require.NoError(t, err)
			require.NoError(t, fresh.Close())

			t.Run("put back", func(t *testing.T) { testPutBack(ctx, t, r, want) })
			t.Run("refused", func(t *testing.T) { testRefusals(ctx, t, r) })
			t.Run("origin shown before", func(t *testing.T) { testShownBefore(ctx, t, r) })
		})
	}
}

func engineOf(p Page) Page { return p.(interface{ page() Page }).page() }

// serveReuse is a new origin; its sw.js is an empty service worker.
func serveReuse(t *testing.T) string {
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/sw.js" {
			w.Header().Set("Content-Type", "text/javascript")
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(`<!doctype html><title>reuse</title>`))
	}))
	t.Cleanup(s.Close)
	return s.URL
}

func testPutBack(ctx context.Context, t *testing.T, r Browser, want []any) {
	pa, err := r.NewPage(ctx)
	require.NoError(t, err)
	heard := make(chan ConsoleMessage, 10)
	pa.OnConsole(func(m ConsoleMessage) { heard <- m })
	require.NoError(t, pa.Navigate(ctx, serveReuse(t)))
	_, err = pa.Eval(ctx, `document.cookie = "c=A; path=/"`)
	require.NoError(t, err)
	require.NoError(t, pa.SetViewport(ctx, 640, 400))
	offliner, canGoOffline := pa.(Offliner)
	if canGoOffline {
		require.NoError(t, offliner.SetOffline(ctx, true))
		online, err := Eval[bool](ctx, pa, `navigator.onLine`)
		require.NoError(t, err)
		require.False(t, online)
	}
	require.NoError(t, pa.Close())
	require.NoError(t, pa.Close(), "a second Close does nothing")

	pb, err := r.NewPage(ctx)
	require.NoError(t, err)
	t.Cleanup(func() { pb.Close() })
	assert.Same(t, engineOf(pa), engineOf(pb), "the page given back")
	_, isOffliner := pb.(Offliner)
	assert.Equal(t, canGoOffline, isOffliner, "an Offliner when its engine's pages are")
	href, err := Eval[string](ctx, pb, `location.href`)
	require.NoError(t, err)
	assert.Equal(t, r.(*reusing).blank, href)
	assert.Contains(t, href, "http://127.0.0.1:", "the blank page is on the tests' host")
	require.NoError(t, pb.Navigate(ctx, serveReuse(t)))
	got, err := Eval[[]any](ctx, pb, `(console.log("to the next test"), `+pageState+`)`)
	require.NoError(t, err)
	assert.Equal(t, want, got, "as a new page: "+pageState)
	time.Sleep(200 * time.Millisecond) // Chromium's and Firefox's console events come on their own
	select {
	case m := <-heard:
		assert.Fail(t, "the closed page's console listener heard the next test's page", "%+v", m)
	default:
	}
}

// testShownBefore: the next test's server gets the port of an earlier
// one's, as the kernel may give it.
func testShownBefore(ctx context.Context, t *testing.T, r Browser) {
	first, second := serveReuse(t), serveReuse(t)
	pc, err := r.NewPage(ctx)
	require.NoError(t, err)
	require.NoError(t, pc.Navigate(ctx, first))
	require.NoError(t, pc.Close())

	for _, tc := range []struct {
		name string
		path []string
	}{{"first navigation", []string{first}}, {"a later navigation", []string{second, first}}} {
		pd, err := r.NewPage(ctx)
		require.NoError(t, err)
		kept := engineOf(pd)
		logged := make(chan ConsoleMessage, 10)
		pd.OnConsole(func(m ConsoleMessage) { logged <- m })
		require.NoError(t, pd.SetViewport(ctx, 640, 400))
		offliner, canGoOffline := pd.(Offliner)
		for _, u := range tc.path {
			require.NoError(t, pd.Navigate(ctx, u))
		}
		assert.NotSame(t, kept, engineOf(pd), "%s: another page, for an origin it showed", tc.name)
		if canGoOffline {
			require.NoError(t, offliner.SetOffline(ctx, true))
		}
		got, err := Eval[[]any](ctx, pd, `(console.log("hello"), [innerWidth, innerHeight, navigator.onLine, sessionStorage.length])`)
		require.NoError(t, err)
		assert.Equal(t, []any{640.0, 400.0, !canGoOffline, 0.0}, got, "%s: the viewport and network the test set", tc.name)
		select {
		case m := <-logged:
			assert.Equal(t, "hello", m.Text)
		case <-time.After(10 * time.Second):
			t.Errorf("%s: the console the test set hears nothing", tc.name)
		}
		require.NoError(t, pd.Close())
	}
}
