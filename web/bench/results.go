//go:build !(js && wasm)

package main

import (
	"encoding/json"
	"os"
)

// Budgets: what the SDK may cost over its floor (docs/performance.md says
// why each).
const (
	sizeBudget     = 1.30 // brotli wasm / brotli empty Go main
	perCallBudget  = 1.02 // client.fetch / fetch with hand-set headers, on 4G
	longTaskBudget = 50.0 // ms: the longest main-thread task during load
	plateauBudget  = 1.0  // % growth from memWarm to memWarm+memLate calls
	wasmMemBudget  = 5 << 20
)

// results are every figure of a run, as bench.json holds them.
type results struct {
	Machine    machine       `json:"machine"`
	Size       sizeReport    `json:"size"`
	ColdStart  coldReport    `json:"coldStart"`
	PerCall    perCallReport `json:"perCall"`   // on loopback, reported
	NetPerCall perCallReport `json:"perCall4G"` // on 4G, with its budget
	Refresh    refreshReport `json:"refresh"`
	Memory     memoryReport  `json:"memory"`
	Network    []linkReport  `json:"network"`
	Misses     []string      `json:"misses"`
}

type machine struct {
	Date     string `json:"date"`
	Go       string `json:"go"`
	Chromium string `json:"chromium"`
	WasmOpt  string `json:"wasmOpt,omitempty"`
	JSFlags  string `json:"jsFlags,omitempty"` // -js-flags
	Preload  bool   `json:"preload,omitempty"` // -preload
	Host     string `json:"host"`
	CPUs     int    `json:"cpus"`
	Runs     int    `json:"runs"`
	ColdRuns int    `json:"coldRuns"`
}

// rows lays the results out for the terminal, each figure's rows in turn.
func (r *results) rows() table {
	t := table{{"figure", "SDK", "floor", "ratio", "budget", "result"}}
	t = append(t, r.Size.rows()...)
	t = append(t, r.ColdStart.rows()...)
	for _, l := range r.Network {
		t = append(t, l.rows()...)
	}
	t = append(t, r.NetPerCall.rows()...)
	t = append(t, r.PerCall.rows()...)
	t = append(t, r.Refresh.rows()...)
	t = append(t, r.Memory.rows()...)
	return t
}

// misses names the budgets the run missed.
func misses(r *results) []string {
	var m []string
	if !r.Size.Pass {
		m = append(m, "size")
	}
	if !r.ColdStart.TaskPass {
		m = append(m, "coldStart longest task")
	}
	for _, l := range r.Network {
		m = append(m, l.misses()...)
	}
	if r.NetPerCall.Calls > 0 && !r.NetPerCall.Pass {
		m = append(m, "perCall 4G")
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
