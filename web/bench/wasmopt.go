//go:build !(js && wasm)

package main

import (
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"

	"github.com/inbenta-community/inbenta-auth/web/loader"
)

// wasmOptArgs are the wasm-opt passes tried on both binaries. Go's wasm uses
// sign extension, saturating float-to-int conversion and bulk memory.
var wasmOptArgs = []string{"-Oz", "--enable-bulk-memory", "--enable-sign-ext", "--enable-nontrapping-float-to-int", "--enable-mutable-globals"}

type wasmOptReport struct {
	Args  []string `json:"args"`
	SDK   sizes    `json:"sdk"`
	Floor sizes    `json:"floor"`
	// RatioBrotli is the optimized SDK over the optimized floor.
	RatioBrotli float64 `json:"ratioBrotli"`
	// Runs tells whether the optimized SDK wasm still works (one cold start).
	Runs      bool    `json:"runs"`
	RunError  string  `json:"runError,omitempty"`
	ColdMs    float64 `json:"coldMs,omitempty"`
	Error     string  `json:"error,omitempty"`
	HelpsSDK  bool    `json:"helpsSDK"` // smaller brotli and gzip
	BrotliWin int64   `json:"brotliSavedSDK"`
}

func (o *wasmOptReport) rows() table {
	if o.Error != "" {
		return table{{"size: after wasm-opt -Oz", "failed", "", "", "report", o.Error}}
	}
	note := "brotli +" + formatBytes(-o.BrotliWin) + ": does not help"
	if o.HelpsSDK {
		note = "saves " + formatBytes(o.BrotliWin) + " brotli"
	}
	if !o.Runs {
		note += "; breaks the SDK"
	}
	return table{
		{"size: wasm-opt -Oz, gzip", formatBytes(o.SDK.Gzip), formatBytes(o.Floor.Gzip), formatRatio(ratio(float64(o.SDK.Gzip), float64(o.Floor.Gzip))), "report", ""},
		{"size: wasm-opt -Oz, brotli", formatBytes(o.SDK.Brotli), formatBytes(o.Floor.Brotli), formatRatio(o.RatioBrotli), "report", note},
	}
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
		if err := measureServed(p.path, p.out); err != nil {
			r.Error = err.Error()
			return r, ""
		}
	}
	return r, optSDK
}

// measureServed measures the binary at path into out and writes its
// compressed siblings next to it.
func measureServed(path string, out *sizes) error {
	data, err := os.ReadFile(path)
	if err == nil {
		*out, err = compress(data)
	}
	if err == nil {
		err = loader.WriteSiblings(path, out.compressed)
	}
	return err
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

// wasmOpt runs wasm-opt on in, writing out.
func wasmOpt(tool, in, out string) error {
	cmd := exec.Command(tool, append(slices.Clone(wasmOptArgs), in, "-o", out)...)
	if msg, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("%s: %v\n%s", tool, err, msg)
	}
	return nil
}

func toolVersion(tool string) string {
	out, err := exec.Command(tool, "--version").Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}
