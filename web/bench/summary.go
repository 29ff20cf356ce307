//go:build !(js && wasm)

package main

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// printSummary prints what the run measured: a header naming the machine,
// the table, the timelines, and what each figure means.
func printSummary(w io.Writer, b *bencher, o options, res *results, started time.Time) {
	fmt.Fprintf(w, "\nInbentaAuth benchmark: %s, %s, %s, %d CPUs; medians of %d runs (cold start: %d page loads each); %.0fs\n\n",
		res.Machine.Go, res.Machine.Chromium, res.Machine.Host, res.Machine.CPUs, b.runs, b.coldRuns, time.Since(started).Seconds())
	if o.jsFlags != "" || o.preload {
		fmt.Fprintf(w, "settings: js-flags %q, preload %v: not the defaults, so not comparable with a default run\n\n", o.jsFlags, o.preload)
	}
	fmt.Fprint(w, res.rows())
	fmt.Fprintln(w)
	fmt.Fprint(w, res.timelines())
	fmt.Fprintln(w)
	printNotes(w, b)
	if len(res.Misses) > 0 {
		fmt.Fprintf(w, "missed: %s. ", strings.Join(res.Misses, ", "))
	}
	fmt.Fprintf(w, "Figures written to %s\n", o.jsonOut)
}

// printNotes says how each figure was measured, with the run's settings.
func printNotes(w io.Writer, b *bencher) {
	fmt.Fprintln(w, "size: best gzip/brotli levels; floor = an empty Go main, same toolchain, flags and data packing. wasm-opt rows are reported only.")
	fmt.Fprintln(w, "cold start: first script to the first authorized product answer, fresh browser context per load, on loopback")
	fmt.Fprintln(w, "  (reported: loopback magnifies the CPU time a network hides); floor = the empty Go wasm instantiated + the same")
	fmt.Fprintln(w, "  exchange and call in plain JS; plain JS (no wasm) = that exchange and call alone, as a page would write them.")
	fmt.Fprintf(w, "network rows: the same over Chromium's emulated links (latency per request, shared bandwidth), files served as\n"+
		"  the README advises (content-hashed wasm immutable, the rest no-cache); repeat visit = the same tab %s later;\n"+
		"  next page = the repeat visit of the SDK with persist 'session' (it restores the token), against the floor's repeat\n"+
		"  visit, which exchanges; medians of %d; longest task: the browser reports tasks of 50 ms or more.\n", b.dwell, b.netRuns)
	fmt.Fprintf(w, "per call: mean of sequential POSTs per variant in %d alternating blocks (4G: %d after %d untimed; loopback, reported:\n"+
		"  %d after %d untimed); floor = fetch with hand-set headers.\n", b.blocks, b.netCalls, b.netWarmup, b.calls, b.warmup)
	fmt.Fprintf(w, "memory: SDK column after %d calls, floor column after %d (%d in flight); JS heap after a forced GC;\n", b.memLate, b.memEarly, memParallel)
	fmt.Fprintf(w, "  \"on to\" rows: from %d calls to %d more, to tell a plateau from a per-call leak;\n", b.memWarm, b.memLate)
	fmt.Fprintln(w, "  every reading waits for the Go side's next collection (at most a few hundred calls more).")
}
