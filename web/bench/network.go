//go:build !(js && wasm)

package main

import (
	"context"
	"fmt"
	"net/url"
	"sync/atomic"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// link is an emulated network (Chromium's DevTools throttling, applied to
// every request of the tab alike): Latency is added between each request
// and its response headers, and the bandwidth is shared by all of them.
type link struct {
	Name      string  `json:"name"`
	LatencyMs float64 `json:"latencyMs"`
	Mbps      float64 `json:"mbps"`
	// Budgets of SDK / floor; 0: reported only.
	FirstBudget  float64 `json:"firstBudget"`
	RepeatBudget float64 `json:"repeatBudget"`
}

var links = []link{
	{Name: "4G", LatencyMs: 40, Mbps: 10, FirstBudget: 1.15, RepeatBudget: 1.0},
	{Name: "slow", LatencyMs: 150, Mbps: 1.6},
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

// visits loads page twice over l in one browser context: a first visit
// (nothing cached) and, after b.dwell on the page (V8 writes its cache of
// compiled wasm a while after compiling), a repeat visit that finds in the
// HTTP cache what the site let it keep.
func (b *bencher) visits(a *api, l link, page string) (first, repeat coldResult, err error) {
	var bytes atomic.Int64
	tab, cancel, err := b.browser.tab(func(ev any) {
		if e, ok := ev.(*network.EventLoadingFinished); ok {
			bytes.Add(int64(e.EncodedDataLength))
		}
	})
	if err != nil {
		return first, repeat, err
	}
	defer cancel()
	if err := emulate(tab, l); err != nil {
		return first, repeat, err
	}
	load := func() (coldResult, error) {
		bytes.Store(0)
		if err := navigate(tab, a.pageURL(b.netSite.URL, page, b.pageQuery(nil))); err != nil {
			return coldResult{}, err
		}
		r, err := eval[coldResult](tab, time.Minute, "benchResult")
		time.Sleep(100 * time.Millisecond) // the last loadingFinished events
		r.Bytes = float64(bytes.Load())
		return r, err
	}
	if first, err = load(); err != nil {
		return first, repeat, err
	}
	time.Sleep(b.dwell)
	repeat, err = load()
	return first, repeat, err
}

func emulate(tab context.Context, l link) error {
	ctx, cancel := context.WithTimeout(tab, 10*time.Second)
	defer cancel()
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		return fmt.Errorf("Network.enable: %w", err)
	}
	bps := l.Mbps * 1e6 / 8
	_, err := chromedp.Call(ctx, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
		MatchedNetworkConditions: []*network.Conditions{{Latency: l.LatencyMs, DownloadThroughput: bps, UploadThroughput: bps}},
	})
	if err != nil {
		return fmt.Errorf("Network.emulateNetworkConditionsByRule: %w", err)
	}
	return nil
}

// networkRows alternates the SDK and the floor (and which goes first) on
// every link, b.netRuns times.
func (b *bencher) networkRows() ([]linkReport, error) {
	a := newAPI(b.netSite.URL)
	defer a.Close()
	out := make([]linkReport, len(links))
	for i := range out {
		out[i].Link = links[i]
	}
	pages := [2]string{"cold-sdk.html", "cold-floor.html"}
	for run := 0; run < b.netRuns; run++ {
		for i, l := range links {
			for k := range 2 {
				which := (run + k) % 2
				first, repeat, err := b.visits(a, l, pages[which])
				if err != nil {
					return out, fmt.Errorf("%s %s: %w", l.Name, pages[which], err)
				}
				r := &out[i]
				if which == 0 {
					r.SDKFirst, r.SDKRepeat = append(r.SDKFirst, first), append(r.SDKRepeat, repeat)
				} else {
					r.FloorFirst, r.FloorRepeat = append(r.FloorFirst, first), append(r.FloorRepeat, repeat)
				}
			}
		}
		a.ResetCounts()
	}
	for i := range out {
		out[i].finish()
	}
	return out, nil
}
