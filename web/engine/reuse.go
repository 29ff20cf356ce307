//go:build !(js && wasm)

package engine

import (
	"context"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
)

// Reusing wraps b so that a page closed is handed to the next NewPage when
// it can be put back as it was opened: opening a page (a browser context
// and a window, or in WebKit a driver and a MiniBrowser) costs more than
// loading one. It is for tests that serve their pages from servers of their
// own, on origins new to the browser: a page closed is reused only when
// each document the test showed in it stored nothing (no session or local
// storage, IndexedDB, caches, service workers) and had no frame of another
// origin, and the test left no other window open; its cookies, Chromium's
// cache, its network state and its viewport are put back, and it is
// brought to the front. A server may get the port, and so the origin, of
// an earlier test's server: navigating to an origin the page showed in an
// earlier test swaps it for a new page first (what the browser cached for
// that origin would show through otherwise). A page that cannot be put
// back is closed. Close closes the idle pages, then b.
//
// The blank page a page given back shows is served on 127.0.0.1, the
// tests' servers' host: Chromium then keeps the page's renderer for the
// next test's page, on the same site, where about:blank would cost a new
// one.
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
	idle   []*kept // the page given back last at the end
}

// kept is an engine's page and the origins it showed in the tests that
// used it before.
type kept struct {
	Page
	shown map[string]bool
}

func (r *reusing) NewPage(ctx context.Context) (Page, error) {
	k, err := r.take(ctx)
	if err != nil {
		return nil, err
	}
	u := &reused{r: r, k: k, origins: map[string]bool{}}
	if _, ok := k.Page.(Offliner); ok {
		return reusedOffliner{u}, nil
	}
	return u, nil
}

// take is the page given back last, in front again, or a new one.
func (r *reusing) take(ctx context.Context) (*kept, error) {
	r.mu.Lock()
	var k *kept
	if n := len(r.idle); n > 0 {
		k, r.idle = r.idle[n-1], r.idle[:n-1]
	}
	r.mu.Unlock()
	if k != nil && toFront(ctx, k.Page) == nil {
		return k, nil
	}
	if k != nil {
		k.Close()
	}
	return r.open(ctx)
}

func (r *reusing) open(ctx context.Context) (*kept, error) {
	p, err := r.Browser.NewPage(ctx)
	if err != nil {
		return nil, err
	}
	return &kept{Page: p, shown: map[string]bool{}}, nil
}

// give keeps k for the next NewPage.
func (r *reusing) give(k *kept) {
	r.mu.Lock()
	r.idle = append(r.idle, k)
	r.mu.Unlock()
}

func (r *reusing) Close() error {
	r.mu.Lock()
	idle := r.idle
	r.idle = nil
	r.mu.Unlock()
	for _, k := range idle {
		k.Close()
	}
	if r.server != nil {
		r.server.Close()
	}
	return r.Browser.Close()
}

// originOf is a URL's origin as location.origin spells it; "" for a URL
// without one (about:blank, data:).
func originOf(s string) string {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return ""
	}
	host := strings.ToLower(u.Host)
	if port := u.Port(); port == map[string]string{"http": "80", "https": "443"}[u.Scheme] {
		host = strings.TrimSuffix(host, ":"+port)
	}
	return u.Scheme + "://" + host
}
