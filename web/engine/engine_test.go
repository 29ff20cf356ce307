//go:build browser && !(js && wasm)

package engine_test

import (
	"bytes"
	"context"
	"errors"
	"image/png"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/inbenta-community/inbenta-auth/web/engine"
)

const (
	page = `<!doctype html><title>engine</title>
<p id="c" style="color: rgb(0, 128, 0)">green</p>`
	red = `<!doctype html><title>red</title>
<div style="position: fixed; inset: 0; background: #f00"></div>`
)

// TestEngines runs the same checks in each engine, the engines in parallel.
// An engine that is not installed is skipped (make browsers installs them).
func TestEngines(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/page.html", html(page))
	mux.HandleFunc("/red.html", html(red))
	site := httptest.NewServer(mux) // on 127.0.0.1
	t.Cleanup(site.Close)

	for _, name := range engine.Names {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			testEngine(t, name, site.URL)
		})
	}
}

func html(body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(body))
	}
}

func testEngine(t *testing.T, name, site string) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	t.Cleanup(cancel)

	start := time.Now()
	b, err := engine.Launch(ctx, name, engine.Options{})
	if errors.Is(err, engine.ErrNotFound) {
		t.Skipf("%s: %v", name, err)
	}
	require.NoError(t, err)
	launch := time.Since(start)
	t.Cleanup(func() { assert.NoError(t, b.Close()) })
	t.Logf("%s: %s", b.Name(), b.Version())

	var newPage []time.Duration
	open := func() (engine.Page, chan engine.ConsoleMessage) {
		start := time.Now()
		p, err := b.NewPage(ctx)
		require.NoError(t, err)
		newPage = append(newPage, time.Since(start))
		t.Cleanup(func() { assert.NoError(t, p.Close()) })
		logged := make(chan engine.ConsoleMessage, 100)
		p.OnConsole(func(m engine.ConsoleMessage) {
			select {
			case logged <- m:
			default:
			}
		})
		require.NoError(t, p.Navigate(ctx, site+"/page.html"))
		return p, logged
	}
	pa, logged := open()
	pb, _ := open()

	t.Run("values", func(t *testing.T) {
		for expr, want := range map[string]string{
			`1 + 2`:                               `3`,
			`"a" + "b"`:                           `"ab"`,
			`({n: 1.5, s: "x", a: [true, null]})`: `{"n":1.5,"s":"x","a":[true,null]}`,
			`new Promise(r => setTimeout(() => r(42), 10))`: `42`,
			`undefined`:                   `null`,
			`document.title // a comment`: `"engine"`,
			`getComputedStyle(document.getElementById("c")).color`: `"rgb(0, 128, 0)"`,
		} {
			got, err := pa.Eval(ctx, expr)
			require.NoError(t, err, expr)
			assert.JSONEq(t, want, string(got), expr)
		}
		n, err := engine.Eval[int](ctx, pa, `6 * 7`)
		require.NoError(t, err)
		assert.Equal(t, 42, n)
		require.NoError(t, engine.Poll(ctx, pa, `document.readyState === "complete"`))
	})

	t.Run("errors", func(t *testing.T) {
		_, err := pa.Eval(ctx, `Promise.reject(new Error("boom"))`)
		require.ErrorContains(t, err, "Error: boom")
		_, err = pa.Eval(ctx, `(() => { throw new TypeError("bad thing"); })()`)
		require.ErrorContains(t, err, "TypeError: bad thing")
		_, err = pa.Eval(ctx, `Promise.reject("plain")`)
		require.ErrorContains(t, err, "plain")
		_, err = pa.Eval(ctx, `1 +`)
		require.Error(t, err, "a syntax error")
		_, err = pa.Eval(ctx, `(() => { const o = {}; o.o = o; return o; })()`)
		require.Error(t, err, "a value JSON cannot hold")
	})

	// The driver can fail: a wrong expectation is caught, not passed over.
	t.Run("mismatch is detected", func(t *testing.T) {
		color, err := engine.Eval[string](ctx, pa, `getComputedStyle(document.getElementById("c")).color`)
		require.NoError(t, err)
		rec := &recorder{}
		assert.Equal(rec, "rgb(255, 0, 0)", color, "a test expecting red")
		require.True(t, rec.failed, "expecting red on a green text must fail; got %s", color)
	})

	t.Run("isolation", func(t *testing.T) {
		_, err := pa.Eval(ctx, `(localStorage.setItem("k", "from A"), document.cookie = "c=A; path=/")`)
		require.NoError(t, err)
		got, err := engine.Eval[[]any](ctx, pa, `[localStorage.getItem("k"), document.cookie]`)
		require.NoError(t, err)
		assert.Equal(t, []any{"from A", "c=A"}, got, "page A sees its own storage")
		got, err = engine.Eval[[]any](ctx, pb, `[localStorage.getItem("k"), document.cookie]`)
		require.NoError(t, err)
		assert.Equal(t, []any{nil, ""}, got, "page B must not see page A's storage")
		// A page opened after A wrote starts fresh too: nothing kept on disk.
		pc, _ := open()
		got, err = engine.Eval[[]any](ctx, pc, `[localStorage.getItem("k"), document.cookie]`)
		require.NoError(t, err)
		assert.Equal(t, []any{nil, ""}, got, "a later page must not see page A's storage")
		// Opening a page leaves the others in front, as a visitor's tab is.
		state, err := engine.Eval[string](ctx, pa, `document.visibilityState`)
		require.NoError(t, err)
		assert.Equal(t, "visible", state, "page A, once B and C were opened")
	})

	t.Run("console", func(t *testing.T) {
		_, err := pa.Eval(ctx, `console.log("hello", 42, {a: 1})`)
		require.NoError(t, err)
		m := waitConsole(t, pa, logged, func(m engine.ConsoleMessage) bool { return m.Type == "log" })
		assert.Equal(t, `hello 42`, strings.Join(strings.Fields(m.Text)[:2], " "), m.Text)
		_, err = pa.Eval(ctx, `setTimeout(() => { throw new Error("late") }, 0)`)
		require.NoError(t, err)
		m = waitConsole(t, pa, logged, func(m engine.ConsoleMessage) bool { return m.Type == "exception" })
		assert.Contains(t, m.Text, "late")
	})

	// Prototype.js replaces Array.prototype.toJSON, which WebKitWebDriver's
	// encoding of a result calls: values and the console read the same.
	t.Run("a page's toJSON", func(t *testing.T) {
		pd, logged := open()
		_, err := pd.Eval(ctx, `Object.defineProperty(Array.prototype, "toJSON", {value() { return "[prototype.js]"; }, configurable: true})`)
		require.NoError(t, err)
		s, err := engine.Eval[string](ctx, pd, `(console.log("two\nlines, 100%0A%"), "a" + "b")`)
		require.NoError(t, err)
		assert.Equal(t, "ab", s)
		m := waitConsole(t, pd, logged, func(m engine.ConsoleMessage) bool { return m.Type == "log" })
		assert.Equal(t, "two\nlines, 100%0A%", m.Text)
	})

	t.Run("screenshot", func(t *testing.T) {
		require.NoError(t, pb.Navigate(ctx, site+"/red.html"))
		shot, err := pb.Screenshot(ctx)
		require.NoError(t, err)
		require.True(t, bytes.HasPrefix(shot, []byte("\x89PNG\r\n\x1a\n")), "a PNG signature")
		img, err := png.Decode(bytes.NewReader(shot))
		require.NoError(t, err)
		r := img.Bounds()
		reds := 0
		for y := r.Min.Y; y < r.Max.Y; y++ {
			for x := r.Min.X; x < r.Max.X; x++ {
				cr, cg, cb, _ := img.At(x, y).RGBA()
				if cr > 0xe000 && cg < 0x2000 && cb < 0x2000 {
					reds++
				}
			}
		}
		share := float64(reds) / float64(r.Dx()*r.Dy())
		t.Logf("%dx%d screenshot, %.0f%% red", r.Dx(), r.Dy(), 100*share)
		assert.Greater(t, share, 0.9, "a full-screen red div is mostly red pixels")
	})

	t.Run("viewport", func(t *testing.T) {
		require.NoError(t, pb.SetViewport(ctx, 640, 400))
		size, err := engine.Eval[[2]int](ctx, pb, `[innerWidth, innerHeight]`)
		require.NoError(t, err)
		assert.Equal(t, [2]int{640, 400}, size)
		shot, err := pb.Screenshot(ctx)
		require.NoError(t, err)
		img, err := png.Decode(bytes.NewReader(shot))
		require.NoError(t, err)
		assert.Equal(t, [2]int{640, 400}, [2]int{img.Bounds().Dx(), img.Bounds().Dy()}, "the screenshot's size")
	})

	t.Run("timing", func(t *testing.T) {
		rtt := make([]time.Duration, 50)
		for i := range rtt {
			start := time.Now()
			_, err := pa.Eval(ctx, `1`)
			require.NoError(t, err)
			rtt[i] = time.Since(start)
		}
		slices.Sort(rtt)
		t.Logf("timing %s: launch %v, NewPage %v, Eval median %v (min %v, max %v)",
			name, launch.Round(time.Millisecond), roundAll(newPage), rtt[25].Round(10*time.Microsecond),
			rtt[0].Round(10*time.Microsecond), rtt[49].Round(10*time.Microsecond))
	})
}

// waitConsole waits up to 10 s for a console message that matches; the
// Evals in between deliver what WebKit's console hook recorded.
func waitConsole(t *testing.T, p engine.Page, logged chan engine.ConsoleMessage, match func(engine.ConsoleMessage) bool) engine.ConsoleMessage {
	t.Helper()
	deadline := time.After(10 * time.Second)
	var seen []engine.ConsoleMessage
	for {
		select {
		case m := <-logged:
			if match(m) {
				return m
			}
			seen = append(seen, m)
		case <-time.After(50 * time.Millisecond):
			_, err := p.Eval(context.Background(), `true`)
			require.NoError(t, err)
		case <-deadline:
			t.Fatalf("no such console message; saw %+v", seen)
		}
	}
}

func roundAll(ds []time.Duration) string {
	s := make([]string, len(ds))
	for i, d := range ds {
		s[i] = d.Round(time.Millisecond).String()
	}
	return strings.Join(s, ", ")
}

// recorder is an assert.TestingT that only records a failure.
type recorder struct{ failed bool }

func (r *recorder) Errorf(string, ...any) { r.failed = true }
