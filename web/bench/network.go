//go:build !(js && wasm)

package main

import (
	"context"
	"fmt"
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

// linkReport is one emulated link's first and repeat visits.
type linkReport struct {
	Link                   link         `json:"link"`
	SDKFirst, FloorFirst   []coldResult `json:"-"`
	SDKRepeat, FloorRepeat []coldResult `json:"-"`
	First                  visitReport  `json:"first"`
	Repeat                 visitReport  `json:"repeat"`
}

type visitReport struct {
	SDK      coldResult `json:"sdk"`
	Floor    coldResult `json:"floor"`
	Ratio    float64    `json:"ratio"`
	Pass     bool       `json:"pass"`
	TaskPass bool       `json:"longestTaskPass"`
}

func newVisit(sdk, floor []coldResult, budget float64) visitReport {
	v := visitReport{SDK: medians(sdk), Floor: medians(floor)}
	v.Ratio = ratio(v.SDK.Ms, v.Floor.Ms)
	v.Pass = budget == 0 || v.Ratio <= budget
	v.TaskPass = v.SDK.LongestTaskMs <= longTaskBudget
	return v
}

func (r *linkReport) finish() {
	r.First = newVisit(r.SDKFirst, r.FloorFirst, r.Link.FirstBudget)
	r.Repeat = newVisit(r.SDKRepeat, r.FloorRepeat, r.Link.RepeatBudget)
}

func (r *linkReport) rows() table {
	name := fmt.Sprintf("%s (%.0f ms, %.1f Mbit/s)", r.Link.Name, r.Link.LatencyMs, r.Link.Mbps)
	var t table
	for _, v := range []struct {
		what   string
		v      visitReport
		budget float64
	}{{"first visit", r.First, r.Link.FirstBudget}, {"repeat visit", r.Repeat, r.Link.RepeatBudget}} {
		b, result := "report", ""
		if v.budget > 0 {
			b, result = "≤ "+formatRatio(v.budget), verdict(v.v.Ratio, v.budget)
		}
		t = append(t,
			[]string{name + ", " + v.what, formatMs(v.v.SDK.Ms), formatMs(v.v.Floor.Ms), formatRatio(v.v.Ratio), b, result},
			[]string{"  bytes transferred", formatBytes(int64(v.v.SDK.Bytes)), formatBytes(int64(v.v.Floor.Bytes)), formatRatio(ratio(v.v.SDK.Bytes, v.v.Floor.Bytes)), "report", ""},
			[]string{"  wasm ready at", formatMs(v.v.SDK.LoadMs), formatMs(v.v.Floor.LoadMs), formatRatio(ratio(v.v.SDK.LoadMs, v.v.Floor.LoadMs)), "report", ""},
			[]string{"  token obtained at", formatMs(v.v.SDK.TokenMs), formatMs(v.v.Floor.TokenMs), formatRatio(ratio(v.v.SDK.TokenMs, v.v.Floor.TokenMs)), "report", ""},
			longestTaskRow("  longest main-thread task", v.v.SDK, v.v.Floor),
		)
	}
	return t
}

// misses names the link's visits that missed a budget.
func (r *linkReport) misses() []string {
	var m []string
	for _, v := range []struct {
		what string
		v    visitReport
	}{{"first", r.First}, {"repeat", r.Repeat}} {
		if !v.v.Pass {
			m = append(m, r.Link.Name+" "+v.what)
		}
		if !v.v.TaskPass {
			m = append(m, r.Link.Name+" "+v.what+" longest task")
		}
	}
	return m
}
