//go:build !(js && wasm)

package main

import (
	"context"
	"net/url"
	"sync/atomic"
	"time"

	"github.com/inbenta-community/inbenta-auth/sdk/authtest"
)

const benchAPIKey = "bench-api-key"

// api is one emulated Inbenta API whose clock can be moved, with a Domain
// Key registered for the benchmark site's origin.
type api struct {
	*authtest.Server
	domainKey string
	offset    atomic.Int64 // ns the clock was moved forward
}

func newAPI(origin string) *api {
	a := &api{Server: authtest.NewServer(), domainKey: authtest.NewDomainKey("bench")}
	a.SetClock(func() time.Time { return time.Now().Add(time.Duration(a.offset.Load())) })
	a.AddDomainKey(benchAPIKey, a.domainKey, origin)
	return a
}

// pageURL is a benchmark page with the API's coordinates in its query.
func (a *api) pageURL(site, page string, extra url.Values) string {
	q := url.Values{"auth": {a.AuthURL}, "key": {benchAPIKey}, "dk": {a.domainKey}}
	for k, v := range extra {
		q[k] = v
	}
	return site + "/" + page + "?" + q.Encode()
}

// pageQuery is extra plus where the pages find the floor's wasm, and the
// SDK's (which only the page's preload reads: the loader knows its own).
func (b *bencher) pageQuery(extra url.Values) url.Values {
	q := url.Values{"floor": {"/floor/" + b.floorFile}, "sdk": {"/dist/" + b.wasmFile}}
	for k, v := range extra {
		q[k] = v
	}
	return q
}

// openWarm opens page in a fresh tab and creates window's client.
func (b *bencher) openWarm(a *api, page string) (context.Context, func(), error) {
	tab, cancel, err := b.browser.tab()
	if err != nil {
		return nil, nil, err
	}
	if err := navigate(tab, b.site.URL+"/"+page); err != nil {
		cancel()
		return nil, nil, err
	}
	if _, err := eval[bool](tab, 30*time.Second, jsCall("bench.setup", a.domainKey, benchAPIKey, a.AuthURL)); err != nil {
		cancel()
		return nil, nil, err
	}
	return tab, cancel, nil
}
