//go:build !(js && wasm)

package main

import (
	"math"
	"slices"
	"strings"
	"testing"
)

func TestRefreshVerdict(t *testing.T) {
	r := refreshReport{Concurrent: 1000, Runs: []refreshRun{{1, 1000, 50}, {1, 1000, 70}, {1, 1000, 60}}}
	r.finish()
	if !r.Pass || r.Exchanges != 1 || r.Ms != 60 {
		t.Errorf("three clean runs: %+v", r)
	}
	r.Runs = append(r.Runs, refreshRun{2, 1000, 55})
	r.finish()
	if r.Pass {
		t.Error("a run with 2 exchanges passed")
	}
	if got := exchangeCounts(r.Runs); got != "exchanges per run: 1 1 1 2" {
		t.Errorf("exchangeCounts = %q", got)
	}
}

func TestMemoryReport(t *testing.T) {
	m := memoryReport{EarlyCalls: 100, LateCalls: 10100, WarmCalls: 20000, Runs: []memoryRun{
		{WasmEarly: 100, WasmLate: 105, HeapEarly: 1000, HeapLate: 1050, WasmWarm: 105, WasmOn: 105, HeapWarm: 1050, HeapOn: 1050},
		{WasmEarly: 100, WasmLate: 109, HeapEarly: 1000, HeapLate: 1000, FuncsMade: 0, WasmWarm: 109, WasmOn: 109, HeapWarm: 1000, HeapOn: 1000},
		{WasmEarly: 100, WasmLate: 200, HeapEarly: 1000, HeapLate: 1020, WasmWarm: 200, WasmOn: 200, HeapWarm: 1020, HeapOn: 1020},
	}}
	m.finish()
	if math.Abs(m.Wasm.Percent-9) > 1e-9 || !m.Pass || !m.FuncsPass || m.GoRefs.Percent != 0 {
		t.Errorf("%+v", m)
	}
	if math.Abs(m.Wasm.BytesPerCall-0.0009) > 1e-12 {
		t.Errorf("bytes per call = %v", m.Wasm.BytesPerCall)
	}
	// The plateau is from the warm reading on: growth before it (one-offs)
	// passes, growth within it does not.
	for i := range m.Runs {
		m.Runs[i].HeapWarm = m.Runs[i].HeapLate * 2
		m.Runs[i].HeapOn = m.Runs[i].HeapWarm
	}
	m.finish()
	if !m.Pass || m.HeapOn.Percent != 0 {
		t.Errorf("growth before the warm reading failed the plateau: %+v", m.HeapOn)
	}
	for i := range m.Runs {
		m.Runs[i].WasmOn = m.Runs[i].WasmWarm * 2 // a leak: doubles again
	}
	m.finish()
	if math.Abs(m.WasmOn.Percent-100) > 1e-9 || m.WasmOn.Early != 109 || m.Pass {
		t.Errorf("warm to on: %+v", m.WasmOn)
	}
	if got := rowNamed((&results{Memory: m}).rows(), "memory: wasm linear, on to 30100"); got == nil || got[1] != "218 B @30100" || got[2] != "109 B @20k" {
		t.Errorf("plateau row = %q", got)
	}
	// js.Funcs per call count the calls the readings made.
	m.Runs[0].Calls = []int{256, 10240, 20224, 30208}
	m.Runs[0].FuncsMade, m.Runs[1].FuncsMade = 29952, 60000
	m.finish()
	if m.FuncsPass || m.FuncsPerCall != 1 {
		t.Errorf("a js.Func per call passed: %+v", m)
	}
	m.Runs[2].Uncollected = 2
	m.finish()
	if m.Uncollected != 2 || uncollected(m.Uncollected) == "" {
		t.Errorf("uncollected = %d", m.Uncollected)
	}
	// A plateau that spans V8's bytecode flush (it reads lower) is noted.
	m.Runs[0].Seconds = []float64{1, 40, 80, 120}
	m.Runs[1].Seconds = []float64{1, 60, 150, 200}
	m.Runs[2].Seconds = []float64{1, 90, 190, 260}
	m.finish()
	if m.SpansFlush != 1 {
		t.Errorf("runs spanning the flush = %d, want 1", m.SpansFlush)
	}
	if got := rowNamed((&results{Memory: m}).rows(), "memory: JS heap, on to 30100"); got == nil || !strings.Contains(got[5], "1 of 3 runs past 180 s") {
		t.Errorf("plateau row = %q", got)
	}
}

func rowNamed(t table, name string) []string {
	for _, row := range t {
		if row[0] == name {
			return row
		}
	}
	return nil
}

func TestTimelines(t *testing.T) {
	sdk := coldResult{LoadMs: 323, Ms: 396, timeline: timeline{WasmRequestMs: 88, WasmDoneMs: 218.4, GoRunMs: 325, AuthSentMs: 116, AuthDoneMs: 171, CallSentMs: 488}}
	floor := coldResult{LoadMs: 175, Ms: 215, timeline: timeline{WasmRequestMs: 40, WasmDoneMs: 187, GoRunMs: 244, AuthSentMs: 317, AuthDoneMs: 352, CallSentMs: -1}}
	r := &results{
		ColdStart: coldReport{SDK: sdk, Floor: floor},
		// A repeat visit that did not run is left out.
		Network: []linkReport{{Link: link{Name: "4G"}, First: visitReport{SDK: sdk, Floor: floor}}},
	}
	got := strings.Split(r.timelines(), "\n")
	want := []string{
		"  cold start           SDK      88 →   218 →   325 →   323 · /auth   116 →   171 · call   488 →   396",
		"                       floor    40 →   187 →   244 →   175 · /auth   317 →   352 · call     - →   215",
		"  4G first visit       SDK      88 →   218 →   325 →   323 · /auth   116 →   171 · call   488 →   396",
		"                       floor    40 →   187 →   244 →   175 · /auth   317 →   352 · call     - →   215",
		"",
	}
	if len(got) != len(want)+1 || !strings.HasPrefix(got[0], "timelines") {
		t.Fatalf("timelines:\n%s", strings.Join(got, "\n"))
	}
	for i, w := range want {
		if got[i+1] != w {
			t.Errorf("line %d:\n got %q\nwant %q", i+1, got[i+1], w)
		}
	}
}

func TestMediansLeaveOutStepsThatDidNotHappen(t *testing.T) {
	m := medians([]coldResult{
		{timeline: timeline{AuthSentMs: -1, CallSentMs: -1}},
		{timeline: timeline{AuthSentMs: 30, CallSentMs: -1}},
		{timeline: timeline{AuthSentMs: 10, CallSentMs: -1}},
	})
	if m.AuthSentMs != 20 || m.CallSentMs != -1 {
		t.Errorf("medians: /auth sent %v (want 20, of the two that sent), call sent %v (want -1, none)", m.AuthSentMs, m.CallSentMs)
	}
}

// The restated budgets: the first visit and the next page with persist
// 'session' against the floor, per call on 4G; the repeat visit without
// persistence and plain JS reported.
func TestNetworkRowsRestated(t *testing.T) {
	r := linkReport{Link: links[0], runs: map[string]*[2][]coldResult{}}
	for range 3 {
		r.add("sdk", coldResult{Ms: 1100}, coldResult{Ms: 300})
		r.add("floor", coldResult{Ms: 1000}, coldResult{Ms: 250})
		r.add("plain", coldResult{Ms: 500}, coldResult{Ms: 200})
		r.add("persist", coldResult{Ms: 1100}, coldResult{Ms: 200})
	}
	r.finish()
	if !r.First.Pass || r.First.Ratio != 1.1 {
		t.Errorf("first visit 1.10x against 1.15x: %+v", r.First)
	}
	if !r.Repeat.Pass {
		t.Errorf("the repeat visit without persistence is reported only: %+v", r.Repeat)
	}
	if !r.Next.Pass || r.Next.Ratio != 0.8 || r.Next.Floor.Ms != 250 {
		t.Errorf("next page 200 ms against the floor's repeat visit, 250: %+v", r.Next)
	}
	if r.PlainNext.Ratio != 1 || r.PlainFirst.Ratio != 2.2 {
		t.Errorf("plain JS: %+v %+v", r.PlainFirst, r.PlainNext)
	}
	if got := rowNamed(r.rows(), "4G (40 ms, 10.0 Mbit/s), next page, persist 'session'"); got == nil || got[4] != "≤ 0.85x" || got[5] != "PASS" {
		t.Errorf("next page row = %q", got)
	}
	if got := rowNamed(r.rows(), "4G (40 ms, 10.0 Mbit/s), first visit vs plain JS (no wasm)"); got == nil || got[4] != "report" {
		t.Errorf("plain row = %q", got)
	}
	for i := range r.runs["persist"][1] {
		r.runs["persist"][1][i].Ms = 230
	}
	r.finish()
	if m := r.misses(); len(m) != 1 || m[0] != "4G next page" {
		t.Errorf("misses = %q", m)
	}

	p := perCallReport{Where: "4G", Calls: 100, SDKRuns: []float64{45100}, RawRuns: []float64{45000}, Budget: perCallBudget}
	p.finish()
	if !p.Pass || rowNamed(p.rows(), "per call, 4G (100 sequential)")[5] != "PASS" {
		t.Errorf("per call on 4G: %+v", p)
	}
	res := &results{NetPerCall: perCallReport{Calls: 100, Budget: perCallBudget, SDKRuns: []float64{47000}, RawRuns: []float64{45000}}}
	res.NetPerCall.finish()
	if m := misses(res); !slices.Contains(m, "perCall 4G") {
		t.Errorf("misses = %q", m)
	}
	res.NetPerCall = perCallReport{}
	if m := misses(res); slices.Contains(m, "perCall 4G") {
		t.Errorf("a figure not run (-only) is no miss: %q", m)
	}
}
