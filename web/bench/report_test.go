//go:build !(js && wasm)

package main

import (
	"io/fs"
	"math"
	"strings"
	"testing"
)

func TestMedian(t *testing.T) {
	for _, tc := range []struct {
		in   []float64
		want float64
	}{
		{[]float64{3}, 3},
		{[]float64{5, 1, 3}, 3},
		{[]float64{4, 1, 3, 2}, 2.5},
		{[]float64{2, 2, 9, 2, 100}, 2},
	} {
		in := append([]float64(nil), tc.in...)
		if got := median(in); got != tc.want {
			t.Errorf("median(%v) = %v, want %v", tc.in, got, tc.want)
		}
		for i := range in {
			if in[i] != tc.in[i] {
				t.Fatalf("median reordered its argument: %v", in)
			}
		}
	}
	if !math.IsNaN(median(nil)) {
		t.Error("median(nil) is not NaN")
	}
}

func TestRatioAndVerdict(t *testing.T) {
	for _, tc := range []struct {
		a, b, budget float64
		ratio        string
		verdict      string
	}{
		{140, 100, 1.4, "1.40x", "PASS"},
		{141, 100, 1.4, "1.41x", "MISS (0.7% over)"},
		{230, 100, 1.15, "2.30x", "MISS (100.0% over)"},
		{90, 100, 1.3, "0.90x", "PASS"},
		{1, 0, 1.3, "-", "n/a"},
	} {
		r := ratio(tc.a, tc.b)
		if got := formatRatio(r); got != tc.ratio {
			t.Errorf("formatRatio(%v/%v) = %q, want %q", tc.a, tc.b, got, tc.ratio)
		}
		if got := verdict(r, tc.budget); got != tc.verdict {
			t.Errorf("verdict(%v/%v, %v) = %q, want %q", tc.a, tc.b, tc.budget, got, tc.verdict)
		}
	}
	if got := memoryVerdict(9.9, 10); got != "PASS" {
		t.Errorf("memoryVerdict(9.9) = %q", got)
	}
	if got := memoryVerdict(312.5, 10); got != "MISS (+312.5%)" {
		t.Errorf("memoryVerdict(312.5) = %q", got)
	}
}

func TestFormatting(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1,000", 1799451: "1,799,451", -1234: "-1,234"} {
		if got := formatInt(n); got != want {
			t.Errorf("formatInt(%d) = %q, want %q", n, got, want)
		}
	}
	for ms, want := range map[float64]string{1.234: "1.23 ms", 96.14: "96.1 ms", 214.4: "214 ms"} {
		if got := formatMs(ms); got != want {
			t.Errorf("formatMs(%v) = %q, want %q", ms, got, want)
		}
	}
	if got := formatMicros(2620.6); got != "2621 µs" {
		t.Errorf("formatMicros = %q", got)
	}
	if got := formatPercent(-1.25); got != "-1.2%" && got != "-1.3%" {
		t.Errorf("formatPercent = %q", got)
	}
	if got := formatShort(10000); got != "10k" {
		t.Errorf("formatShort(10000) = %q", got)
	}
	if got := formatShort(100); got != "100" {
		t.Errorf("formatShort(100) = %q", got)
	}
}

func TestTableAlignsColumns(t *testing.T) {
	got := table{
		{"figure", "SDK", "result"},
		{"per call", "2621 µs", "MISS"},
		{"size", "≤ 1.40x", "PASS"},
	}.String()
	want := "figure    SDK      result\n" +
		"-------------------------\n" +
		"per call  2621 µs  MISS\n" +
		"size      ≤ 1.40x  PASS\n"
	if got != want {
		t.Errorf("table:\n%s\nwant:\n%s", got, want)
	}
}

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

func TestJSCall(t *testing.T) {
	if got := jsCall("bench.setup", "k\"ey", 3, true); got != `bench.setup("k\"ey", 3, true)` {
		t.Errorf("jsCall = %s", got)
	}
}

// TestPreloadOnlyWhenAsked: -preload adds the link to both cold-start
// pages (the comparison stays fair) and to no other; without it, none.
func TestPreloadOnlyWhenAsked(t *testing.T) {
	for _, preload := range []bool{false, true} {
		_, pages := servedPages(t, preload)
		for name, p := range benchPages {
			page := pages[name]
			want := preload && strings.HasPrefix(name, "cold-")
			if got := strings.Contains(string(page), "l.rel = 'preload'"); got != want {
				t.Errorf("preload %v: %s has the preload script: %v", preload, name, got)
			}
			if want && len(p.preload) == 0 {
				t.Errorf("%s names no parameter to preload", name)
			}
		}
	}
}

// servedPages are benchFiles(preload) and the text of each bench page in it.
func servedPages(t *testing.T, preload bool) (fs.FS, map[string][]byte) {
	t.Helper()
	files, err := benchFiles(preload)
	if err != nil {
		t.Fatal(err)
	}
	pages := map[string][]byte{}
	for name := range benchPages {
		if pages[name], err = fs.ReadFile(files, name); err != nil {
			t.Fatal(err)
		}
	}
	return files, pages
}

func TestPagesAndTheirScriptsAreServed(t *testing.T) {
	files, pages := servedPages(t, false)
	for name, p := range benchPages {
		page := pages[name]
		for _, src := range p.scripts {
			if !strings.Contains(string(page), `<script src="`+src+`">`) {
				t.Errorf("%s does not load %s", name, src)
			}
			if !strings.HasPrefix(src, "/dist/") && !strings.HasPrefix(src, "/testsite/") {
				if _, err := fs.Stat(files, strings.TrimPrefix(src, "/")); err != nil {
					t.Errorf("%s loads %s: %v", name, src, err)
				}
			}
		}
	}
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
