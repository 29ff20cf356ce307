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
	// Budgets of SDK / floor; 0: reported only. The next page is the SDK's
	// with persist 'session' against the floor's repeat visit, which
	// exchanges.
	FirstBudget float64 `json:"firstBudget"`
	NextBudget  float64 `json:"nextPageBudget"`
}

var links = []link{
	{Name: "4G", LatencyMs: 40, Mbps: 10, FirstBudget: 1.15, NextBudget: 0.85},
	{Name: "slow", LatencyMs: 150, Mbps: 1.6},
}

// netVariants are the pages each link loads, a first and a repeat visit
// each: the SDK, its floor, plain JS with no wasm, and the SDK with
// persist 'session', whose repeat visit is the tab's next page.
var netVariants = []struct {
	name, page string
	extra      url.Values
}{
	{"sdk", "cold-sdk.html", nil},
	{"floor", "cold-floor.html", nil},
	{"plain", "plain-js.html", nil},
	{"persist", "cold-sdk.html", url.Values{"persist": {"session"}}},
}

// visits loads page twice over l in one browser context and tab: a first
// visit (nothing cached) and, after b.dwell on the page (V8 writes its
// cache of compiled wasm a while after compiling), a repeat visit that
// finds in the HTTP cache what the site let it keep, and in the tab's
// sessionStorage what the first page stored.
func (b *bencher) visits(a *api, l link, page string, extra url.Values) (first, repeat coldResult, err error) {
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
		if err := navigate(tab, a.pageURL(b.netSite.URL, page, b.pageQuery(extra))); err != nil {
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

// networkRows rotates the variants (and which goes first) on every link,
// b.netRuns times.
func (b *bencher) networkRows() ([]linkReport, error) {
	a := newAPI(b.netSite.URL)
	defer a.Close()
	out := make([]linkReport, len(links))
	for i := range out {
		out[i].Link = links[i]
		out[i].runs = map[string]*[2][]coldResult{}
	}
	n := len(netVariants)
	for run := 0; run < b.netRuns; run++ {
		for i, l := range links {
			for k := range n {
				v := netVariants[(run+k)%n]
				first, repeat, err := b.visits(a, l, v.page, v.extra)
				if err != nil {
					return out, fmt.Errorf("%s %s: %w", l.Name, v.name, err)
				}
				out[i].add(v.name, first, repeat)
			}
		}
		a.ResetCounts()
	}
	for i := range out {
		out[i].finish()
	}
	return out, nil
}

// linkReport is one emulated link's visits.
type linkReport struct {
	Link link                        `json:"link"`
	runs map[string]*[2][]coldResult // by variant: first visits, repeat visits
	// First and Repeat are the SDK's against the floor's; Next the SDK's
	// repeat visit with persist 'session' against the floor's repeat.
	First  visitReport `json:"first"`
	Repeat visitReport `json:"repeat"`
	Next   visitReport `json:"nextPage"`
	// The same loads of the SDK against plain JS with no wasm (reported).
	PlainFirst  visitReport `json:"plainFirst"`
	PlainRepeat visitReport `json:"plainRepeat"`
	PlainNext   visitReport `json:"plainNextPage"`
}

func (r *linkReport) add(variant string, first, repeat coldResult) {
	v := r.runs[variant]
	if v == nil {
		v = new([2][]coldResult)
		r.runs[variant] = v
	}
	v[0], v[1] = append(v[0], first), append(v[1], repeat)
}

type visitReport struct {
	SDK      coldResult `json:"sdk"`
	Floor    coldResult `json:"floor"` // the floor, or plain JS
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
	get := func(variant string, visit int) []coldResult {
		if v := r.runs[variant]; v != nil {
			return v[visit]
		}
		return nil
	}
	r.First = newVisit(get("sdk", 0), get("floor", 0), r.Link.FirstBudget)
	r.Repeat = newVisit(get("sdk", 1), get("floor", 1), 0)
	r.Next = newVisit(get("persist", 1), get("floor", 1), r.Link.NextBudget)
	r.PlainFirst = newVisit(get("sdk", 0), get("plain", 0), 0)
	r.PlainRepeat = newVisit(get("sdk", 1), get("plain", 1), 0)
	r.PlainNext = newVisit(get("persist", 1), get("plain", 1), 0)
}

func (r *linkReport) rows() table {
	name := fmt.Sprintf("%s (%.0f ms, %.1f Mbit/s)", r.Link.Name, r.Link.LatencyMs, r.Link.Mbps)
	var t table
	for _, v := range []struct {
		what   string
		v      visitReport
		budget float64
	}{
		{"first visit", r.First, r.Link.FirstBudget},
		{"repeat visit, no persistence", r.Repeat, 0},
		{"next page, persist 'session'", r.Next, r.Link.NextBudget},
	} {
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
	return append(t,
		plainRow(name+", first visit vs plain JS", r.PlainFirst.SDK, r.PlainFirst.Floor),
		plainRow(name+", repeat visit vs plain JS", r.PlainRepeat.SDK, r.PlainRepeat.Floor),
		plainRow(name+", next page (persist) vs plain JS", r.PlainNext.SDK, r.PlainNext.Floor),
	)
}

// misses names the link's visits that missed a budget.
func (r *linkReport) misses() []string {
	var m []string
	for _, v := range []struct {
		what string
		v    visitReport
	}{{"first", r.First}, {"repeat", r.Repeat}, {"next page", r.Next}} {
		if !v.v.Pass {
			m = append(m, r.Link.Name+" "+v.what)
		}
		if !v.v.TaskPass {
			m = append(m, r.Link.Name+" "+v.what+" longest task")
		}
	}
	return m
}
