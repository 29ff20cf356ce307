//go:build !(js && wasm)

package engine

import (
	"context"
	"encoding/json"
	"fmt"
	"os/exec"
	"strings"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/inbenta-community/inbenta-auth/web/testsite"
)

// chromium is headless Chromium as the existing suite starts it (package
// headless: its flags for running as root with no outside network).
type chromium struct {
	ctx     context.Context // chromedp's context of the browser
	stop    func()
	version string
}

func launchChromium(ctx context.Context, opts Options) (Browser, error) {
	exe, err := testsite.ChromiumPath(opts.Binary)
	if err == nil {
		exe, err = exec.LookPath(exe) // Path does not check a given path
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotFound, err)
	}
	// testsite.StartChromium takes no context: it ties the browser's life to its own.
	bctx, stop, err := testsite.StartChromium(exe)
	if err != nil {
		return nil, err
	}
	v, err := chromedp.CallBrowser(bctx, browser.GetVersion, cdp.Empty{})
	if err != nil {
		stop()
		return nil, err
	}
	return &chromium{ctx: bctx, stop: stop, version: strings.Replace(v.Product, "/", " ", 1)}, nil
}

func (c *chromium) Name() string    { return "chromium" }
func (c *chromium) Version() string { return c.version }
func (c *chromium) Close() error    { c.stop(); return nil }

// NewPage opens a tab in a new browser context, as chromedp's
// WithNewBrowserContext does for the existing suite. ctx is not used: see
// below.
func (c *chromium) NewPage(ctx context.Context) (Page, error) {
	p := &chromiumPage{}
	tab, cancel := chromedp.NewContext(c.ctx, chromedp.WithNewBrowserContext(), chromedp.WithListener(p.listen))
	p.tab, p.cancel = tab, cancel
	// The first run creates the tab and must not carry ctx's deadline: its
	// end would close the tab.
	if err := chromedp.Do(tab); err != nil {
		cancel()
		return nil, err
	}
	return p, nil
}

type chromiumPage struct {
	console
	tab    context.Context
	cancel context.CancelFunc
}

// within is the tab's chromedp context, ended with ctx too.
func (p *chromiumPage) within(ctx context.Context) (context.Context, func() bool) {
	c, cancel := context.WithCancel(p.tab)
	stop := context.AfterFunc(ctx, cancel)
	return c, func() bool { cancel(); return stop() }
}

func (p *chromiumPage) Navigate(ctx context.Context, url string) error {
	c, done := p.within(ctx)
	defer done()
	return chromedp.Do(c, chromedp.Navigate(url))
}

func (p *chromiumPage) Eval(ctx context.Context, expr string) (json.RawMessage, error) {
	c, done := p.within(ctx)
	defer done()
	s, err := chromedp.Run(c, chromedp.Evaluate[string](wrap(expr), chromedp.EvalAwaitPromise))
	if err != nil {
		return nil, err // a syntax error in expr ends here, as an ExceptionError
	}
	return unwrap(s)
}

func (p *chromiumPage) Screenshot(ctx context.Context) ([]byte, error) {
	c, done := p.within(ctx)
	defer done()
	return chromedp.Run(c, chromedp.CaptureScreenshot())
}

func (p *chromiumPage) SetViewport(ctx context.Context, width, height int) error {
	c, done := p.within(ctx)
	defer done()
	return chromedp.Do(c, chromedp.EmulateViewport(int64(width), int64(height)))
}

// SetOffline fails the page's requests (network emulation) and sets
// navigator.onLine with its events (the network state override): each
// does only its half.
func (p *chromiumPage) SetOffline(ctx context.Context, offline bool) error {
	c, done := p.within(ctx)
	defer done()
	return chromedp.Do(c, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		if _, err := cdp.Call(ctx, t, network.Enable, network.EnableParams{}); err != nil {
			return err
		}
		rules := []*network.Conditions{} // none: not emulated
		if offline {
			rules = []*network.Conditions{{Offline: true, DownloadThroughput: -1, UploadThroughput: -1}}
		}
		if _, err := cdp.Call(ctx, t, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
			MatchedNetworkConditions: rules,
		}); err != nil {
			return err
		}
		_, err := cdp.Call(ctx, t, network.OverrideNetworkState, network.OverrideNetworkStateParams{
			Offline: offline, DownloadThroughput: -1, UploadThroughput: -1,
		})
		return err
	}))
}

func (p *chromiumPage) Close() error {
	p.cancel()
	return nil
}

func (p *chromiumPage) listen(ev any) {
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		parts := make([]string, len(ev.Args))
		for i, a := range ev.Args {
			parts[i] = a.Description
			if a.Value != nil {
				parts[i] = string(a.Value)
				var s string
				if json.Unmarshal(a.Value, &s) == nil {
					parts[i] = s
				}
			}
		}
		p.emit(string(ev.Type), strings.Join(parts, " "))
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		text := d.Text
		if d.Exception != nil {
			text += " " + d.Exception.Description
		}
		p.emit("exception", text)
	}
}
