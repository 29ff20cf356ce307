//go:build !(js && wasm)

package engine

import (
	"context"
	"errors"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// Reusing wraps b so that a page closed is put back as it was opened
// (blank, online, its viewport the default, no cookies) and handed to the
// next NewPage: opening a page (a browser context and a window, or in
// WebKit a driver and a MiniBrowser) costs more than loading one. A reused
// page keeps what its origins stored and, but in Chromium, cached, so it is
// for tests that serve their pages from servers of their own: each origin
// (its port) is new to the browser. A page that cannot be put back is
// closed. Close closes the idle pages, then b.
//
// The blank page is served on 127.0.0.1, the tests' servers' host:
// Chromium then keeps the page's renderer for the next test's page, on the
// same site, where about:blank would cost a new one.
func Reusing(b Browser) Browser {
	r := &reusing{Browser: b, blank: "about:blank"}
	if l, err := net.Listen("tcp", "127.0.0.1:0"); err == nil {
		r.server = &http.Server{Handler: http.HandlerFunc(blankPage)}
		go r.server.Serve(l)
		r.blank = "http://" + l.Addr().String() + "/"
	}
	return r
}

func blankPage(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Write([]byte("<!doctype html><title></title>\n"))
}

type reusing struct {
	Browser
	blank  string       // the URL of the page given back pages show
	server *http.Server // serves blank; nil when it is about:blank
	mu     sync.Mutex
	idle   []Page // the page given back last at the end
}

func (r *reusing) NewPage(ctx context.Context) (Page, error) {
	r.mu.Lock()
	var p Page
	if n := len(r.idle); n > 0 {
		p, r.idle = r.idle[n-1], r.idle[:n-1]
	}
	r.mu.Unlock()
	if p != nil {
		if err := toFront(ctx, p); err != nil {
			p.Close()
			p = nil
		}
	}
	if p == nil {
		var err error
		if p, err = r.Browser.NewPage(ctx); err != nil {
			return nil, err
		}
	}
	u := &reused{Page: p, r: r}
	if _, ok := p.(Offliner); ok {
		return reusedOffliner{u}, nil
	}
	return u, nil
}

func (r *reusing) Close() error {
	r.mu.Lock()
	idle := r.idle
	r.idle = nil
	r.mu.Unlock()
	for _, p := range idle {
		p.Close()
	}
	if r.server != nil {
		r.server.Close()
	}
	return r.Browser.Close()
}

// reused is a page of a reusing browser; Close gives it back.
type reused struct {
	Page
	r       *reusing
	closed  atomic.Bool
	mu      sync.Mutex
	offline bool                            // SetOffline was called
	resize  func(ctx context.Context) error // puts back the viewport; nil while unchanged
}

func (p *reused) SetViewport(ctx context.Context, width, height int) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.resize == nil {
		restore, err := viewportRestorer(ctx, p.Page)
		if err != nil {
			return err
		}
		p.resize = restore
	}
	return p.Page.SetViewport(ctx, width, height)
}

// Close unloads the page's document for the blank page (its timers and
// requests end, so its servers can close), puts the page back as it was
// opened and keeps it for the next NewPage.
func (p *reused) Close() error {
	if p.closed.Swap(true) {
		return nil
	}
	p.Page.OnConsole(nil)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	p.mu.Lock()
	defer p.mu.Unlock()
	var err error
	if p.offline { // online first: the blank page is loaded over the network
		err = p.Page.(Offliner).SetOffline(ctx, false)
	}
	if err == nil {
		err = forget(ctx, p.Page)
	}
	if err == nil {
		err = p.Page.Navigate(ctx, p.r.blank)
	}
	if err == nil && p.resize != nil {
		err = p.resize(ctx)
	}
	if err != nil {
		return p.Page.Close()
	}
	p.r.mu.Lock()
	p.r.idle = append(p.r.idle, p.Page)
	p.r.mu.Unlock()
	return nil
}

// reusedOffliner is a reused page whose engine can take it offline.
type reusedOffliner struct{ *reused }

func (p reusedOffliner) SetOffline(ctx context.Context, offline bool) error {
	p.mu.Lock()
	p.offline = true
	p.mu.Unlock()
	return p.Page.(Offliner).SetOffline(ctx, offline)
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

// forget drops the cookies the page's origins set, which a later origin
// on the same host would see (a cookie ignores the port), and Chromium's
// cached answers (with the wasm compiled from them), which a later server
// that reuses a port would meet. WebKit's driver deletes only the cookies
// of the page's own host: it is called while the test's page is open.
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
