//go:build !(js && wasm)

// Package engine drives Chromium, Firefox and WebKit through one small
// interface, so that one browser suite can run in all three: Chromium over
// the DevTools protocol (chromedp), Firefox over WebDriver BiDi, and WebKit
// (WebKitGTK's MiniBrowser) over classic W3C WebDriver.
package engine

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync/atomic"
	"time"
)

// Browser is one running browser.
type Browser interface {
	// NewPage opens a page isolated from every other: its own cache,
	// storage and cookies.
	NewPage(ctx context.Context) (Page, error)
	// Name is "chromium", "firefox" or "webkit".
	Name() string
	// Version is the browser's product and version, e.g. "Firefox 128.0".
	Version() string
	// Close ends the browser and removes its profile.
	Close() error
}

// Page is one tab. Its methods are not safe for concurrent use; different
// pages may be used in parallel.
type Page interface {
	// Navigate loads url and waits for its load event.
	Navigate(ctx context.Context, url string) error
	// Eval evaluates a JavaScript expression (not statements), awaits it if
	// it is a promise and returns its value as JSON (undefined is null). A
	// throw or a rejection is an error that carries the JS message.
	Eval(ctx context.Context, expr string) (json.RawMessage, error)
	// Screenshot is a PNG of the viewport.
	Screenshot(ctx context.Context) ([]byte, error)
	// SetViewport sizes the viewport in CSS pixels (the suite takes
	// screenshots at several widths).
	SetViewport(ctx context.Context, width, height int) error
	// OnConsole sets the function that gets the page's console messages and
	// uncaught errors; it may be called on another goroutine and must not
	// block. WebKit's come during Eval and Navigate only (see consoleHook).
	OnConsole(fn func(ConsoleMessage))
	// Close closes the page and drops its storage.
	Close() error
}

// Offliner is a Page whose network can be turned off and back on, as the
// browser's own connectivity: navigator.onLine and the online and offline
// events follow. Chromium (DevTools) and Firefox (WebDriver BiDi) pages are
// Offliners; WebKit's WebDriver has no network emulation.
type Offliner interface {
	SetOffline(ctx context.Context, offline bool) error
}

// ConsoleMessage is one console call, or an uncaught error or rejection.
type ConsoleMessage struct {
	Type string // log, info, warn, error, debug, ...; "exception" for an uncaught error
	Text string // the arguments, space-separated, strings unquoted
}

// Options tune Launch.
type Options struct {
	// Binary is the browser's executable (for WebKit: MiniBrowser). Empty
	// looks at $CHROMIUM, $FIREFOX or $MINIBROWSER, then the usual paths.
	Binary string
}

// ErrNotFound is wrapped by Launch's error when the browser is not installed,
// so that tests can skip.
var ErrNotFound = errors.New("browser not installed (make browsers installs them)")

// Names are the engines Launch knows.
var Names = []string{"chromium", "firefox", "webkit"}

// Launch starts the named browser. ctx bounds the start only, and not
// Chromium's: package headless starts it without one.
func Launch(ctx context.Context, name string, opts Options) (Browser, error) {
	switch name {
	case "chromium":
		return launchChromium(ctx, opts)
	case "firefox":
		return launchFirefox(ctx, opts)
	case "webkit":
		return launchWebKit(ctx, opts)
	}
	return nil, fmt.Errorf("engine: unknown browser %q (want one of %s)", name, strings.Join(Names, ", "))
}

// Eval evaluates expr in p and decodes its JSON value into a T.
func Eval[T any](ctx context.Context, p Page, expr string) (T, error) {
	var v T
	raw, err := p.Eval(ctx, expr)
	if err != nil {
		return v, err
	}
	if err := json.Unmarshal(raw, &v); err != nil {
		return v, fmt.Errorf("decoding %s: %w", raw, err)
	}
	return v, nil
}

// Poll evaluates expr every 20 ms until it is truthy or ctx ends; an
// evaluation error ends it too.
func Poll(ctx context.Context, p Page, expr string) error {
	for {
		ok, err := Eval[bool](ctx, p, "!!("+expr+")")
		if err != nil || ok {
			return err
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("polling %q: %w", expr, ctx.Err())
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// wrap makes one JS expression of expr whose value is a promise of a JSON
// string {"ok":true,"v":VALUE} or {"ok":false,"e":MESSAGE}. Every engine
// evaluates the same wrapper, so values and error messages agree across
// them and none needs its protocol's own encoding of JS values. The newlines
// let expr end with a // comment.
func wrap(expr string) string {
	return `(async () => {
  try {
    const v = await (
` + expr + `
);
    return JSON.stringify({ok: true, v: v === undefined ? null : v});
  } catch (e) {
    let m = String(e);
    if (e instanceof Error) {
      m = e.name + ": " + e.message;
      // V8's stack starts with that line; Gecko's and JSC's are frames only.
      const s = String(e.stack || "").replace(m, "").trim();
      if (s) m += "\n" + s;
    }
    return JSON.stringify({ok: false, e: m});
  }
})()`
}

// unwrap reads wrap's JSON string.
func unwrap(s string) (json.RawMessage, error) {
	var r struct {
		OK bool            `json:"ok"`
		V  json.RawMessage `json:"v"`
		E  string          `json:"e"`
	}
	if err := json.Unmarshal([]byte(s), &r); err != nil {
		return nil, fmt.Errorf("engine: reading the result %q: %w", s, err)
	}
	if !r.OK {
		return nil, fmt.Errorf("js: %s", r.E)
	}
	return r.V, nil
}

// lookPath finds an executable: the given path, else $env, else the first
// of names found on PATH or as an absolute path.
func lookPath(given, env string, names ...string) (string, error) {
	if given == "" {
		given = os.Getenv(env)
	}
	if given != "" {
		names = []string{given}
	}
	for _, n := range names {
		if p, err := exec.LookPath(n); err == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("%w: none of %s (or $%s)", ErrNotFound, strings.Join(names, ", "), env)
}

// console holds a page's OnConsole hook; pages embed it.
type console struct {
	fn atomic.Pointer[func(ConsoleMessage)]
}

func (c *console) OnConsole(fn func(ConsoleMessage)) { c.fn.Store(&fn) }

func (c *console) emit(typ, text string) {
	if fn := c.fn.Load(); fn != nil && *fn != nil {
		(*fn)(ConsoleMessage{Type: typ, Text: text})
	}
}
