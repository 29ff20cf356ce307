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

// TestReusing checks, in each engine, that a page given back comes back as
// it was opened: blank, online, its viewport the default, without
// the cookies its origin set, and focused; and that it is the same page.
func TestReusing(t *testing.T) {
	serve := func() string {
		s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write([]byte(`<!doctype html><title>reuse</title>`))
		}))
		t.Cleanup(s.Close)
		return s.URL
	}
	first, second := serve(), serve()
	for _, name := range Names {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
			t.Cleanup(cancel)
			b, err := Launch(ctx, name, Options{})
			if errors.Is(err, ErrNotFound) {
				t.Skipf("%s: %v", name, err)
			}
			require.NoError(t, err)
			r := Reusing(b)
			t.Cleanup(func() { assert.NoError(t, r.Close()) })

			pa, err := r.NewPage(ctx)
			require.NoError(t, err)
			size := `[innerWidth, innerHeight]`
			opened, err := Eval[[2]int](ctx, pa, size)
			require.NoError(t, err)
			require.NoError(t, pa.Navigate(ctx, first))
			_, err = pa.Eval(ctx, `(localStorage.setItem("k", "from A"), document.cookie = "c=A; path=/")`)
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
			assert.Same(t, pa.(interface{ unwrap() Page }).unwrap(), pb.(interface{ unwrap() Page }).unwrap(), "the page given back")
			_, isOffliner := pb.(Offliner)
			assert.Equal(t, canGoOffline, isOffliner, "an Offliner when its engine's pages are")
			href, err := Eval[string](ctx, pb, `location.href`)
			require.NoError(t, err)
			assert.Equal(t, r.(*reusing).blank, href)
			assert.Contains(t, href, "http://127.0.0.1:", "the blank page is on the tests' host")
			require.NoError(t, pb.Navigate(ctx, second))
			got, err := Eval[[]any](ctx, pb, `[localStorage.getItem("k"), document.cookie, navigator.onLine,
				innerWidth, innerHeight, document.visibilityState, document.hasFocus()]`)
			require.NoError(t, err)
			assert.Equal(t, []any{nil, "", true, float64(opened[0]), float64(opened[1]), "visible", true}, got,
				"another origin's storage, no cookie of the host, online, the viewport it opened with, in front")
		})
	}
}

func (p *reused) unwrap() Page { return p.Page }
