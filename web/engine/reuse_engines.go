//go:build !(js && wasm)

package engine

import (
	"context"
	"errors"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// What putting a page back takes in each engine.

// forget drops the cookies the page's origins set, which a later origin
// on the same host would see (a cookie ignores the port), and Chromium's
// cached answers (with the wasm compiled from them). WebKit's driver
// deletes only the cookies of the document's own host: it is called while
// the test's document is open.
func forget(ctx context.Context, p Page) error {
	switch p := p.(type) {
	case *chromiumPage:
		c, done := p.within(ctx)
		defer done()
		if _, err := chromedp.Call(c, network.ClearBrowserCache, cdp.Empty{}); err != nil {
			return err
		}
		_, err := chromedp.Call(c, network.ClearBrowserCookies, cdp.Empty{})
		return err
	case *firefoxPage:
		return p.f.call(ctx, "storage.deleteCookies", map[string]any{
			"partition": map[string]any{"type": "storageKey", "userContext": p.userContext},
		}, nil)
	case *webkitPage:
		return p.do(ctx, "DELETE", "/cookie", nil, nil)
	}
	return nil
}

// viewportRestorer returns what puts p's viewport back as it is now, before
// it is first set.
func viewportRestorer(ctx context.Context, p Page) (func(context.Context) error, error) {
	switch p := p.(type) {
	case *chromiumPage:
		return func(ctx context.Context) error {
			c, done := p.within(ctx)
			defer done()
			_, err := chromedp.Call(c, emulation.ClearDeviceMetricsOverride, cdp.Empty{})
			return err
		}, nil
	case *firefoxPage:
		return func(ctx context.Context) error {
			return p.f.call(ctx, "browsingContext.setViewport", map[string]any{"context": p.context, "viewport": nil}, nil)
		}, nil
	case *webkitPage:
		var rect map[string]any
		if err := p.do(ctx, "GET", "/window/rect", nil, &rect); err != nil {
			return nil, err
		}
		return func(ctx context.Context) error {
			return p.do(ctx, "POST", "/window/rect", map[string]any{"width": rect["width"], "height": rect["height"]}, nil)
		}, nil
	}
	return nil, errors.New("engine: cannot put back this page's viewport")
}

// toFront gives a reused page the focus again, as a new page has it: a page
// opened since may have taken it (Firefox then draws no focus ring).
// WebKit's pages are each a MiniBrowser of their own.
func toFront(ctx context.Context, p Page) error {
	switch p := p.(type) {
	case *chromiumPage:
		c, done := p.within(ctx)
		defer done()
		_, err := chromedp.Call(c, page.BringToFront, cdp.Empty{})
		return err
	case *firefoxPage:
		return p.f.call(ctx, "browsingContext.activate", map[string]any{"context": p.context}, nil)
	}
	return nil
}

// windows counts the top-level windows of the page's browser context (or
// WebKit's session): more than the page's own means the test opened one.
func windows(ctx context.Context, p Page) (int, error) {
	switch p := p.(type) {
	case *chromiumPage:
		c, done := p.within(ctx)
		defer done()
		all, err := chromedp.Targets(c)
		if err != nil {
			return 0, err
		}
		own, n := chromedp.FromContext(c).BrowserContextID, 0
		for _, t := range all {
			if t.Type == "page" && t.BrowserContextID == own {
				n++
			}
		}
		return n, nil
	case *firefoxPage:
		var tree struct {
			Contexts []struct {
				UserContext string `json:"userContext"`
			} `json:"contexts"`
		}
		if err := p.f.call(ctx, "browsingContext.getTree", map[string]any{"maxDepth": 0}, &tree); err != nil {
			return 0, err
		}
		n := 0
		for _, c := range tree.Contexts {
			if c.UserContext == p.userContext {
				n++
			}
		}
		return n, nil
	case *webkitPage:
		var handles []string
		err := p.do(ctx, "GET", "/window/handles", nil, &handles)
		return len(handles), err
	}
	return 0, errors.New("engine: cannot count this page's windows")
}
