//go:build !(js && wasm)

// Command bench measures the SDK against its floor, side by side in one
// headless Chromium, and prints the figures with their budgets (issue 6):
//
//  1. size: the wasm raw, gzip and brotli next to an empty Go main built by
//     the same toolchain with the same flags (and, reported only, after
//     wasm-opt);
//  2. cold start: script start to the first authorized product answer,
//     next to the empty wasm instantiated plus the same exchange and call in
//     plain JS;
//  3. per call: sequential client.fetch calls against fetch with hand-set
//     headers, alternated in blocks;
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
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	goruntime "runtime"
	"slices"
	"strings"
	"time"

	"github.com/inbenta-community/inbenta-auth/web/loader"
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
	memEarly, memLate, memWarm                        int
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run() error {
	var (
		dist       = flag.String("dist", "web/dist", "the built bundle (make build)")
		jsonOut    = flag.String("json", "", "where to write the figures as JSON (default DIST/bench.json)")
		goCmd      = flag.String("go", "go", "the Go toolchain that built the bundle, to build the floor")
		wasmOptCmd = flag.String("wasm-opt", "wasm-opt", "binaryen's wasm-opt, tried for the size report; empty skips it")
		chrome     = flag.String("chromium", "", "the browser (default $CHROMIUM, else chromium on $PATH)")
		verbose    = flag.Bool("v", false, "show the pages' console")
		cpuProfile = flag.String("cpuprofile", "", "also profile sequential client.fetch calls in Chromium and write the profile here")
		coldProf   = flag.String("coldprofile", "", "also profile one cold start of the SDK's page in Chromium and write the profile here")
		jsFlags    = flag.String("js-flags", "", "V8 flags for Chromium (e.g. --no-wasm-lazy-compilation), to measure what an engine setting would change; the header shows them")
		preload    = flag.Bool("preload", false, "the cold-start pages (SDK and floor alike) preload their wasm from the head, as the README's hosting advice says")
		only       = flag.String("only", "", "run only these browser figures, comma-separated (cold-start, per-call, refresh, memory, network); the rest read 0")
		b          = &bencher{}
	)
	flag.IntVar(&b.runs, "runs", 5, "runs per figure; figures are their medians")
	flag.IntVar(&b.coldRuns, "cold-runs", 9, "page loads per variant for the cold start, which is cheap and noisy")
	flag.IntVar(&b.calls, "calls", 1000, "sequential calls per variant and run, for the per-call figure")
	flag.IntVar(&b.blocks, "blocks", 10, "blocks the per-call figure alternates the variants in")
	flag.IntVar(&b.warmup, "warmup", 200, "untimed calls per variant before the per-call figure, so the browser has optimized both")
	flag.IntVar(&b.concurrent, "concurrent", 1000, "concurrent calls at expiry")
	flag.IntVar(&b.memEarly, "mem-early", 100, "calls before the first memory reading")
	flag.IntVar(&b.netRuns, "net-runs", 5, "first and repeat visits per variant and link, for the network rows")
	flag.DurationVar(&b.dwell, "dwell", 3*time.Second, "time on the page before the repeat visit (V8 caches compiled wasm a while after compiling it)")
	flag.IntVar(&b.memLate, "mem-late", 10000, "calls before the second memory reading; also the plateau's length")
	flag.IntVar(&b.memWarm, "mem-warm", 20000, "calls before the plateau's first memory reading (V8 compiles the hot code until ~18,000 calls); the second is mem-late calls later")
	flag.Parse()
	if b.runs < 1 || b.coldRuns < 1 || b.netRuns < 1 || b.blocks < 1 || b.calls < b.blocks || b.warmup < 0 || b.concurrent < 1 || b.memEarly < 1 || b.memLate <= b.memEarly || b.memWarm < b.memLate {
		return fmt.Errorf("bad flags: need runs, cold-runs ≥ 1, calls ≥ blocks ≥ 1, warmup ≥ 0, concurrent ≥ 1, 1 ≤ mem-early < mem-late ≤ mem-warm")
	}
	if *jsonOut == "" {
		*jsonOut = filepath.Join(*dist, "bench.json")
	}
	started := time.Now()

	sdkWasm := filepath.Join(*dist, "inbenta-auth.wasm")
	sdkBytes, err := os.ReadFile(sdkWasm)
	if err != nil {
		return fmt.Errorf("%v: run `make build` first", err)
	}
	version, toolchainExec, err := goVersion(*goCmd)
	if err != nil {
		return err
	}
	if same, err := sameFile(toolchainExec, filepath.Join(*dist, "wasm_exec.js")); err != nil {
		return err
	} else if !same {
		fmt.Fprintf(os.Stderr, "bench: warning: %s/wasm_exec.js is not %s's: was the bundle built by another Go?\n", *dist, version)
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

	// 1. Size. Deterministic, so measured once.
	fmt.Fprintln(os.Stderr, "bench: size: building the floor and compressing...")
	floorDir, optDir := filepath.Join(tmp, "floor-dist"), filepath.Join(tmp, "opt-dist")
	for _, d := range []string{floorDir, optDir} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return err
		}
	}
	floorWasm, err := buildFloor(*goCmd, tmp)
	if err != nil {
		return err
	}
	floorBytes, err := os.ReadFile(floorWasm)
	if err != nil {
		return err
	}
	if res.Size.SDK, err = compress(sdkBytes); err != nil {
		return err
	}
	if res.Size.Floor, err = compress(floorBytes); err != nil {
		return err
	}
	// Named by content as the SDK's wasm is, so that both are cached alike.
	b.wasmFile, b.floorFile = loader.WasmFile(loader.SRI(sdkBytes)), strings.Replace(loader.WasmFile(loader.SRI(floorBytes)), "inbenta-auth.", "empty.", 1)
	if err := serveable(floorDir, b.floorFile, floorBytes, res.Size.Floor); err != nil {
		return err
	}
	optSDK := ""
	if *wasmOptCmd != "" {
		res.Size.WasmOpt, optSDK = tryWasmOpt(*wasmOptCmd, sdkWasm, floorWasm, optDir)
		res.Machine.WasmOpt = toolVersion(*wasmOptCmd)
	}
	fmt.Fprintf(os.Stderr, "bench: size done in %.1fs\n", time.Since(started).Seconds())

	// 2-5 in the browser.
	exe, err := chromiumPath(*chrome)
	if err != nil {
		return err
	}
	var log io.Writer
	if *verbose {
		log = os.Stderr
	}
	if b.browser, err = startChromium(exe, *jsFlags, log); err != nil {
		return err
	}
	defer b.browser.stop()
	res.Machine.Chromium, res.Machine.JSFlags, res.Machine.Preload = b.browser.version, *jsFlags, *preload
	pages, err := benchFiles(*preload)
	if err != nil {
		return err
	}
	mounts := map[string]string{"/dist/": *dist, "/floor/": floorDir, "/opt/": optDir}
	b.site, b.netSite = newSite(pages, mounts, false), newSite(pages, mounts, true)
	defer b.site.Close()
	defer b.netSite.Close()

	type step struct {
		name string
		do   func() error
	}
	steps := []step{
		{"cold start", func() (err error) { res.ColdStart, err = b.coldStart(); return }},
		{"per call", func() (err error) { res.PerCall, err = b.perCall(); return }},
		{"refresh", func() (err error) { res.Refresh, err = b.refresh(); return }},
		{"memory", func() (err error) { res.Memory, err = b.memory(); return }},
		{"network", func() (err error) { res.Network, err = b.networkRows(); return }},
	}
	if *cpuProfile != "" {
		steps = append(steps, step{"cpu-profile", func() error { return b.cpuProfile(*cpuProfile, b.calls, os.Stdout) }})
	}
	if *coldProf != "" {
		steps = append(steps, step{"cold-profile", func() error { return b.coldProfile(*coldProf, os.Stdout) }})
	}
	if optSDK != "" {
		steps = append(steps, step{"wasm-opt smoke test", func() error { b.smokeOptimized(res.Size.WasmOpt); return nil }})
	}
	for _, s := range steps {
		if *only != "" && !slices.Contains(strings.Split(*only, ","), strings.ReplaceAll(s.name, " ", "-")) {
			continue
		}
		fmt.Fprintf(os.Stderr, "bench: %s...\n", s.name)
		t := time.Now()
		if err := s.do(); err != nil {
			return fmt.Errorf("%s: %w", s.name, err)
		}
		fmt.Fprintf(os.Stderr, "bench: %s done in %.1fs\n", s.name, time.Since(t).Seconds())
	}
	res.Size.finish()
	res.Misses = misses(res)

	if err := writeJSON(*jsonOut, res); err != nil {
		return err
	}
	fmt.Printf("\nInbentaAuth benchmark: %s, %s, %s, %d CPUs; medians of %d runs (cold start: %d page loads each); %.0fs\n\n",
		res.Machine.Go, res.Machine.Chromium, res.Machine.Host, res.Machine.CPUs, b.runs, b.coldRuns, time.Since(started).Seconds())
	if *jsFlags != "" || *preload {
		fmt.Printf("settings: js-flags %q, preload %v: not the defaults, so not comparable with a default run\n\n", *jsFlags, *preload)
	}
	fmt.Print(res.rows())
	fmt.Println()
	fmt.Print(res.timelines())
	fmt.Println()
	fmt.Println("size: best gzip/brotli levels; floor = an empty Go main, same toolchain and flags. wasm-opt rows are reported only.")
	fmt.Println("cold start: first script to the first authorized product answer, fresh browser context per load;")
	fmt.Println("  floor = the empty Go wasm instantiated + the same exchange and call in plain JS.")
	fmt.Printf("network rows: the same over Chromium's emulated links (latency per request, shared bandwidth), files served as\n"+
		"  the README advises (content-hashed wasm immutable, the rest no-cache); repeat visit = the same context %s later;\n"+
		"  medians of %d; longest task: the browser reports tasks of 50 ms or more.\n", b.dwell, b.netRuns)
	fmt.Printf("per call: mean of %d sequential POSTs per variant in %d alternating blocks, after %d untimed; floor = fetch with hand-set headers.\n", b.calls, b.blocks, b.warmup)
	fmt.Printf("memory: SDK column after %d calls, floor column after %d (%d in flight); JS heap after a forced GC;\n", b.memLate, b.memEarly, memParallel)
	fmt.Printf("  \"on to\" rows: from %d calls to %d more, to tell a plateau from a per-call leak;\n", b.memWarm, b.memLate)
	fmt.Println("  every reading waits for the Go side's next collection (at most a few hundred calls more).")
	if len(res.Misses) > 0 {
		fmt.Printf("missed: %s. ", strings.Join(res.Misses, ", "))
	}
	fmt.Printf("Figures written to %s\n", *jsonOut)
	return nil
}

// tryWasmOpt optimizes both binaries and measures them; a failure is
// reported, not fatal. It returns the optimized SDK's path when it has one.
func tryWasmOpt(tool, sdkWasm, floorWasm, optDir string) (*wasmOptReport, string) {
	r := &wasmOptReport{Args: wasmOptArgs}
	if _, err := exec.LookPath(tool); err != nil {
		r.Error = "wasm-opt not found (Debian: apt-get install binaryen)"
		return r, ""
	}
	fmt.Fprintln(os.Stderr, "bench: size: wasm-opt...")
	optSDK, optFloor := filepath.Join(optDir, "inbenta-auth.wasm"), filepath.Join(optDir, "empty.wasm")
	for _, p := range [][2]string{{sdkWasm, optSDK}, {floorWasm, optFloor}} {
		if err := wasmOpt(tool, p[0], p[1]); err != nil {
			r.Error = oneLine(err.Error())
			return r, ""
		}
	}
	for _, p := range []struct {
		path string
		out  *sizes
	}{{optSDK, &r.SDK}, {optFloor, &r.Floor}} {
		data, err := os.ReadFile(p.path)
		if err == nil {
			*p.out, err = compress(data)
		}
		if err == nil {
			err = loader.WriteSiblings(p.path, p.out.compressed)
		}
		if err != nil {
			r.Error = err.Error()
			return r, ""
		}
	}
	return r, optSDK
}

// smokeOptimized runs one cold start with the wasm-opt output, to tell
// whether the optimized wasm still works.
func (b *bencher) smokeOptimized(r *wasmOptReport) {
	a := newAPI(b.site.URL)
	defer a.Close()
	res, err := b.coldRun(a, "cold-sdk.html", url.Values{"wasm": {"/opt/inbenta-auth.wasm"}})
	if err != nil {
		r.RunError = oneLine(err.Error())
		return
	}
	r.Runs, r.ColdMs = true, res.Ms
}

// serveable writes name and its compressed siblings into dir.
func serveable(dir, name string, data []byte, s sizes) error {
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		return err
	}
	return loader.WriteSiblings(p, s.compressed)
}

func misses(r *results) []string {
	var m []string
	if !r.Size.Pass {
		m = append(m, "size")
	}
	if !r.ColdStart.Pass {
		m = append(m, "coldStart")
	}
	if !r.ColdStart.TaskPass {
		m = append(m, "coldStart longest task")
	}
	for _, l := range r.Network {
		for _, v := range []struct {
			what string
			v    visitReport
		}{{"first", l.First}, {"repeat", l.Repeat}} {
			if !v.v.Pass {
				m = append(m, l.Link.Name+" "+v.what)
			}
			if !v.v.TaskPass {
				m = append(m, l.Link.Name+" "+v.what+" longest task")
			}
		}
	}
	if !r.PerCall.Pass {
		m = append(m, "perCall")
	}
	if !r.Refresh.Pass {
		m = append(m, "refresh")
	}
	if !r.Memory.Pass || !r.Memory.FuncsPass {
		m = append(m, "memory")
	}
	return m
}

func writeJSON(name string, v any) error {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(name, append(data, '\n'), 0o644)
}

func sameFile(a, b string) (bool, error) {
	da, err := os.ReadFile(a)
	if err != nil {
		return false, err
	}
	db, err := os.ReadFile(b)
	if err != nil {
		return false, fmt.Errorf("%v: run `make build` first", err)
	}
	return string(da) == string(db), nil
}
