//go:build !(js && wasm)

// Command bench measures the SDK against its floor, side by side in one
// headless Chromium, and prints the figures with their budgets:
//
//  1. size: the wasm raw, gzip and brotli next to an empty Go main built by
//     the same toolchain with the same flags, its data segments joined as
//     make build joins the SDK's (and, reported only, after wasm-opt);
//  2. cold start: script start to the first authorized product answer,
//     next to the empty wasm instantiated plus the same exchange and call in
//     plain JS;
//  3. per call: sequential client.fetch calls against fetch with hand-set
//     headers, alternated in blocks, on emulated 4G and on loopback;
//  4. refresh: concurrent calls at expiry make exactly one exchange;
//  5. memory: wasm linear memory and JS heap after many calls against few.
//
// The API is sdk/authtest on loopback; the pages come from web/bench/page
// and the bundle from web/dist (run `make build` first; `make bench` does).
// Figures are medians of -runs runs (-cold-runs page loads for the cold
// start). It writes them as JSON too, and exits non-zero only on errors: a
// missed budget prints MISS.
//
//	go run ./web/bench [-runs 5] [-cold-runs 9] [-dist web/dist] [-json web/dist/bench.json] [-v]
package main

import (
	"embed"
	"fmt"
	"io"
	"os"
	goruntime "runtime"
	"slices"
	"strings"
	"time"
)

//go:embed page/*.js
var pageFiles embed.FS

type bencher struct {
	browser *chromium
	site    *site
	// netSite serves the same files cacheable, for the network rows.
	netSite *site
	// The content-hashed names the pages load: the SDK's (in dist) and the floor's.
	wasmFile, floorFile string
	netRuns             int
	dwell               time.Duration

	runs, coldRuns, calls, blocks, warmup, concurrent int
	netCalls, netWarmup                               int
	memEarly, memLate, memWarm                        int
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// run measures the size, then the browser figures, and reports them all.
func run() error {
	b := &bencher{}
	o, err := parseFlags(b)
	if err != nil {
		return err
	}
	started := time.Now()
	sdkBytes, version, err := readBundle(o.dist, o.goCmd)
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "inbenta-auth-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)

	res := &results{Machine: machine{
		Date: started.UTC().Format(time.RFC3339), Go: version,
		Host: goruntime.GOOS + "/" + goruntime.GOARCH, CPUs: goruntime.NumCPU(), Runs: b.runs, ColdRuns: b.coldRuns,
	}}
	// Deterministic, so measured once.
	fmt.Fprintln(os.Stderr, "bench: size: building the floor and compressing...")
	mounts, optSDK, err := b.measureSize(o, sdkBytes, tmp, res)
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "bench: size done in %.1fs\n", time.Since(started).Seconds())

	stop, err := b.openBrowser(o, mounts, &res.Machine)
	if err != nil {
		return err
	}
	defer stop()
	if err := runSteps(b.steps(o, res, optSDK), o.only); err != nil {
		return err
	}
	res.Size.finish()
	res.Misses = misses(res)
	if err := writeJSON(o.jsonOut, res); err != nil {
		return err
	}
	printSummary(os.Stdout, b, o, res, started)
	return nil
}

// openBrowser starts Chromium and the two sites its pages load from: the
// benchmark pages, with mounts ("/dist/" and the floor's folders) beside
// them. stop ends all three.
func (b *bencher) openBrowser(o options, mounts map[string]string, m *machine) (stop func(), err error) {
	exe, err := chromiumPath(o.chromium)
	if err != nil {
		return nil, err
	}
	var log io.Writer
	if o.verbose {
		log = os.Stderr
	}
	if b.browser, err = startChromium(exe, o.jsFlags, log); err != nil {
		return nil, err
	}
	m.Chromium, m.JSFlags, m.Preload = b.browser.version, o.jsFlags, o.preload
	pages, err := benchFiles(o.preload)
	if err != nil {
		b.browser.stop()
		return nil, err
	}
	b.site, b.netSite = newSite(pages, mounts, false), newSite(pages, mounts, true)
	return func() {
		b.netSite.Close()
		b.site.Close()
		b.browser.stop()
	}, nil
}

// step is one browser figure (or profile) of the run.
type step struct {
	name string
	do   func() error
}

// steps are the browser figures, in the order they run, then what the
// options add: the profiles and the wasm-opt output's smoke test.
func (b *bencher) steps(o options, res *results, optSDK string) []step {
	steps := []step{
		{"cold start", func() (err error) { res.ColdStart, err = b.coldStart(); return }},
		{"per call", func() (err error) { res.PerCall, err = b.perCall(nil, b.calls, b.warmup, 0); return }},
		{"per call 4G", func() (err error) {
			res.NetPerCall, err = b.perCall(&links[0], b.netCalls, b.netWarmup, perCallBudget)
			return
		}},
		{"refresh", func() (err error) { res.Refresh, err = b.refresh(); return }},
		{"memory", func() (err error) { res.Memory, err = b.memory(); return }},
		{"network", func() (err error) { res.Network, err = b.networkRows(); return }},
	}
	if o.cpuProfile != "" {
		steps = append(steps, step{"cpu-profile", func() error { return b.cpuProfile(o.cpuProfile, b.calls, os.Stdout) }})
	}
	if o.coldProfile != "" {
		steps = append(steps, step{"cold-profile", func() error { return b.coldProfile(o.coldProfile, os.Stdout) }})
	}
	if optSDK != "" {
		steps = append(steps, step{"wasm-opt smoke test", func() error { b.smokeOptimized(res.Size.WasmOpt); return nil }})
	}
	return steps
}

// runSteps runs each step that only (-only: names with hyphens for
// spaces, comma-separated) lets through, all of them when it is empty.
func runSteps(steps []step, only string) error {
	for _, s := range steps {
		if only != "" && !slices.Contains(strings.Split(only, ","), strings.ReplaceAll(s.name, " ", "-")) {
			continue
		}
		fmt.Fprintf(os.Stderr, "bench: %s...\n", s.name)
		t := time.Now()
		if err := s.do(); err != nil {
			return fmt.Errorf("%s: %w", s.name, err)
		}
		fmt.Fprintf(os.Stderr, "bench: %s done in %.1fs\n", s.name, time.Since(t).Seconds())
	}
	return nil
}
