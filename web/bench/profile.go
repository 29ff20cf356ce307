//go:build !(js && wasm)

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/profiler"
	"github.com/chromedp/chromedp"
)

// cpuProfile profiles calls sequential client.fetch calls in a warm page
// with V8's sampling profiler, writes the profile to path (open it in
// Chrome DevTools' Performance panel), and prints the functions with the
// most self time. Build the bundle without -s -w to see Go's function
// names.
func (b *bencher) cpuProfile(path string, calls int, w io.Writer) error {
	a := newAPI(b.site.URL)
	defer a.Close()
	tab, cancel, err := b.openWarm(a, "warm.html")
	if err != nil {
		return err
	}
	defer cancel()
	if _, err := eval[bool](tab, time.Minute, jsCall("bench.calls", 100, 1)); err != nil { // warm up
		return err
	}
	return profiled(tab, path, fmt.Sprintf("%d sequential client.fetch calls", calls), w, func() error {
		_, err := eval[bool](tab, 5*time.Minute, jsCall("bench.calls", calls, 1))
		return err
	})
}

// coldProfile profiles one cold start of the SDK's page, from navigation
// to the product answer: what the main thread spends on the loader, Go's
// runtime start, lazy compilation (V8 compiles a wasm function with
// Liftoff at its first call, on the main thread) and the first calls.
func (b *bencher) coldProfile(path string, w io.Writer) error {
	a := newAPI(b.site.URL)
	defer a.Close()
	tab, cancel, err := b.browser.tab()
	if err != nil {
		return err
	}
	defer cancel()
	// A page of the same site first, so that the cold page loads in the
	// renderer being profiled.
	if err := navigate(tab, b.site.URL+"/favicon.ico"); err != nil {
		return err
	}
	return profiled(tab, path, "a cold start", w, func() error {
		if err := navigate(tab, a.pageURL(b.site.URL, "cold-sdk.html", b.pageQuery(nil))); err != nil {
			return err
		}
		_, err := eval[coldResult](tab, 30*time.Second, "benchResult")
		return err
	})
}

// profiled runs do under V8's sampling profiler, writes the profile to path
// (open it in Chrome DevTools' Performance panel), and prints the functions
// with the most self time.
func profiled(tab context.Context, path, what string, w io.Writer, do func() error) error {
	ctx, stop := context.WithTimeout(tab, 5*time.Minute)
	defer stop()
	if _, err := chromedp.Call(ctx, profiler.Enable, cdp.Empty{}); err != nil {
		return fmt.Errorf("Profiler.enable: %w", err)
	}
	if _, err := chromedp.Call(ctx, profiler.SetSamplingInterval, profiler.SetSamplingIntervalParams{Interval: 50}); err != nil {
		return fmt.Errorf("Profiler.setSamplingInterval: %w", err)
	}
	if _, err := chromedp.Call(ctx, profiler.Start, cdp.Empty{}); err != nil {
		return fmt.Errorf("Profiler.start: %w", err)
	}
	if err := do(); err != nil {
		return err
	}
	res, err := chromedp.Call(ctx, profiler.Stop, cdp.Empty{})
	if err != nil {
		return fmt.Errorf("Profiler.stop: %w", err)
	}
	prof := res.Profile
	data, err := json.Marshal(prof)
	if err != nil {
		return err
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		return err
	}
	fmt.Fprintf(w, "\nCPU profile of %s: %s\n", what, path)
	for _, s := range topSelf(prof, 30) {
		fmt.Fprintf(w, "%6.1f%%  %s\n", s.percent, s.name)
	}
	return nil
}

type selfTime struct {
	name    string
	percent float64
}

// topSelf sums each function's samples where it was on top of the stack.
func topSelf(p *profiler.Profile, n int) []selfTime {
	byName := map[string]int64{}
	var total int64
	for _, node := range p.Nodes {
		name := node.CallFrame.FunctionName
		if name == "" {
			name = "(anonymous)"
		}
		if node.CallFrame.URL != "" {
			name += " " + shortURL(node.CallFrame.URL)
		}
		byName[name] += node.HitCount
		total += node.HitCount
	}
	out := make([]selfTime, 0, len(byName))
	for name, hits := range byName {
		out = append(out, selfTime{name, 100 * float64(hits) / float64(max(total, 1))})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].percent > out[j].percent })
	return out[:min(n, len(out))]
}

func shortURL(u string) string {
	for i := len(u) - 1; i >= 0; i-- {
		if u[i] == '/' {
			return u[i+1:]
		}
	}
	return u
}
