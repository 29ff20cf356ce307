//go:build !(js && wasm)

package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"

	"github.com/inbenta-community/inbenta-auth/web/loader"
)

// wasmFlags are the build flags of `make build` (size_test.go holds them
// to it); the floor is built with the same ones by the same toolchain. The
// SDK's own packages are compiled without inlining, which leaves the wasm
// smaller and no slower per call (docs/performance.md); it changes nothing
// in the floor.
var wasmFlags = []string{"build", "-trimpath", "-ldflags=-s -w", "-gcflags=github.com/inbenta-community/inbenta-auth/...=-l"}

// sizes of one wasm binary.
type sizes struct {
	Raw    int64 `json:"raw"`
	Gzip   int64 `json:"gzip"`
	Brotli int64 `json:"brotli"`

	compressed loader.Compressed // the bytes, for serving
}

type sizeReport struct {
	SDK         sizes   `json:"sdk"`
	Floor       sizes   `json:"floor"`
	RatioBrotli float64 `json:"ratioBrotli"`
	Budget      float64 `json:"budget"`
	Pass        bool    `json:"pass"`
	// wasm-opt, reported only: the build does not use it.
	WasmOpt *wasmOptReport `json:"wasmOpt,omitempty"`
}

func (s *sizeReport) finish() {
	s.Budget = sizeBudget
	s.RatioBrotli = ratio(float64(s.SDK.Brotli), float64(s.Floor.Brotli))
	s.Pass = s.RatioBrotli <= s.Budget
	if o := s.WasmOpt; o != nil && o.Error == "" {
		o.RatioBrotli = ratio(float64(o.SDK.Brotli), float64(o.Floor.Brotli))
		o.BrotliWin = s.SDK.Brotli - o.SDK.Brotli
		o.HelpsSDK = o.SDK.Brotli < s.SDK.Brotli && o.SDK.Gzip < s.SDK.Gzip
	}
}

func (s *sizeReport) rows() table {
	t := table{
		{"size: wasm raw", formatBytes(s.SDK.Raw), formatBytes(s.Floor.Raw), formatRatio(ratio(float64(s.SDK.Raw), float64(s.Floor.Raw))), "", ""},
		{"size: wasm gzip -9", formatBytes(s.SDK.Gzip), formatBytes(s.Floor.Gzip), formatRatio(ratio(float64(s.SDK.Gzip), float64(s.Floor.Gzip))), "", ""},
		{"size: wasm brotli -q 11", formatBytes(s.SDK.Brotli), formatBytes(s.Floor.Brotli), formatRatio(s.RatioBrotli), "≤ " + formatRatio(s.Budget), verdict(s.RatioBrotli, s.Budget)},
	}
	if s.WasmOpt != nil {
		t = append(t, s.WasmOpt.rows()...)
	}
	return t
}

// readBundle reads the SDK's wasm from dist and the version of the
// toolchain goCmd, and warns when dist's wasm_exec.js is not that
// toolchain's.
func readBundle(dist, goCmd string) (sdkBytes []byte, version string, err error) {
	sdkBytes, err = os.ReadFile(filepath.Join(dist, "inbenta-auth.wasm"))
	if err != nil {
		return nil, "", fmt.Errorf("%v: run `make build` first", err)
	}
	version, toolchainExec, err := goVersion(goCmd)
	if err != nil {
		return nil, "", err
	}
	if same, err := sameWasmExec(toolchainExec, filepath.Join(dist, "wasm_exec.js")); err != nil {
		return nil, "", err
	} else if !same {
		fmt.Fprintf(os.Stderr, "bench: warning: %s/wasm_exec.js is not %s's: was the bundle built by another Go?\n", dist, version)
	}
	return sdkBytes, version, nil
}

// measureSize builds the floor in tmp and measures it and the SDK's wasm
// (and, with wasm-opt, both optimized) into res. It writes each binary,
// with its compressed siblings, where the pages load it: mounts maps the
// sites' prefixes to those folders. optSDK is the optimized SDK's path,
// when there is one.
func (b *bencher) measureSize(o options, sdkBytes []byte, tmp string, res *results) (mounts map[string]string, optSDK string, err error) {
	floorDir, optDir := filepath.Join(tmp, "floor-dist"), filepath.Join(tmp, "opt-dist")
	for _, d := range []string{floorDir, optDir} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return nil, "", err
		}
	}
	floorWasm, err := buildFloor(o.goCmd, tmp)
	if err != nil {
		return nil, "", err
	}
	floorBytes, err := os.ReadFile(floorWasm)
	if err != nil {
		return nil, "", err
	}
	if res.Size.SDK, err = compress(sdkBytes); err != nil {
		return nil, "", err
	}
	if res.Size.Floor, err = compress(floorBytes); err != nil {
		return nil, "", err
	}
	// Named by content as the SDK's wasm is, so that both are cached alike.
	b.wasmFile, b.floorFile = loader.WasmFile(loader.SRI(sdkBytes)), strings.Replace(loader.WasmFile(loader.SRI(floorBytes)), "inbenta-auth.", "empty.", 1)
	if err := serveable(floorDir, b.floorFile, floorBytes, res.Size.Floor); err != nil {
		return nil, "", err
	}
	if o.wasmOptCmd != "" {
		res.Size.WasmOpt, optSDK = tryWasmOpt(o.wasmOptCmd, filepath.Join(o.dist, "inbenta-auth.wasm"), floorWasm, optDir)
		res.Machine.WasmOpt = toolVersion(o.wasmOptCmd)
	}
	return map[string]string{"/dist/": o.dist, "/floor/": floorDir, "/opt/": optDir}, optSDK, nil
}

// compress measures data at the best levels, as make build compresses the
// bundle's wasm.
func compress(data []byte) (sizes, error) {
	c, err := loader.Compress(data)
	if err != nil {
		return sizes{}, err
	}
	return sizes{Raw: int64(len(data)), Gzip: int64(len(c.Gzip)), Brotli: int64(len(c.Brotli)), compressed: c}, nil
}

// serveable writes name and its compressed siblings into dir.
func serveable(dir, name string, data []byte, s sizes) error {
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		return err
	}
	return loader.WriteSiblings(p, s.compressed)
}

// buildFloor builds an empty Go main for js/wasm into dir/empty.wasm with
// the toolchain goCmd, and joins its data segments as make build does the
// SDK's (loader.PackData): what any Go wasm built the same way costs.
func buildFloor(goCmd, dir string) (string, error) {
	// A lone file outside any module builds at the toolchain's own language version.
	src := filepath.Join(dir, "floor")
	if err := os.MkdirAll(src, 0o755); err != nil {
		return "", err
	}
	if err := os.WriteFile(filepath.Join(src, "main.go"), []byte("package main\n\nfunc main() {}\n"), 0o644); err != nil {
		return "", err
	}
	out := filepath.Join(dir, "empty.wasm")
	cmd := exec.Command(goCmd, append(slices.Clone(wasmFlags), "-o", out, "main.go")...)
	cmd.Dir = src
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm", "GOFLAGS=", "GOWORK=off")
	if msg, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("building the empty Go main: %v\n%s", err, msg)
	}
	wasm, err := os.ReadFile(out)
	if err == nil {
		wasm, err = loader.PackData(wasm)
	}
	if err == nil {
		err = os.WriteFile(out, wasm, 0o644)
	}
	return out, err
}

// goVersion is the toolchain's `go env GOVERSION` and its wasm_exec.js path.
func goVersion(goCmd string) (version, wasmExec string, err error) {
	out, err := exec.Command(goCmd, "env", "GOVERSION", "GOROOT").Output()
	if err != nil {
		return "", "", fmt.Errorf("%s env: %v", goCmd, err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != 2 {
		return "", "", fmt.Errorf("%s env: unexpected output %q", goCmd, out)
	}
	return lines[0], filepath.Join(lines[1], "lib", "wasm", "wasm_exec.js"), nil
}

// sameWasmExec reports whether the bundle's wasm_exec.js (built) is the
// toolchain's (as make build binds it).
func sameWasmExec(toolchain, built string) (bool, error) {
	src, err := os.ReadFile(toolchain)
	if err != nil {
		return false, err
	}
	bound, err := loader.BindWasmExec(src)
	if err != nil {
		return false, err
	}
	have, err := os.ReadFile(built)
	if err != nil {
		return false, fmt.Errorf("%v: run `make build` first", err)
	}
	return string(bound) == string(have), nil
}
