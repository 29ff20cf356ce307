//go:build !(js && wasm)

package main

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Pure helpers for the figures and the table: no browser, no files.

// median is the middle of xs (the mean of the two middle values for an even
// count); NaN for none.
func median(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// ratio is a/b; NaN when b is not positive.
func ratio(a, b float64) float64 {
	if b <= 0 {
		return math.NaN()
	}
	return a / b
}

// formatRatio prints a ratio as "1.23x", or "-" when there is none.
func formatRatio(r float64) string {
	if math.IsNaN(r) || math.IsInf(r, 0) {
		return "-"
	}
	return strconv.FormatFloat(r, 'f', 2, 64) + "x"
}

// verdict compares a ratio with its budget (at most budget): "PASS", or
// "MISS (+4.3% over)" with how far over the budget it is.
func verdict(r, budget float64) string {
	if math.IsNaN(r) {
		return "n/a"
	}
	if r <= budget {
		return "PASS"
	}
	return fmt.Sprintf("MISS (%.1f%% over)", 100*(r/budget-1))
}

// formatInt prints n with thousands separators: 1,234,567.
func formatInt(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// formatBytes prints a byte count as "1,234,567 B".
func formatBytes(n int64) string { return formatInt(n) + " B" }

// formatMs prints milliseconds with a precision that suits their size.
func formatMs(ms float64) string {
	switch {
	case math.IsNaN(ms):
		return "-"
	case ms < 10:
		return strconv.FormatFloat(ms, 'f', 2, 64) + " ms"
	case ms < 100:
		return strconv.FormatFloat(ms, 'f', 1, 64) + " ms"
	default:
		return strconv.FormatFloat(ms, 'f', 0, 64) + " ms"
	}
}

// formatMicros prints microseconds, e.g. per-call times.
func formatMicros(us float64) string {
	if math.IsNaN(us) {
		return "-"
	}
	return strconv.FormatFloat(us, 'f', 0, 64) + " µs"
}

// formatPercent prints a signed change, e.g. "+1.5%".
func formatPercent(p float64) string {
	if math.IsNaN(p) {
		return "-"
	}
	return fmt.Sprintf("%+.1f%%", p)
}

// table is rows of cells printed with aligned columns. The first row is the
// header, underlined.
type table [][]string

func (t table) String() string {
	var widths []int
	for _, row := range t {
		for i, cell := range row {
			if i >= len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], displayWidth(cell))
		}
	}
	var b strings.Builder
	for r, row := range t {
		line := formatRow(row, widths)
		b.WriteString(line)
		b.WriteByte('\n')
		if r == 0 {
			b.WriteString(strings.Repeat("-", displayWidth(line)))
			b.WriteByte('\n')
		}
	}
	return b.String()
}

func formatRow(row []string, widths []int) string {
	var b strings.Builder
	for i, cell := range row {
		if i > 0 {
			b.WriteString("  ")
		}
		b.WriteString(cell)
		if i < len(row)-1 {
			b.WriteString(strings.Repeat(" ", widths[i]-displayWidth(cell)))
		}
	}
	return b.String()
}

// displayWidth counts runes, so "µs" and "≤" take one column each.
func displayWidth(s string) int { return len([]rune(s)) }

func formatFloat(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// formatShort prints a call count compactly: 100, 10k.
func formatShort(n int) string {
	if n >= 1000 && n%1000 == 0 {
		return strconv.Itoa(n/1000) + "k"
	}
	return strconv.Itoa(n)
}
