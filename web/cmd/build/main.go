//go:build !(js && wasm)

// Command build makes the bundle in web/dist around the wasm built before
// it (make build compiles inbenta-auth.wasm, then runs this):
//
//	go run ./web/cmd/build -dist web/dist
//
// It joins the wasm's data segments in place (loader.PackData: the same
// memory, fewer bytes once compressed), copies wasm_exec.js from the Go
// toolchain (when it differs), writes the wasm's .br and .gz siblings,
// bundles the loaders from web/loader/src with the wasm's SRI hash filled
// in (inbenta-auth.js, inbenta-auth.mjs and their source maps), writes the
// type declarations (inbenta-auth.d.mts for the module, and
// inbenta-auth.d.ts made from it for the classic script), and writes
// integrity.json last.
//
// With -check it writes nothing and fails unless integrity.json matches the
// files, e.g. to check a bundle before deploying it.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/inbenta-community/inbenta-auth/web/loader"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// config is where the build reads from.
type config struct {
	dist, src, types, goCmd string
}

func run(args []string, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("build", flag.ContinueOnError)
	flags.SetOutput(stderr)
	var c config
	flags.StringVar(&c.dist, "dist", "web/dist", "the bundle directory, holding inbenta-auth.wasm")
	flags.StringVar(&c.src, "src", "web/loader/src", "the loader's source directory")
	flags.StringVar(&c.types, "types", "web/loader/types/inbenta-auth.d.mts", "the module's type declarations (the classic script's are made from them)")
	flags.StringVar(&c.goCmd, "go", "go", "the go command that built the wasm: wasm_exec.js comes from its GOROOT")
	check := flags.Bool("check", false, "check -dist against its integrity.json instead of building")
	flags.Usage = func() {
		fmt.Fprintln(stderr, "usage: build [-dist DIR] [-src DIR] [-types FILE] [-go CMD] [-check]")
		flags.PrintDefaults()
	}
	if err := flags.Parse(args); err != nil {
		return 2
	}
	if flags.NArg() != 0 {
		flags.Usage()
		return 2
	}
	if *check {
		if err := loader.Verify(c.dist); err != nil {
			fmt.Fprintf(stderr, "build: %s does not match its %s:\n%v\n", c.dist, loader.ManifestName, err)
			return 1
		}
		fmt.Fprintf(stdout, "%s matches its %s\n", c.dist, loader.ManifestName)
		return 0
	}
	if err := build(c, stdout); err != nil {
		fmt.Fprintln(stderr, "build:", err)
		return 1
	}
	return 0
}

func build(c config, out io.Writer) error {
	wasmPath := filepath.Join(c.dist, loader.WasmName)
	wasm, err := packWasm(wasmPath, out)
	if err != nil {
		return err
	}
	if err := copyWasmExec(c.goCmd, c.dist, out); err != nil {
		return err
	}
	if err := loader.Precompress(out, wasmPath); err != nil {
		return err
	}
	hashes := loader.HashWasm(wasm)
	if err := hashedCopy(c.dist, loader.WasmFile(hashes.SRI), out); err != nil {
		return err
	}
	b, err := loader.Build(c.src, c.dist, hashes)
	if err != nil {
		return err
	}
	dmts, err := os.ReadFile(c.types)
	if err != nil {
		return err
	}
	b.Files["inbenta-auth.d.ts"] = loader.ClassicTypes(dmts)
	b.Files["inbenta-auth.d.mts"] = dmts
	for name, data := range b.Files {
		if err := loader.WriteFile(filepath.Join(c.dist, name), data); err != nil {
			return err
		}
	}
	fmt.Fprintf(out, "%s: inbenta-auth.js, inbenta-auth.mjs (%d and %d bytes, with source maps), inbenta-auth.d.ts, inbenta-auth.d.mts (version %s)\n",
		c.dist, len(b.Files[loader.LoaderName]), len(b.Files[loader.ModuleName]), b.Version)
	// The scripts a page loads before the wasm, compressed as it is: they
	// delay the wasm's request on a slow link.
	for _, name := range []string{loader.LoaderName, loader.ModuleName, "wasm_exec.js"} {
		if err := loader.Precompress(out, filepath.Join(c.dist, name)); err != nil {
			return err
		}
	}
	m, err := loader.WriteManifest(c.dist)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "%s/%s: version %s, %d files\n", c.dist, loader.ManifestName, m.Version, len(m.Files))
	return nil
}

// packWasm joins the data segments of the wasm at path (loader.PackData),
// in place, and returns its bytes.
func packWasm(path string, out io.Writer) ([]byte, error) {
	wasm, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%w (build the wasm first)", err)
	}
	packed, err := loader.PackData(wasm)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if bytes.Equal(packed, wasm) {
		return wasm, nil
	}
	fmt.Fprintf(out, "%s: data segments joined, %d bytes\n", path, len(packed))
	return packed, loader.WriteFile(path, packed)
}

// hashedCopy writes the wasm and its siblings again under the
// content-hashed name the loaders load, after removing those of earlier
// builds (integrity.json would list them).
func hashedCopy(dist, hashed string, out io.Writer) error {
	entries, err := os.ReadDir(dist)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if loader.Hashed(e.Name()) && !strings.HasPrefix(e.Name(), hashed) {
			if err := os.Remove(filepath.Join(dist, e.Name())); err != nil {
				return err
			}
		}
	}
	for _, ext := range []string{"", ".br", ".gz"} {
		data, err := os.ReadFile(filepath.Join(dist, loader.WasmName+ext))
		if err == nil {
			err = loader.WriteFile(filepath.Join(dist, hashed+ext), data)
		}
		if err != nil {
			return err
		}
	}
	fmt.Fprintf(out, "%s: %s and its .br, .gz (served immutable)\n", filepath.Join(dist, hashed), loader.WasmName)
	return nil
}

// copyWasmExec copies wasm_exec.js from goCmd's GOROOT into dist, with its
// built-ins bound (loader.BindWasmExec), unless dist already has the same
// bytes: it must match the compiler of the wasm.
func copyWasmExec(goCmd, dist string, out io.Writer) error {
	goroot, err := exec.Command(goCmd, "env", "GOROOT").Output()
	if err != nil {
		return fmt.Errorf("%s env GOROOT: %w", goCmd, err)
	}
	root := strings.TrimSpace(string(goroot))
	var data []byte
	for _, dir := range []string{"lib/wasm", "misc/wasm"} { // Go 1.24 moved it to lib/wasm
		if data, err = os.ReadFile(filepath.Join(root, dir, "wasm_exec.js")); err == nil {
			break
		}
	}
	if err != nil {
		return fmt.Errorf("no wasm_exec.js in %s: %w", root, err)
	}
	if data, err = loader.BindWasmExec(data); err != nil {
		return err
	}
	name := filepath.Join(dist, "wasm_exec.js")
	if have, err := os.ReadFile(name); err == nil && bytes.Equal(have, data) {
		return nil
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	fmt.Fprintf(out, "%s: from %s\n", name, root)
	return loader.WriteFile(name, data)
}
