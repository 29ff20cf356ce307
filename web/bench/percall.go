//go:build !(js && wasm)

package main

import "time"

type perCallResult struct {
	SDK []float64 `json:"sdk"`
	Raw []float64 `json:"raw"`
}

// perCall times calls blocks of blockSize sequential calls per variant in
// one fresh page per run.
func (b *bencher) perCall() (perCallReport, error) {
	a := newAPI(b.site.URL)
	defer a.Close()
	r := perCallReport{Calls: b.calls, Blocks: b.blocks}
	size := b.calls / b.blocks
	for range b.runs {
		tab, cancel, err := b.openWarm(a, "warm.html")
		if err != nil {
			return r, err
		}
		res, err := eval[perCallResult](tab, 5*time.Minute, jsCall("bench.perCall", b.blocks, size, b.warmup))
		cancel()
		if err != nil {
			return r, err
		}
		calls := float64(b.blocks * size)
		r.SDKRuns = append(r.SDKRuns, 1000*sum(res.SDK)/calls)
		r.RawRuns = append(r.RawRuns, 1000*sum(res.Raw)/calls)
	}
	r.finish()
	return r, nil
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

func (p *perCallReport) rows() table {
	return table{{"per call (" + formatInt(int64(p.Calls)) + " sequential)", formatMicros(p.SDKMicros), formatMicros(p.RawMicros), formatRatio(p.Ratio), "≤ " + formatRatio(p.Budget), verdict(p.Ratio, p.Budget)}}
}

func sum(xs []float64) float64 {
	var s float64
	for _, x := range xs {
		s += x
	}
	return s
}
