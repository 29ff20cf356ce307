//go:build !(js && wasm)

package main

import (
	"fmt"
	"math"
	"strconv"
)

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
// flushes its bytecode (Chromium's --bytecode-old-time; V8 counts it at
// GCs, so the flush comes later): the memory page's JS heap shrinks once
// then, so a plateau that spans it reads lower.
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
	// Pass: WasmOn and HeapOn within Budget, Wasm.Late within wasmMemBudget.
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
		fn = append(fn, float64(r.FuncsMade)/float64(m.callsMade(r)))
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

// callsMade are the calls from r's first reading to its last: those it
// counted, else those the settings ask for.
func (m *memoryReport) callsMade(r memoryRun) int {
	if n := len(r.Calls); n > 1 {
		return r.Calls[n-1] - r.Calls[0]
	}
	return m.WarmCalls + m.LateCalls - m.EarlyCalls
}

func (m *memoryReport) rows() table {
	t := m.growthRows()
	t = append(t, m.plateauRows()...)
	wasmMem := "PASS"
	if m.Wasm.Late > wasmMemBudget {
		wasmMem = "MISS"
	}
	funcs := "PASS"
	if !m.FuncsPass {
		funcs = "MISS"
	}
	return append(t,
		[]string{"memory: wasm linear @" + formatShort(m.LateCalls), formatBytes(int64(m.Wasm.Late)), "", "", "≤ 5 MB", wasmMem},
		[]string{"memory: JS values held by Go", formatInt(int64(m.GoRefs.Late)) + " @" + formatShort(m.LateCalls), formatInt(int64(m.GoRefs.Early)) + " @" + formatShort(m.EarlyCalls), formatPercent(m.GoRefs.Percent), "report", uncollected(m.Uncollected)},
		[]string{"memory: js.Funcs made per call", formatFloat(m.FuncsPerCall), "", "", "= 0", funcs},
	)
}

// growthRows are the growth from the first reading to the second: reported.
func (m *memoryReport) growthRows() table {
	var t table
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
	return t
}

// plateauRows are the growth over the plateau, against the budget.
func (m *memoryReport) plateauRows() table {
	var t table
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
	return t
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
