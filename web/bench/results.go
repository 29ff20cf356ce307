//go:build !(js && wasm)

package main

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Budgets, from issues 6 and 14.
const (
	sizeBudget     = 1.30 // brotli wasm / brotli empty Go main
	coldBudget     = 1.30 // cold start / floor
	perCallBudget  = 1.05 // client.fetch / fetch with hand-set headers
	longTaskBudget = 50.0 // ms: the longest main-thread task during load
	plateauBudget  = 1.0  // % growth from memWarm to memWarm+memLate calls
	wasmMemBudget  = 5 << 20
)

type results struct {
	Machine   machine       `json:"machine"`
	Size      sizeReport    `json:"size"`
	ColdStart coldReport    `json:"coldStart"`
	PerCall   perCallReport `json:"perCall"`
	Refresh   refreshReport `json:"refresh"`
	Memory    memoryReport  `json:"memory"`
	Network   []linkReport  `json:"network"`
	Misses    []string      `json:"misses"`
}

type machine struct {
	Date     string `json:"date"`
	Go       string `json:"go"`
	Chromium string `json:"chromium"`
	WasmOpt  string `json:"wasmOpt,omitempty"`
	JSFlags  string `json:"jsFlags,omitempty"` // -js-flags
	Preload  bool   `json:"preload,omitempty"` // -preload
	Host     string `json:"host"`
	CPUs     int    `json:"cpus"`
	Runs     int    `json:"runs"`
	ColdRuns int    `json:"coldRuns"`
}

type sizeReport struct {
	SDK         sizes   `json:"sdk"`
	Floor       sizes   `json:"floor"`
	RatioBrotli float64 `json:"ratioBrotli"`
	Budget      float64 `json:"budget"`
	Pass        bool    `json:"pass"`
	// wasm-opt, reported only: the build does not use it.
	WasmOpt *wasmOptReport `json:"wasmOpt,omitempty"`
}

type wasmOptReport struct {
	Args  []string `json:"args"`
	SDK   sizes    `json:"sdk"`
	Floor sizes    `json:"floor"`
	// RatioBrotli is the optimized SDK over the optimized floor.
	RatioBrotli float64 `json:"ratioBrotli"`
	// Runs tells whether the optimized SDK wasm still works (one cold start).
	Runs      bool    `json:"runs"`
	RunError  string  `json:"runError,omitempty"`
	ColdMs    float64 `json:"coldMs,omitempty"`
	Error     string  `json:"error,omitempty"`
	HelpsSDK  bool    `json:"helpsSDK"` // smaller brotli and gzip
	BrotliWin int64   `json:"brotliSavedSDK"`
}

func (s *sizeReport) finish() {
	s.Budget = sizeBudget
	s.RatioBrotli = ratio(float64(s.SDK.Brotli), float64(s.Floor.Brotli))
	s.Pass = s.RatioBrotli <= s.Budget
	if o := s.WasmOpt; o != nil && o.Error == "" {
		o.RatioBrotli = ratio(float64(o.SDK.Brotli), float64(o.Floor.Brotli))
		o.BrotliWin = s.SDK.Brotli - o.SDK.Brotli
		o.HelpsSDK = o.SDK.Brotli < s.SDK.Brotli && o.SDK.Gzip < s.SDK.Gzip
	}
}

type coldReport struct {
	SDKRuns   []coldResult `json:"sdkRuns"`
	FloorRuns []coldResult `json:"floorRuns"`
	// SDKWasmURLRuns load the same wasm through options.wasmURL, which the
	// loader does not check with Subresource Integrity (reported only).
	SDKWasmURLRuns []coldResult `json:"sdkWasmURLRuns"`
	SDK            coldResult   `json:"sdkMedians"`
	Floor          coldResult   `json:"floorMedians"`
	SDKWasmURL     coldResult   `json:"sdkWasmURLMedians"`
	Ratio          float64      `json:"ratio"`
	Budget         float64      `json:"budget"`
	Pass           bool         `json:"pass"`
	TaskPass       bool         `json:"longestTaskPass"`
	WasmEncoding   string       `json:"wasmEncoding"`
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

func (c *coldReport) finish() {
	c.SDK, c.Floor, c.SDKWasmURL = medians(c.SDKRuns), medians(c.FloorRuns), medians(c.SDKWasmURLRuns)
	c.Ratio = ratio(c.SDK.Ms, c.Floor.Ms)
	c.Budget = coldBudget
	c.Pass = c.Ratio <= c.Budget
	c.TaskPass = c.SDK.LongestTaskMs <= longTaskBudget
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

type perCallReport struct {
	Calls     int       `json:"calls"`
	Blocks    int       `json:"blocks"`
	SDKRuns   []float64 `json:"sdkRunsMicros"` // mean µs per call, one per run
	RawRuns   []float64 `json:"rawRunsMicros"`
	SDKMicros float64   `json:"sdkMicros"`
	RawMicros float64   `json:"rawMicros"`
	Ratio     float64   `json:"ratio"`
	Budget    float64   `json:"budget"`
	Pass      bool      `json:"pass"`
}

func (p *perCallReport) finish() {
	p.SDKMicros, p.RawMicros = median(p.SDKRuns), median(p.RawRuns)
	p.Ratio = ratio(p.SDKMicros, p.RawMicros)
	p.Budget = perCallBudget
	p.Pass = p.Ratio <= p.Budget
}

type refreshRun struct {
	Exchanges    int     `json:"exchanges"`
	ProductCalls int     `json:"productCalls"`
	Ms           float64 `json:"ms"`
}

type refreshReport struct {
	Concurrent int          `json:"concurrent"`
	Runs       []refreshRun `json:"runs"`
	Exchanges  float64      `json:"exchangesMedian"`
	Ms         float64      `json:"msMedian"`
	Pass       bool         `json:"pass"` // exactly one exchange in every run
}

func (r *refreshReport) finish() {
	var ex, ms []float64
	r.Pass = len(r.Runs) > 0
	for _, run := range r.Runs {
		ex = append(ex, float64(run.Exchanges))
		ms = append(ms, run.Ms)
		if run.Exchanges != 1 || run.ProductCalls != r.Concurrent {
			r.Pass = false
		}
	}
	r.Exchanges, r.Ms = median(ex), median(ms)
}

type memoryRun struct {
	WasmEarly    int64 `json:"wasmEarly"`
	WasmLate     int64 `json:"wasmLate"`
	HeapEarly    int64 `json:"jsHeapEarly"`
	HeapLate     int64 `json:"jsHeapLate"`
	GoRefsEarly  int64 `json:"goRefsEarly"` // JS values Go holds references to
	GoRefsLate   int64 `json:"goRefsLate"`
	GoRefsOn     int64 `json:"goRefsOn"`
	FuncsAtStart int64 `json:"funcsAtStart"` // js.Funcs made up to the first reading
	FuncsMade    int64 `json:"funcsMade"`    // js.Funcs made from the first reading to the last
	// The plateau: readings after the warm-up (memWarm calls) and memLate
	// calls later. A per-call leak grows between them; the one-offs (the
	// Go runtime's first GC cycles, V8 compiling the hot code) are over by
	// the first.
	WasmWarm int64 `json:"wasmWarm"`
	HeapWarm int64 `json:"jsHeapWarm"`
	WasmOn   int64 `json:"wasmOn"`
	HeapOn   int64 `json:"jsHeapOn"`
	// Calls are the calls made before each reading (early, late, warm,
	// on), and Seconds when it was taken, from the client's creation:
	// every reading but the first waits for the Go side's next collection.
	// Uncollected counts readings taken without one (see memSettle).
	Calls       []int     `json:"calls"`
	Seconds     []float64 `json:"seconds"`
	Uncollected int       `json:"uncollected"`
}

// bytecodeOldTime is how long a function must not have run before V8
// flushes its bytecode (Chromium's --bytecode-old-time, 180 s; V8 counts
// it at GCs, so the flush comes later): on the memory page, ~12 KB of JS
// heap, 3 to 4 minutes after the client's creation. A plateau that spans
// it reads that much lower.
const bytecodeOldTime = 180.0

// spansFlush tells whether a run's plateau (its last two readings) spans
// bytecodeOldTime.
func (r memoryRun) spansFlush() bool {
	n := len(r.Seconds)
	return n >= 2 && r.Seconds[n-2] < bytecodeOldTime && r.Seconds[n-1] >= bytecodeOldTime
}

type memoryReport struct {
	EarlyCalls int         `json:"earlyCalls"`
	LateCalls  int         `json:"lateCalls"`
	WarmCalls  int         `json:"warmCalls"`
	Runs       []memoryRun `json:"runs"`
	Wasm       growth      `json:"wasm"`
	Heap       growth      `json:"jsHeap"`
	GoRefs     growth      `json:"goRefs"`
	// WasmOn and HeapOn are the growth from the warm reading to the one
	// LateCalls later: the plateau, which tells a per-call leak from
	// one-offs.
	WasmOn growth `json:"wasmOn"`
	HeapOn growth `json:"jsHeapOn"`
	// Pass: WasmOn and HeapOn within Budget, Wasm.Late within 5 MB.
	// FuncsPerCall is js.Funcs made per call from the first reading to
	// the last: a js.Func per call is the leak the bridge is built to avoid.
	FuncsPerCall float64 `json:"funcsPerCall"`
	Budget       float64 `json:"budgetPercent"`
	Pass         bool    `json:"pass"`
	FuncsPass    bool    `json:"funcsPass"`
	// Uncollected counts readings, over all runs, taken while Go had not
	// collected within memSettle calls; SpansFlush the runs whose plateau
	// spans V8's bytecode flush (see bytecodeOldTime): reported.
	Uncollected int `json:"uncollected"`
	SpansFlush  int `json:"spansFlush"`
}

// growth is a memory figure's medians and their change.
type growth struct {
	Early        float64 `json:"early"`
	Late         float64 `json:"late"`
	Percent      float64 `json:"percent"`
	BytesPerCall float64 `json:"bytesPerCall"`
}

func newGrowth(early, late []float64, calls int) growth {
	g := growth{Early: median(early), Late: median(late)}
	if g.Early > 0 { // else no change can be stated; JSON has no NaN
		g.Percent = 100 * (g.Late/g.Early - 1)
	}
	g.BytesPerCall = (g.Late - g.Early) / float64(calls)
	return g
}

func (m *memoryReport) finish() {
	var we, wl, ww, wo, he, hl, hw, ho, re, rl, fn []float64
	calls := m.LateCalls - m.EarlyCalls
	m.Uncollected, m.SpansFlush = 0, 0
	for _, r := range m.Runs {
		we, wl = append(we, float64(r.WasmEarly)), append(wl, float64(r.WasmLate))
		he, hl = append(he, float64(r.HeapEarly)), append(hl, float64(r.HeapLate))
		ww, wo = append(ww, float64(r.WasmWarm)), append(wo, float64(r.WasmOn))
		hw, ho = append(hw, float64(r.HeapWarm)), append(ho, float64(r.HeapOn))
		re, rl = append(re, float64(r.GoRefsEarly)), append(rl, float64(r.GoRefsLate))
		made := m.WarmCalls + m.LateCalls - m.EarlyCalls
		if n := len(r.Calls); n > 1 {
			made = r.Calls[n-1] - r.Calls[0]
		}
		fn = append(fn, float64(r.FuncsMade)/float64(made))
		m.Uncollected += r.Uncollected
		if r.spansFlush() {
			m.SpansFlush++
		}
	}
	m.Wasm = newGrowth(we, wl, calls)
	m.Heap = newGrowth(he, hl, calls)
	m.GoRefs = newGrowth(re, rl, calls)
	m.WasmOn = newGrowth(ww, wo, m.LateCalls)
	m.HeapOn = newGrowth(hw, ho, m.LateCalls)
	m.FuncsPerCall = median(fn)
	m.Budget = plateauBudget
	// The first readings count the Go runtime's first GC cycles and V8's
	// first compilations, not a leak: the budget is a plateau after them,
	// and a bound on the wasm's memory.
	m.Pass = m.WasmOn.Percent <= m.Budget && m.HeapOn.Percent <= m.Budget && m.Wasm.Late <= wasmMemBudget
	m.FuncsPass = m.FuncsPerCall == 0
}

// rows lays the results out for the terminal.
func (r *results) rows() table {
	t := table{{"figure", "SDK", "floor", "ratio", "budget", "result"}}
	s := r.Size
	t = append(t,
		[]string{"size: wasm raw", formatBytes(s.SDK.Raw), formatBytes(s.Floor.Raw), formatRatio(ratio(float64(s.SDK.Raw), float64(s.Floor.Raw))), "", ""},
		[]string{"size: wasm gzip -9", formatBytes(s.SDK.Gzip), formatBytes(s.Floor.Gzip), formatRatio(ratio(float64(s.SDK.Gzip), float64(s.Floor.Gzip))), "", ""},
		[]string{"size: wasm brotli -q 11", formatBytes(s.SDK.Brotli), formatBytes(s.Floor.Brotli), formatRatio(s.RatioBrotli), "≤ " + formatRatio(s.Budget), verdict(s.RatioBrotli, s.Budget)},
	)
	if o := s.WasmOpt; o != nil {
		if o.Error != "" {
			t = append(t, []string{"size: after wasm-opt -Oz", "failed", "", "", "report", o.Error})
		} else {
			note := "brotli +" + formatBytes(-o.BrotliWin) + ": does not help"
			if o.HelpsSDK {
				note = "saves " + formatBytes(o.BrotliWin) + " brotli"
			}
			if !o.Runs {
				note += "; breaks the SDK"
			}
			t = append(t,
				[]string{"size: wasm-opt -Oz, gzip", formatBytes(o.SDK.Gzip), formatBytes(o.Floor.Gzip), formatRatio(ratio(float64(o.SDK.Gzip), float64(o.Floor.Gzip))), "report", ""},
				[]string{"size: wasm-opt -Oz, brotli", formatBytes(o.SDK.Brotli), formatBytes(o.Floor.Brotli), formatRatio(o.RatioBrotli), "report", note},
			)
		}
	}
	c := r.ColdStart
	t = append(t,
		[]string{"cold start (" + c.WasmEncoding + " wasm)", formatMs(c.SDK.Ms), formatMs(c.Floor.Ms), formatRatio(c.Ratio), "≤ " + formatRatio(c.Budget), verdict(c.Ratio, c.Budget)},
		[]string{"  wasm ready at", formatMs(c.SDK.LoadMs), formatMs(c.Floor.LoadMs), formatRatio(ratio(c.SDK.LoadMs, c.Floor.LoadMs)), "report", ""},
		[]string{"  token obtained at", formatMs(c.SDK.TokenMs), formatMs(c.Floor.TokenMs), formatRatio(ratio(c.SDK.TokenMs, c.Floor.TokenMs)), "report", ""},
		[]string{"cold start, wasmURL (no SRI)", formatMs(c.SDKWasmURL.Ms), formatMs(c.Floor.Ms), formatRatio(ratio(c.SDKWasmURL.Ms, c.Floor.Ms)), "report", verdict(ratio(c.SDKWasmURL.Ms, c.Floor.Ms), c.Budget)},
		[]string{"  wasm ready at", formatMs(c.SDKWasmURL.LoadMs), formatMs(c.Floor.LoadMs), formatRatio(ratio(c.SDKWasmURL.LoadMs, c.Floor.LoadMs)), "report", ""},
		longestTaskRow("  longest main-thread task", c.SDK, c.Floor),
		[]string{"  Go runtime start (go.run)", formatMs(c.SDK.GoStartMs), formatMs(c.Floor.GoStartMs), formatRatio(ratio(c.SDK.GoStartMs, c.Floor.GoStartMs)), "report", ""},
	)
	for _, l := range r.Network {
		name := fmt.Sprintf("%s (%.0f ms, %.1f Mbit/s)", l.Link.Name, l.Link.LatencyMs, l.Link.Mbps)
		for _, v := range []struct {
			what   string
			v      visitReport
			budget float64
		}{{"first visit", l.First, l.Link.FirstBudget}, {"repeat visit", l.Repeat, l.Link.RepeatBudget}} {
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
	}
	p := r.PerCall
	t = append(t, []string{"per call (" + formatInt(int64(p.Calls)) + " sequential)", formatMicros(p.SDKMicros), formatMicros(p.RawMicros), formatRatio(p.Ratio), "≤ " + formatRatio(p.Budget), verdict(p.Ratio, p.Budget)})
	f := r.Refresh
	result := "PASS"
	if !f.Pass {
		result = "MISS (" + exchangeCounts(f.Runs) + ")"
	}
	t = append(t, []string{"refresh: " + formatInt(int64(f.Concurrent)) + " concurrent at expiry", formatFloat(f.Exchanges) + " exchange", "", "", "= 1 every run", result})
	m := r.Memory
	for _, g := range []struct {
		name string
		g    growth
	}{{"memory: wasm linear", m.Wasm}, {"memory: JS heap after GC", m.Heap}} {
		t = append(t, []string{
			g.name,
			formatBytes(int64(g.g.Late)) + " @" + formatShort(m.LateCalls),
			formatBytes(int64(g.g.Early)) + " @" + formatShort(m.EarlyCalls),
			formatPercent(g.g.Percent), "report", "",
		})
	}
	funcs := "PASS"
	if !m.FuncsPass {
		funcs = "MISS"
	}
	for _, g := range []struct {
		name string
		g    growth
		note string
	}{{"memory: wasm linear, on to", m.WasmOn, ""}, {"memory: JS heap, on to", m.HeapOn, spansFlushNote(m.SpansFlush, len(m.Runs))}} {
		t = append(t, []string{
			g.name + " " + formatShort(m.WarmCalls+m.LateCalls),
			formatBytes(int64(g.g.Late)) + " @" + formatShort(m.WarmCalls+m.LateCalls),
			formatBytes(int64(g.g.Early)) + " @" + formatShort(m.WarmCalls),
			formatPercent(g.g.Percent),
			"≤ +" + strconv.FormatFloat(m.Budget, 'f', 0, 64) + "%",
			memoryVerdict(g.g.Percent, m.Budget) + g.note,
		})
	}
	wasmMem := "PASS"
	if m.Wasm.Late > wasmMemBudget {
		wasmMem = "MISS"
	}
	t = append(t,
		[]string{"memory: wasm linear @" + formatShort(m.LateCalls), formatBytes(int64(m.Wasm.Late)), "", "", "≤ 5 MB", wasmMem},
		[]string{"memory: JS values held by Go", formatInt(int64(m.GoRefs.Late)) + " @" + formatShort(m.LateCalls), formatInt(int64(m.GoRefs.Early)) + " @" + formatShort(m.EarlyCalls), formatPercent(m.GoRefs.Percent), "report", uncollected(m.Uncollected)},
		[]string{"memory: js.Funcs made per call", formatFloat(m.FuncsPerCall), "", "", "= 0", funcs},
	)
	return t
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

// spansFlushNote says how many runs' plateau spans V8's bytecode flush.
func spansFlushNote(n, runs int) string {
	if n == 0 {
		return ""
	}
	return fmt.Sprintf(" (%d of %d runs past %.0f s, when V8 flushes unused bytecode: ~12 KB less)", n, runs, bytecodeOldTime)
}

// uncollected notes readings taken while Go had not collected (memSettle).
func uncollected(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n) + " readings without a Go collection"
}

func memoryVerdict(percent, budget float64) string {
	if math.IsNaN(percent) {
		return "n/a"
	}
	if percent <= budget {
		return "PASS"
	}
	return "MISS (" + formatPercent(percent) + ")"
}

func exchangeCounts(runs []refreshRun) string {
	s := "exchanges per run:"
	for _, r := range runs {
		s += " " + strconv.Itoa(r.Exchanges)
	}
	return s
}

func formatFloat(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// formatShort prints a call count compactly: 100, 10k.
func formatShort(n int) string {
	if n >= 1000 && n%1000 == 0 {
		return strconv.Itoa(n/1000) + "k"
	}
	return strconv.Itoa(n)
}

// timelines are the loads' steps, SDK above floor (medians, ms from the
// first script): where the SDK's time beyond the floor goes. Loads that
// did not run are left out.
func (r *results) timelines() string {
	var b strings.Builder
	b.WriteString("timelines, ms from the first script (medians): wasm requested → last byte → go.run → ready · /auth sent → answered · product call sent → answered\n")
	step := func(ms float64) string {
		if ms < 0 {
			return "-"
		}
		return strconv.FormatFloat(ms, 'f', 0, 64)
	}
	load := func(name, who string, c coldResult) {
		fmt.Fprintf(&b, "  %-20s %-5s %5s → %5s → %5s → %5s · /auth %5s → %5s · call %5s → %5s\n", name, who,
			step(c.WasmRequestMs), step(c.WasmDoneMs), step(c.GoRunMs), step(c.LoadMs),
			step(c.AuthSentMs), step(c.AuthDoneMs), step(c.CallSentMs), step(c.Ms))
	}
	pair := func(name string, sdk, floor coldResult) {
		if sdk.Ms > 0 || floor.Ms > 0 {
			load(name, "SDK", sdk)
			load("", "floor", floor)
		}
	}
	pair("cold start", r.ColdStart.SDK, r.ColdStart.Floor)
	for _, l := range r.Network {
		pair(l.Link.Name+" first visit", l.First.SDK, l.First.Floor)
		pair(l.Link.Name+" repeat visit", l.Repeat.SDK, l.Repeat.Floor)
	}
	return b.String()
}
