//go:build !(js && wasm)

package main

import (
	"fmt"
	"strconv"
	"time"
)

type concurrentResult struct {
	Ms         float64 `json:"ms"`
	OK         int     `json:"ok"`
	Failed     int     `json:"failed"`
	FirstError string  `json:"firstError"`
}

// refresh moves both clocks past the token's expiry, then makes n
// concurrent calls and counts the exchanges the API saw.
func (b *bencher) refresh() (refreshReport, error) {
	r := refreshReport{Concurrent: b.concurrent}
	for range b.runs {
		run, err := b.refreshRun()
		if err != nil {
			return r, err
		}
		r.Runs = append(r.Runs, run)
	}
	r.finish()
	return r, nil
}

func (b *bencher) refreshRun() (refreshRun, error) {
	a := newAPI(b.site.URL) // a clock of its own, moved only for this page
	defer a.Close()
	tab, cancel, err := b.openWarm(a, "clock.html")
	if err != nil {
		return refreshRun{}, err
	}
	defer cancel()
	// Past the 1,200 s lifetime (and any leeway): the token has expired.
	const sleep = 1300 * time.Second
	a.offset.Add(int64(sleep))
	if _, err := eval[any](tab, 10*time.Second, jsCall("testClock.advance", sleep.Milliseconds())); err != nil {
		return refreshRun{}, err
	}
	a.ResetCounts()
	res, err := eval[concurrentResult](tab, 2*time.Minute, jsCall("bench.concurrent", b.concurrent))
	if err != nil {
		return refreshRun{}, err
	}
	if res.Failed > 0 {
		return refreshRun{}, fmt.Errorf("%d of %d concurrent calls failed, the first with %s", res.Failed, b.concurrent, res.FirstError)
	}
	return refreshRun{
		Exchanges:    a.Count("auth") + a.Count("refreshToken"),
		ProductCalls: a.Count("chatbot"),
		Ms:           res.Ms,
	}, nil
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

func (r *refreshReport) rows() table {
	result := "PASS"
	if !r.Pass {
		result = "MISS (" + exchangeCounts(r.Runs) + ")"
	}
	return table{{"refresh: " + formatInt(int64(r.Concurrent)) + " concurrent at expiry", formatFloat(r.Exchanges) + " exchange", "", "", "= 1 every run", result}}
}

func exchangeCounts(runs []refreshRun) string {
	s := "exchanges per run:"
	for _, r := range runs {
		s += " " + strconv.Itoa(r.Exchanges)
	}
	return s
}
