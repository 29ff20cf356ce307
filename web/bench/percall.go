//go:build !(js && wasm)

package main

import (
	"fmt"
	"time"
)

type perCallResult struct {
	SDK []float64 `json:"sdk"`
	Raw []float64 `json:"raw"`
}

// perCall times calls sequential calls per variant, in blocks alternating
// them, after warmup untimed calls of each, in one fresh page per run;
// over l when it is set (the page is set up on loopback first), else on
// loopback. budget 0 reports it only.
func (b *bencher) perCall(l *link, calls, warmup int, budget float64) (perCallReport, error) {
	a := newAPI(b.site.URL)
	defer a.Close()
	r := perCallReport{Calls: calls, Blocks: b.blocks, Budget: budget, Where: "loopback"}
	if l != nil {
		r.Where = l.Name
	}
	size := calls / b.blocks
	for range b.runs {
		tab, cancel, err := b.openWarm(a, "warm.html")
		if err != nil {
			return r, err
		}
		if l != nil {
			if err := emulate(tab, *l); err != nil {
				cancel()
				return r, err
			}
		}
		res, err := eval[perCallResult](tab, 10*time.Minute, jsCall("bench.perCall", b.blocks, size, warmup))
		cancel()
		if err != nil {
			return r, err
		}
		n := float64(b.blocks * size)
		r.SDKRuns = append(r.SDKRuns, 1000*sum(res.SDK)/n)
		r.RawRuns = append(r.RawRuns, 1000*sum(res.Raw)/n)
	}
	r.finish()
	return r, nil
}

type perCallReport struct {
	Where     string    `json:"where"` // loopback, or the link's name
	Calls     int       `json:"calls"`
	Blocks    int       `json:"blocks"`
	SDKRuns   []float64 `json:"sdkRunsMicros"` // mean µs per call, one per run
	RawRuns   []float64 `json:"rawRunsMicros"`
	SDKMicros float64   `json:"sdkMicros"`
	RawMicros float64   `json:"rawMicros"`
	Ratio     float64   `json:"ratio"`
	Budget    float64   `json:"budget"` // 0: reported only
	Pass      bool      `json:"pass"`
}

func (p *perCallReport) finish() {
	p.SDKMicros, p.RawMicros = median(p.SDKRuns), median(p.RawRuns)
	p.Ratio = ratio(p.SDKMicros, p.RawMicros)
	p.Pass = p.Budget == 0 || p.Ratio <= p.Budget
}

func (p *perCallReport) rows() table {
	if p.Calls == 0 {
		return nil // not run (-only)
	}
	b, result := "report", ""
	if p.Budget > 0 {
		b, result = "≤ "+formatRatio(p.Budget), verdict(p.Ratio, p.Budget)
	}
	name := fmt.Sprintf("per call, %s (%s sequential)", p.Where, formatInt(int64(p.Calls)))
	return table{{name, formatMicros(p.SDKMicros), formatMicros(p.RawMicros), formatRatio(p.Ratio), b, result}}
}

func sum(xs []float64) float64 {
	var s float64
	for _, x := range xs {
		s += x
	}
	return s
}
