//go:build !(js && wasm)

package main

import (
	"context"
	"errors"
	"time"
)

// memParallel is how many calls the memory figure keeps in flight: the
// browser's connections per host, so that the many calls take less time.
const memParallel = 6

// memSettle is the most sequential calls a memory reading makes, after its
// calls, to wait for the Go side's next collection (the SDK collects every
// 256 fast calls). Until then Go holds the JS values of every call since
// the last one (two objects a call, and wasm_exec.js's table of them), a
// share of the JS heap that depends on where in that cycle the reading
// falls. Read right after a collection, every reading holds the same. When
// Go does not collect within memSettle calls the reading is taken anyway,
// and what Go holds shows.
const memSettle = 1000

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

func (b *bencher) memoryRun(a *api) (memoryRun, error) {
	var run memoryRun
	tab, cancel, err := b.openWarm(a, "memory.html")
	if err != nil {
		return run, err
	}
	defer cancel()
	p := &memoryProbe{tab: tab, run: &run, start: time.Now()}
	// The first reading is before Go's first collection (the growth from
	// it is the Go runtime's first GC cycles, reported); the others after one.
	early, heapEarly, err := p.read(b.memEarly, false)
	if err != nil {
		return run, err
	}
	if early.FuncsMade == 0 {
		// The bridge makes its persistent js.Funcs at start: none seen means
		// go-hook.js did not take, and a count of 0 per call would prove nothing.
		return run, errors.New("go-hook.js saw no js.Func being made: the js.Func count cannot be trusted")
	}
	late, heapLate, err := p.read(b.memLate, true)
	if err != nil {
		return run, err
	}
	warm, heapWarm, err := p.read(b.memWarm, true)
	if err != nil {
		return run, err
	}
	on, heapOn, err := p.read(b.memWarm+b.memLate, true)
	if err != nil {
		return run, err
	}
	run.WasmEarly, run.WasmLate, run.HeapEarly, run.HeapLate = early.Wasm, late.Wasm, heapEarly, heapLate
	run.GoRefsEarly, run.GoRefsLate, run.GoRefsOn = early.GoRefs, late.GoRefs, on.GoRefs
	run.FuncsAtStart, run.FuncsMade = early.FuncsMade, on.FuncsMade-early.FuncsMade
	run.WasmWarm, run.HeapWarm, run.WasmOn, run.HeapOn = warm.Wasm, heapWarm, on.Wasm, heapOn
	return run, nil
}

type memoryReading struct {
	Wasm      int64 `json:"wasm"`
	GoRefs    int64 `json:"goRefs"`
	FuncsMade int64 `json:"funcsMade"`
}

type settled struct {
	Calls     int  `json:"calls"`
	Collected bool `json:"collected"`
}

// memoryProbe makes a memory page's calls and reads its memory, noting in
// run when each reading was taken.
type memoryProbe struct {
	tab   context.Context
	run   *memoryRun
	start time.Time
	done  int // the calls made so far
}

// read makes calls up to `calls` in all, then (when settle) waits for Go's
// next collection, and reads.
func (p *memoryProbe) read(calls int, settle bool) (m memoryReading, heap int64, err error) {
	if calls > p.done {
		if _, err := eval[bool](p.tab, 5*time.Minute, jsCall("bench.calls", calls-p.done, memParallel)); err != nil {
			return m, 0, err
		}
		p.done = calls
	}
	if settle {
		if err := p.settle(); err != nil {
			return m, 0, err
		}
	}
	p.run.Calls = append(p.run.Calls, p.done)
	p.run.Seconds = append(p.run.Seconds, time.Since(p.start).Seconds())
	if heap, err = heapAfterGC(p.tab); err != nil {
		return m, 0, err
	}
	if m, err = eval[memoryReading](p.tab, 10*time.Second, "bench.memory()"); err != nil {
		return m, 0, err
	}
	if m.Wasm < 0 || m.GoRefs < 0 {
		return m, 0, errors.New("the page could not reach the wasm memory or the Go instance: does the loader still use new Go() and WebAssembly.instantiate(Streaming)?")
	}
	return m, heap, nil
}

// settle makes sequential calls until Go's next collection (at most
// memSettle), and counts a reading without one.
func (p *memoryProbe) settle() error {
	s, err := eval[settled](p.tab, time.Minute, jsCall("bench.settle", memSettle))
	if err != nil {
		return err
	}
	p.done += s.Calls
	if !s.Collected {
		p.run.Uncollected++
	}
	return nil
}
