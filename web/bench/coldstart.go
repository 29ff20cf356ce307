//go:build !(js && wasm)

package main

import (
	"fmt"
	"net/url"
	"time"
)

// coldResult is one page load's times from its first script: wasm ready,
// token obtained, product answer read; and the last from navigation start.
// LongestTaskMs is the longest main-thread task up to the answer (0: none
// of 50 ms or more, the browser's threshold), GoStartMs go.run's
// synchronous part, and Bytes what the network carried (network rows only).
// The timeline fields say where the time went, from the first script too
// (-1: did not happen): see timeline.
type coldResult struct {
	LoadMs           float64 `json:"loadMs"`
	TokenMs          float64 `json:"tokenMs"`
	Ms               float64 `json:"ms"`
	FromNavigationMs float64 `json:"fromNavigationMs"`
	LongestTaskMs    float64 `json:"longestTaskMs"`
	GoStartMs        float64 `json:"goStartMs"`
	Bytes            float64 `json:"bytes,omitempty"`
	timeline
}

// coldRun loads page in a new browser context and waits for its result.
func (b *bencher) coldRun(a *api, page string, extra url.Values) (coldResult, error) {
	tab, cancel, err := b.browser.tab()
	if err != nil {
		return coldResult{}, err
	}
	defer cancel()
	if err := navigate(tab, a.pageURL(b.site.URL, page, b.pageQuery(extra))); err != nil {
		return coldResult{}, err
	}
	return eval[coldResult](tab, 30*time.Second, "benchResult")
}

// coldVariants are the page loads the cold start compares: the SDK, its
// floor, the SDK with options.wasmURL set (the loader then skips its
// Subresource Integrity check of the wasm, which shows what that check
// costs), and plain JS with no wasm at all.
var coldVariants = []struct {
	name, page string
	extra      url.Values
}{
	{"sdk", "cold-sdk.html", nil},
	{"floor", "cold-floor.html", nil},
	{"sdk-wasmURL", "cold-sdk.html", url.Values{"wasm": {"/dist/inbenta-auth.wasm"}}},
	{"plain", "plain-js.html", nil},
}

// coldStart rotates the variants' page loads (and which goes first), after
// one discarded round that warms the browser process itself.
func (b *bencher) coldStart() (coldReport, error) {
	a := newAPI(b.site.URL)
	defer a.Close()
	var r coldReport
	n := len(coldVariants)
	for i := -1; i < b.coldRuns; i++ {
		for k := range n {
			v := coldVariants[(max(i, 0)+k)%n]
			res, err := b.coldRun(a, v.page, v.extra)
			if err != nil {
				return r, fmt.Errorf("%s: %w", v.name, err)
			}
			if i >= 0 {
				r.add(v.name, res)
			}
		}
	}
	r.finish()
	r.WasmEncoding = b.site.EncodingOf("/dist/" + b.wasmFile)
	return r, nil
}

// coldReport is the loopback cold start: reported, no budget (loopback
// magnifies the CPU time a network hides), but for its longest task.
type coldReport struct {
	SDKRuns   []coldResult `json:"sdkRuns"`
	FloorRuns []coldResult `json:"floorRuns"`
	// SDKWasmURLRuns load the same wasm through options.wasmURL, which the
	// loader does not check with Subresource Integrity.
	SDKWasmURLRuns []coldResult `json:"sdkWasmURLRuns"`
	PlainRuns      []coldResult `json:"plainRuns"` // plain JS, no wasm
	SDK            coldResult   `json:"sdkMedians"`
	Floor          coldResult   `json:"floorMedians"`
	SDKWasmURL     coldResult   `json:"sdkWasmURLMedians"`
	Plain          coldResult   `json:"plainMedians"`
	Ratio          float64      `json:"ratio"`
	TaskPass       bool         `json:"longestTaskPass"`
	WasmEncoding   string       `json:"wasmEncoding"`
}

// add files a load of the variant named variant.
func (c *coldReport) add(variant string, res coldResult) {
	switch variant {
	case "sdk":
		c.SDKRuns = append(c.SDKRuns, res)
	case "floor":
		c.FloorRuns = append(c.FloorRuns, res)
	case "plain":
		c.PlainRuns = append(c.PlainRuns, res)
	default:
		c.SDKWasmURLRuns = append(c.SDKWasmURLRuns, res)
	}
}

func (c *coldReport) finish() {
	c.SDK, c.Floor, c.SDKWasmURL, c.Plain = medians(c.SDKRuns), medians(c.FloorRuns), medians(c.SDKWasmURLRuns), medians(c.PlainRuns)
	c.Ratio = ratio(c.SDK.Ms, c.Floor.Ms)
	c.TaskPass = c.SDK.LongestTaskMs <= longTaskBudget
}

// medians is the per-phase medians of runs.
func medians(runs []coldResult) coldResult {
	if len(runs) == 0 {
		return coldResult{} // JSON has no NaN
	}
	// A timeline step that did not happen in a run (-1) is left out of its
	// median, which reads -1 when it happened in none; the other figures
	// are never negative.
	pick := func(f func(coldResult) float64) float64 {
		var xs []float64
		for _, r := range runs {
			if x := f(r); x >= 0 {
				xs = append(xs, x)
			}
		}
		if len(xs) == 0 {
			return -1
		}
		return median(xs)
	}
	return coldResult{
		LoadMs:           pick(func(r coldResult) float64 { return r.LoadMs }),
		TokenMs:          pick(func(r coldResult) float64 { return r.TokenMs }),
		Ms:               pick(func(r coldResult) float64 { return r.Ms }),
		FromNavigationMs: pick(func(r coldResult) float64 { return r.FromNavigationMs }),
		LongestTaskMs:    pick(func(r coldResult) float64 { return r.LongestTaskMs }),
		GoStartMs:        pick(func(r coldResult) float64 { return r.GoStartMs }),
		Bytes:            pick(func(r coldResult) float64 { return r.Bytes }),
		timeline: timeline{
			WasmRequestMs: pick(func(r coldResult) float64 { return r.WasmRequestMs }),
			WasmDoneMs:    pick(func(r coldResult) float64 { return r.WasmDoneMs }),
			GoRunMs:       pick(func(r coldResult) float64 { return r.GoRunMs }),
			AuthSentMs:    pick(func(r coldResult) float64 { return r.AuthSentMs }),
			AuthDoneMs:    pick(func(r coldResult) float64 { return r.AuthDoneMs }),
			CallSentMs:    pick(func(r coldResult) float64 { return r.CallSentMs }),
		},
	}
}

func (c *coldReport) rows() table {
	return table{
		{"loopback cold start (" + c.WasmEncoding + " wasm)", formatMs(c.SDK.Ms), formatMs(c.Floor.Ms), formatRatio(c.Ratio), "report", ""},
		{"  wasm ready at", formatMs(c.SDK.LoadMs), formatMs(c.Floor.LoadMs), formatRatio(ratio(c.SDK.LoadMs, c.Floor.LoadMs)), "report", ""},
		{"  token obtained at", formatMs(c.SDK.TokenMs), formatMs(c.Floor.TokenMs), formatRatio(ratio(c.SDK.TokenMs, c.Floor.TokenMs)), "report", ""},
		plainRow("loopback cold start vs plain JS", c.SDK, c.Plain),
		{"cold start, wasmURL (no SRI)", formatMs(c.SDKWasmURL.Ms), formatMs(c.Floor.Ms), formatRatio(ratio(c.SDKWasmURL.Ms, c.Floor.Ms)), "report", ""},
		{"  wasm ready at", formatMs(c.SDKWasmURL.LoadMs), formatMs(c.Floor.LoadMs), formatRatio(ratio(c.SDKWasmURL.LoadMs, c.Floor.LoadMs)), "report", ""},
		longestTaskRow("  longest main-thread task", c.SDK, c.Floor),
		{"  Go runtime start (go.run)", formatMs(c.SDK.GoStartMs), formatMs(c.Floor.GoStartMs), formatRatio(ratio(c.SDK.GoStartMs, c.Floor.GoStartMs)), "report", ""},
	}
}

// plainRow is a load of the SDK against the same exchange and call in
// plain JS with no wasm, which the floor column then shows: what choosing
// this SDK costs on that link (reported).
func plainRow(name string, sdk, plain coldResult) []string {
	return []string{name + " (no wasm)", formatMs(sdk.Ms), formatMs(plain.Ms), formatRatio(ratio(sdk.Ms, plain.Ms)), "report", ""}
}

// longestTaskRow is a load's longest main-thread task against its budget;
// the browser reports tasks of 50 ms or more only.
func longestTaskRow(name string, sdk, floor coldResult) []string {
	task := func(ms float64) string {
		if ms == 0 {
			return "< 50 ms"
		}
		return formatMs(ms)
	}
	result := "PASS"
	if sdk.LongestTaskMs > longTaskBudget {
		result = "MISS"
	}
	return []string{name, task(sdk.LongestTaskMs), task(floor.LongestTaskMs), "", "≤ 50 ms", result}
}
