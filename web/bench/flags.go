//go:build !(js && wasm)

package main

import (
	"errors"
	"flag"
	"path/filepath"
	"time"
)

// options are the command line's settings of the run itself; the figures'
// own (runs, calls, ...) go straight into the bencher.
type options struct {
	dist, jsonOut, goCmd, wasmOptCmd, chromium string
	verbose                                    bool
	cpuProfile, coldProfile                    string
	jsFlags                                    string
	preload                                    bool
	only                                       string
}

// parseFlags reads the command line into b's settings and the options.
func parseFlags(b *bencher) (options, error) {
	var o options
	flag.StringVar(&o.dist, "dist", "web/dist", "the built bundle (make build)")
	flag.StringVar(&o.jsonOut, "json", "", "where to write the figures as JSON (default DIST/bench.json)")
	flag.StringVar(&o.goCmd, "go", "go", "the Go toolchain that built the bundle, to build the floor")
	flag.StringVar(&o.wasmOptCmd, "wasm-opt", "wasm-opt", "binaryen's wasm-opt, tried for the size report; empty skips it")
	flag.StringVar(&o.chromium, "chromium", "", "the browser (default $CHROMIUM, else chromium on $PATH)")
	flag.BoolVar(&o.verbose, "v", false, "show the pages' console")
	flag.StringVar(&o.cpuProfile, "cpuprofile", "", "also profile sequential client.fetch calls in Chromium and write the profile here")
	flag.StringVar(&o.coldProfile, "coldprofile", "", "also profile one cold start of the SDK's page in Chromium and write the profile here")
	flag.StringVar(&o.jsFlags, "js-flags", "", "V8 flags for Chromium (e.g. --no-wasm-lazy-compilation), to measure what an engine setting would change; the header shows them")
	flag.BoolVar(&o.preload, "preload", false, "the cold-start pages (SDK and floor alike) preload their wasm from the head, as the README's hosting advice says")
	flag.StringVar(&o.only, "only", "", "run only these browser figures, comma-separated (cold-start, per-call, per-call-4G, refresh, memory, network); the rest read 0")
	flag.IntVar(&b.runs, "runs", 5, "runs per figure; figures are their medians")
	flag.IntVar(&b.coldRuns, "cold-runs", 9, "page loads per variant for the cold start, which is cheap and noisy")
	flag.IntVar(&b.calls, "calls", 1000, "sequential calls per variant and run, for the per-call figure")
	flag.IntVar(&b.blocks, "blocks", 10, "blocks the per-call figure alternates the variants in")
	flag.IntVar(&b.warmup, "warmup", 200, "untimed calls per variant before the per-call figure, so the browser has optimized both")
	flag.IntVar(&b.netCalls, "net-calls", 100, "sequential calls per variant and run, for the per-call figure on 4G")
	flag.IntVar(&b.netWarmup, "net-warmup", 20, "untimed calls per variant before the per-call figure on 4G")
	flag.IntVar(&b.concurrent, "concurrent", 1000, "concurrent calls at expiry")
	flag.IntVar(&b.memEarly, "mem-early", 100, "calls before the first memory reading")
	flag.IntVar(&b.netRuns, "net-runs", 5, "first and repeat visits per variant and link, for the network rows")
	flag.DurationVar(&b.dwell, "dwell", 3*time.Second, "time on the page before the repeat visit (V8 caches compiled wasm a while after compiling it)")
	flag.IntVar(&b.memLate, "mem-late", 10000, "calls before the second memory reading; also the plateau's length")
	flag.IntVar(&b.memWarm, "mem-warm", 20000, "calls before the plateau's first memory reading (V8 compiles the hot code until ~18,000 calls); the second is mem-late calls later")
	flag.Parse()
	if err := b.checkSettings(); err != nil {
		return o, err
	}
	if o.jsonOut == "" {
		o.jsonOut = filepath.Join(o.dist, "bench.json")
	}
	return o, nil
}

// checkSettings refuses figures that could not be measured as asked.
func (b *bencher) checkSettings() error {
	if b.runs < 1 || b.coldRuns < 1 || b.netRuns < 1 || b.blocks < 1 || b.calls < b.blocks || b.netCalls < b.blocks || b.warmup < 0 || b.netWarmup < 0 || b.concurrent < 1 || b.memEarly < 1 || b.memLate <= b.memEarly || b.memWarm < b.memLate {
		return errors.New("bad flags: need runs, cold-runs ≥ 1, calls ≥ blocks ≥ 1, warmup ≥ 0, concurrent ≥ 1, 1 ≤ mem-early < mem-late ≤ mem-warm")
	}
	return nil
}
