//go:build !(js && wasm)

package engine

import (
	"context"
	"encoding/json"
	"sync"
	"sync/atomic"
	"time"
)

// reused is a page of a reusing browser, for one test; Close gives it back.
// Its engine page is swapped for a new one when the test navigates to an
// origin that page showed in an earlier test.
type reused struct {
	r      *reusing
	closed atomic.Bool

	mu            sync.Mutex
	k             *kept
	console       func(ConsoleMessage)
	navigated     bool                            // the document is the test's, not the blank page
	origins       map[string]bool                 // the origins of the documents the test showed
	dirty         bool                            // a document the test left stored data, or could not be checked
	width, height int                             // the viewport last set
	resize        func(ctx context.Context) error // puts back the viewport; nil while unchanged
	offline       bool                            // SetOffline was called
	offlineNow    bool                            // what it set: a replacement page is set the same
}

func (p *reused) page() Page {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.k.Page
}

func (p *reused) Eval(ctx context.Context, expr string) (json.RawMessage, error) {
	return p.page().Eval(ctx, expr)
}

func (p *reused) Screenshot(ctx context.Context) ([]byte, error) { return p.page().Screenshot(ctx) }

func (p *reused) OnConsole(fn func(ConsoleMessage)) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.console = fn
	p.k.OnConsole(fn)
}

func (p *reused) Navigate(ctx context.Context, to string) error {
	origin := originOf(to)
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.navigated {
		p.leave(ctx)
	}
	if p.k.shown[origin] {
		if err := p.replace(ctx); err != nil {
			return err
		}
	}
	p.navigated = true
	if origin != "" {
		p.origins[origin] = true
	}
	return p.k.Navigate(ctx, to)
}

// leave checks the document the test is about to leave: its origin is one
// the test showed, and the page is not reused unless it stored nothing.
func (p *reused) leave(ctx context.Context) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	origin, clean, err := check(ctx, p.k.Page)
	if origin != "" {
		p.origins[origin] = true
	}
	if err != nil || !clean {
		p.dirty = true
	}
}

// replace closes the engine page for a new one with the test's console,
// viewport and network. What the test's documents stored in the old page
// goes with it.
func (p *reused) replace(ctx context.Context) error {
	k, err := p.r.open(ctx)
	if err != nil {
		return err
	}
	p.k.OnConsole(nil)
	p.k.Close()
	p.k, p.dirty = k, false
	k.OnConsole(p.console)
	if p.resize != nil {
		if p.resize, err = viewportRestorer(ctx, k.Page); err != nil {
			return err
		}
		if err := k.SetViewport(ctx, p.width, p.height); err != nil {
			return err
		}
	}
	if p.offline {
		return k.Page.(Offliner).SetOffline(ctx, p.offlineNow)
	}
	return nil
}

func (p *reused) SetViewport(ctx context.Context, width, height int) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.resize == nil {
		restore, err := viewportRestorer(ctx, p.k.Page)
		if err != nil {
			return err
		}
		p.resize = restore
	}
	p.width, p.height = width, height
	return p.k.SetViewport(ctx, width, height)
}

// reusedOffliner is a reused page whose engine can take it offline.
type reusedOffliner struct{ *reused }

func (p reusedOffliner) SetOffline(ctx context.Context, offline bool) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.offline, p.offlineNow = true, offline
	return p.k.Page.(Offliner).SetOffline(ctx, offline)
}

// Close gives the engine page back when putBack can put it back as it was
// opened, and closes it otherwise.
func (p *reused) Close() error {
	if p.closed.Swap(true) {
		return nil
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	k := p.k
	k.OnConsole(nil)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if !p.putBack(ctx) {
		return k.Close()
	}
	for o := range p.origins {
		k.shown[o] = true
	}
	p.r.give(k)
	return nil
}

// putBack checks the test's last document and its windows, then unloads the
// document for the blank page (its timers and requests end, so its servers
// can close) and puts back the network, cookies and viewport.
func (p *reused) putBack(ctx context.Context) bool {
	p.leave(ctx)
	if p.dirty {
		return false
	}
	if n, err := windows(ctx, p.k.Page); err != nil || n != 1 {
		return false
	}
	if p.offline && p.k.Page.(Offliner).SetOffline(ctx, false) != nil { // the blank page is loaded over the network
		return false
	}
	if forget(ctx, p.k.Page) != nil || p.k.Navigate(ctx, p.r.blank) != nil {
		return false
	}
	return p.resize == nil || p.resize(ctx) == nil
}

// check reports the origin of the page's document and whether it is clean:
// it stored nothing for its origin (the tab's session storage included:
// the origin may come back, on a later server that gets its port) and every
// frame in it is of its origin, so stored nothing elsewhere. An API the
// engine lacks holds nothing; one that fails leaves the page unclean.
func check(ctx context.Context, p Page) (origin string, clean bool, err error) {
	r, err := Eval[struct {
		Origin string `json:"origin"`
		Clean  bool   `json:"clean"`
	}](ctx, p, `(async () => {
		const own = location.origin;
		const sameOrigin = (w) => {
			for (let i = 0; i < w.frames.length; i++) {
				try { if (w.frames[i].location.origin !== own || !sameOrigin(w.frames[i])) return false; } catch { return false; }
			}
			return true;
		};
		if (location.protocol !== "http:" && location.protocol !== "https:") return {origin: "", clean: sameOrigin(window)};
		let clean = sameOrigin(window) && sessionStorage.length === 0 && localStorage.length === 0;
		if (clean && self.indexedDB) clean = (await indexedDB.databases()).length === 0;
		if (clean && self.caches) clean = (await caches.keys()).length === 0;
		if (clean && navigator.serviceWorker) clean = (await navigator.serviceWorker.getRegistrations()).length === 0;
		return {origin: own, clean};
	})()`)
	return r.Origin, r.Clean, err
}
