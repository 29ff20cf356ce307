//go:build !(js && wasm)

package main

import (
	"math"
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
