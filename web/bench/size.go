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
// SDK's own packages are compiled without inlining: 9 KB less brotli, and
// no slower per call (make bench); they change nothing in the floor.
var wasmFlags = []string{"build", "-trimpath", "-ldflags=-s -w", "-gcflags=github.com/inbenta-community/inbenta-auth/...=-l"}

// wasmOptArgs are the wasm-opt passes tried on both binaries. Go's wasm uses
// sign extension, saturating float-to-int conversion and bulk memory.
var wasmOptArgs = []string{"-Oz", "--enable-bulk-memory", "--enable-sign-ext", "--enable-nontrapping-float-to-int", "--enable-mutable-globals"}

// sizes of one wasm binary.
type sizes struct {
	Raw    int64 `json:"raw"`
	Gzip   int64 `json:"gzip"`
	Brotli int64 `json:"brotli"`

	compressed loader.Compressed // the bytes, for serving
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

// buildFloor builds an empty Go main for js/wasm into dir/empty.wasm with
// the toolchain goCmd.
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
	return out, nil
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
