//go:build !(js && wasm)

package main

import (
	"fmt"
	"strconv"
	"strings"
)

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

// timelines are the loads' steps, SDK above floor (medians, ms from the
// first script): where the SDK's time beyond the floor goes. Loads that
// did not run are left out.
func (r *results) timelines() string {
	var b strings.Builder
	b.WriteString("timelines, ms from the first script (medians): wasm requested → last byte → go.run → ready · /auth sent → answered · product call sent → answered\n")
	pair := func(name string, sdk, floor coldResult) {
		if sdk.Ms > 0 || floor.Ms > 0 {
			writeTimeline(&b, name, "SDK", sdk)
			writeTimeline(&b, "", "floor", floor)
		}
	}
	// plain is the same load in plain JS with no wasm, under its pair.
	plain := func(c coldResult) {
		if c.Ms > 0 {
			writeTimeline(&b, "", "plain", c)
		}
	}
	pair("cold start", r.ColdStart.SDK, r.ColdStart.Floor)
	plain(r.ColdStart.Plain)
	for _, l := range r.Network {
		pair(l.Link.Name+" first visit", l.First.SDK, l.First.Floor)
		plain(l.PlainFirst.Floor)
		pair(l.Link.Name+" repeat visit", l.Repeat.SDK, l.Repeat.Floor)
		plain(l.PlainRepeat.Floor)
		if l.Next.SDK.Ms > 0 {
			writeTimeline(&b, l.Link.Name+" next page", "SDK", l.Next.SDK) // its floor is the repeat visit's
		}
	}
	return b.String()
}

// writeTimeline writes one load's line of the timelines.
func writeTimeline(b *strings.Builder, name, who string, c coldResult) {
	step := func(ms float64) string {
		if ms < 0 {
			return "-"
		}
		return strconv.FormatFloat(ms, 'f', 0, 64)
	}
	fmt.Fprintf(b, "  %-20s %-5s %5s → %5s → %5s → %5s · /auth %5s → %5s · call %5s → %5s\n", name, who,
		step(c.WasmRequestMs), step(c.WasmDoneMs), step(c.GoRunMs), step(c.LoadMs),
		step(c.AuthSentMs), step(c.AuthDoneMs), step(c.CallSentMs), step(c.Ms))
}
