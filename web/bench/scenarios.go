//go:build !(js && wasm)

package main

import (
	"context"
	"fmt"
	"net/url"
	"sync/atomic"
	"time"

	"github.com/inbenta-community/inbenta-auth/sdk/authtest"
)

const benchAPIKey = "bench-api-key"

// memParallel is how many calls the memory figure keeps in flight: the
// browser's connections per host, so the 10,000 calls take less time.
const memParallel = 6

// api is one emulated Inbenta API whose clock can be moved, with a Domain
// Key registered for the benchmark site's origin.
type api struct {
	*authtest.Server
	domainKey string
	offset    atomic.Int64 // ns the clock was moved forward
}

func newAPI(origin string) *api {
	a := &api{Server: authtest.NewServer(), domainKey: authtest.NewDomainKey("bench")}
	a.SetClock(func() time.Time { return time.Now().Add(time.Duration(a.offset.Load())) })
	a.AddDomainKey(benchAPIKey, a.domainKey, origin)
	return a
}

// pageURL is a benchmark page with the API's coordinates in its query.
func (a *api) pageURL(site, page string, extra url.Values) string {
	q := url.Values{"auth": {a.AuthURL}, "key": {benchAPIKey}, "dk": {a.domainKey}}
	for k, v := range extra {
		q[k] = v
	}
	return site + "/" + page + "?" + q.Encode()
}

// openWarm opens page in a fresh tab and creates window's client.
func (b *bencher) openWarm(a *api, page string) (context.Context, func(), error) {
	tab, cancel, err := b.browser.tab()
	if err != nil {
		return nil, nil, err
	}
	if err := navigate(tab, b.site.URL+"/"+page); err != nil {
		cancel()
		return nil, nil, err
	}
	if _, err := eval[bool](tab, 30*time.Second, jsCall("bench.setup", a.domainKey, benchAPIKey, a.AuthURL)); err != nil {
		cancel()
		return nil, nil, err
	}
	return tab, cancel, nil
}

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

// timeline is when a load's steps happened, read by the page itself
// (web/bench/page/cold.js) the same way for the SDK and the floor: its
// requests from Resource Timing, go.run from a wrapper of it.
type timeline struct {
	WasmRequestMs float64 `json:"wasmRequestMs"` // the wasm's request left
	WasmDoneMs    float64 `json:"wasmDoneMs"`    // its last byte arrived
	GoRunMs       float64 `json:"goRunMs"`       // go.run called: compiled and instantiated
	AuthSentMs    float64 `json:"authSentMs"`    // the first /auth left
	AuthDoneMs    float64 `json:"authDoneMs"`    // its answer's last byte arrived
	CallSentMs    float64 `json:"callSentMs"`    // the product call left
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

// coldVariants are the page loads the cold start compares. The third one
// is reported only: with options.wasmURL set the loader skips its
// Subresource Integrity check of the wasm, which shows what that check costs.
var coldVariants = []struct {
	name, page string
	extra      url.Values
}{
	{"sdk", "cold-sdk.html", nil},
	{"floor", "cold-floor.html", nil},
	{"sdk-wasmURL", "cold-sdk.html", url.Values{"wasm": {"/dist/inbenta-auth.wasm"}}},
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
			if i < 0 {
				continue
			}
			switch v.name {
			case "sdk":
				r.SDKRuns = append(r.SDKRuns, res)
			case "floor":
				r.FloorRuns = append(r.FloorRuns, res)
			default:
				r.SDKWasmURLRuns = append(r.SDKWasmURLRuns, res)
			}
		}
	}
	r.finish()
	r.WasmEncoding = b.site.EncodingOf("/dist/" + b.wasmFile)
	return r, nil
}

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

// memory reads the wasm's linear memory and the JS heap (after a forced GC)
// after `early` calls, `late` calls, and from `warm` to `warm + late` calls
// (the plateau), in one fresh page per run.
func (b *bencher) memory() (memoryReport, error) {
	a := newAPI(b.site.URL)
	defer a.Close()
	r := memoryReport{EarlyCalls: b.memEarly, LateCalls: b.memLate, WarmCalls: b.memWarm}
	for range b.runs {
		run, err := b.memoryRun(a)
		if err != nil {
			return r, err
		}
		r.Runs = append(r.Runs, run)
		a.ResetCounts() // the emulator records every request; keep it small
	}
	r.finish()
	return r, nil
}

type memoryReading struct {
	Wasm      int64 `json:"wasm"`
	GoRefs    int64 `json:"goRefs"`
	FuncsMade int64 `json:"funcsMade"`
}

// memSettle is the most sequential calls a memory reading makes, after its
// calls, to wait for the Go side's next collection (the SDK collects every
// 256 fast calls). Until then Go holds the JS values of every call since
// the last one (two objects a call, and wasm_exec.js's table of them): read
// at 10,000 and 20,000 calls, 16 and 32 calls' worth; anywhere in the
// cycle, 0 to ~30 KB of JS heap. Read right after a collection, every
// reading holds the same. When Go does not collect within memSettle calls
// the reading is taken anyway, and what Go holds shows.
const memSettle = 1000

type settled struct {
	Calls     int  `json:"calls"`
	Collected bool `json:"collected"`
}

func (b *bencher) memoryRun(a *api) (memoryRun, error) {
	var run memoryRun
	tab, cancel, err := b.openWarm(a, "memory.html")
	if err != nil {
		return run, err
	}
	defer cancel()
	start := time.Now()
	done := 0
	// measure makes calls up to `calls` in all, then (when settle) waits
	// for Go's next collection, and reads.
	measure := func(calls int, settle bool) (m memoryReading, heap int64, err error) {
		if calls > done {
			if _, err := eval[bool](tab, 5*time.Minute, jsCall("bench.calls", calls-done, memParallel)); err != nil {
				return m, 0, err
			}
			done = calls
		}
		if settle {
			s, err := eval[settled](tab, time.Minute, jsCall("bench.settle", memSettle))
			if err != nil {
				return m, 0, err
			}
			done += s.Calls
			if !s.Collected {
				run.Uncollected++
			}
		}
		run.Calls = append(run.Calls, done)
		run.Seconds = append(run.Seconds, time.Since(start).Seconds())
		if heap, err = heapAfterGC(tab); err != nil {
			return m, 0, err
		}
		if m, err = eval[memoryReading](tab, 10*time.Second, "bench.memory()"); err != nil {
			return m, 0, err
		}
		if m.Wasm < 0 || m.GoRefs < 0 {
			return m, 0, fmt.Errorf("the page could not reach the wasm memory or the Go instance: does the loader still use new Go() and WebAssembly.instantiate(Streaming)?")
		}
		return m, heap, nil
	}
	// The first reading is before Go's first collection (the growth from
	// it is the Go runtime's first GC cycles, reported); the others after one.
	early, heapEarly, err := measure(b.memEarly, false)
	if err != nil {
		return run, err
	}
	if early.FuncsMade == 0 {
		// The bridge makes its persistent js.Funcs at start: none seen means
		// go-hook.js did not take, and a count of 0 per call would prove nothing.
		return run, fmt.Errorf("go-hook.js saw no js.Func being made: the js.Func count cannot be trusted")
	}
	late, heapLate, err := measure(b.memLate, true)
	if err != nil {
		return run, err
	}
	warm, heapWarm, err := measure(b.memWarm, true)
	if err != nil {
		return run, err
	}
	on, heapOn, err := measure(b.memWarm+b.memLate, true)
	if err != nil {
		return run, err
	}
	run.WasmEarly, run.WasmLate, run.HeapEarly, run.HeapLate = early.Wasm, late.Wasm, heapEarly, heapLate
	run.GoRefsEarly, run.GoRefsLate, run.GoRefsOn = early.GoRefs, late.GoRefs, on.GoRefs
	run.FuncsAtStart, run.FuncsMade = early.FuncsMade, on.FuncsMade-early.FuncsMade
	run.WasmWarm, run.HeapWarm, run.WasmOn, run.HeapOn = warm.Wasm, heapWarm, on.Wasm, heapOn
	return run, nil
}

func sum(xs []float64) float64 {
	var s float64
	for _, x := range xs {
		s += x
	}
	return s
}
