//go:build !(js && wasm)

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/heapprofiler"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/inbenta-community/inbenta-auth/web/testsite"
)

// chromium is one headless browser; each run gets its own browser context
// (fresh cache, storage, connections and renderer) and tab.
type chromium struct {
	ctx     context.Context
	version string
	log     io.Writer // the pages' console, when verbose
	stop    func()
}

func chromiumPath(flag string) (string, error) { return testsite.ChromiumPath(flag) }

// startChromium starts the browser; jsFlags, when set, go to V8 (such as
// --no-wasm-lazy-compilation, to see what a V8 setting would change).
func startChromium(exe, jsFlags string, log io.Writer) (*chromium, error) {
	var extra []chromedp.ExecAllocatorOption
	if jsFlags != "" {
		extra = append(extra, chromedp.Flag("js-flags", jsFlags))
	}
	ctx, stop, err := testsite.StartChromium(exe, extra...)
	if err != nil {
		return nil, err
	}
	c := &chromium{ctx: ctx, log: log, stop: stop}
	if v, err := chromedp.CallBrowser(ctx, browser.GetVersion, cdp.Empty{}); err == nil {
		c.version = v.Product
	}
	return c, nil
}

// tab opens a tab in a new browser context; also, when given, gets its events.
func (c *chromium) tab(also ...func(ev any)) (context.Context, func(), error) {
	tab, cancel, err := testsite.NewTab(c.ctx, func(ev any) {
		c.listen(ev)
		for _, f := range also {
			f(ev)
		}
	})
	if err != nil {
		return nil, nil, err
	}
	// chromedp enables the Network domain on every tab; its per-request
	// instrumentation slows every fetch, which a real page does not pay.
	if _, err := chromedp.Call(tab, network.Disable, cdp.Empty{}); err != nil {
		cancel()
		return nil, nil, err
	}
	return tab, cancel, nil
}

// listen shows the pages' errors, and with -v everything they log.
func (c *chromium) listen(ev any) {
	if e, ok := testsite.Console(ev); ok && (c.log != nil || e.Error) {
		fmt.Fprintf(os.Stderr, "  page %s: %s\n", e.Kind, e.Text)
	}
}

func navigate(tab context.Context, url string) error {
	ctx, cancel := context.WithTimeout(tab, 30*time.Second)
	defer cancel()
	return chromedp.Do(ctx, chromedp.Navigate(url))
}

// eval runs a JS expression in the tab, awaits it when it is a promise, and
// decodes its value.
func eval[T any](tab context.Context, timeout time.Duration, expr string) (T, error) {
	v, err := testsite.Eval[T](tab, timeout, expr)
	if err != nil {
		var zero T
		return zero, fmt.Errorf("evaluating %s: %w", oneLine(expr), err)
	}
	return v, nil
}

// jsCall formats a call of fn with JSON literals of args.
func jsCall(fn string, args ...any) string {
	lits := make([]string, len(args))
	for i, a := range args {
		b, err := json.Marshal(a)
		if err != nil {
			panic(err) // only plain values are passed
		}
		lits[i] = string(b)
	}
	return fn + "(" + strings.Join(lits, ", ") + ")"
}

// heapAfterGC collects garbage and reads the JS heap in use.
func heapAfterGC(tab context.Context) (int64, error) {
	ctx, cancel := context.WithTimeout(tab, 30*time.Second)
	defer cancel()
	for range 2 { // a second pass frees what the first one's finalizers released
		if _, err := chromedp.Call(ctx, heapprofiler.CollectGarbage, cdp.Empty{}); err != nil {
			return 0, fmt.Errorf("HeapProfiler.collectGarbage: %w", err)
		}
	}
	u, err := chromedp.Call(ctx, runtime.GetHeapUsage, cdp.Empty{})
	if err != nil {
		return 0, fmt.Errorf("Runtime.getHeapUsage: %w", err)
	}
	return int64(u.UsedSize), nil
}

func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 120 {
		s = s[:120] + "..."
	}
	return s
}
