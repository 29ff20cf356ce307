// Command bundle writes the loaders and type declarations into the bundle,
// next to the wasm built before it:
//
//	go run ./web/cmd/bundle -out web/dist
//
// From the loader source it writes inbenta-auth.js (the classic script) and
// inbenta-auth.mjs (the ES module), both holding the SRI hash of the wasm
// they were built with; from the declarations, inbenta-auth.d.ts and
// inbenta-auth.d.mts. Run web/cmd/integrity after it.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/inbenta-community/inbenta-auth/web/bundle"
)

func main() {
	out := flag.String("out", "web/dist", "the bundle directory, holding inbenta-auth.wasm")
	loader := flag.String("loader", "web/static/inbenta-auth.js", "the loader source")
	types := flag.String("types", "web/types/inbenta-auth.d.ts", "the type declarations")
	flag.Parse()
	if flag.NArg() != 0 {
		fmt.Fprintln(os.Stderr, "usage: bundle [-out DIR] [-loader FILE] [-types FILE]")
		os.Exit(2)
	}
	if err := run(*out, *loader, *types); err != nil {
		fmt.Fprintln(os.Stderr, "bundle:", err)
		os.Exit(1)
	}
}

func run(out, loaderPath, typesPath string) error {
	wasm, err := os.ReadFile(filepath.Join(out, "inbenta-auth.wasm"))
	if err != nil {
		return fmt.Errorf("%w (build the wasm first)", err)
	}
	src, err := os.ReadFile(loaderPath)
	if err != nil {
		return err
	}
	version, err := bundle.Version(src)
	if err != nil {
		return fmt.Errorf("%s: %w", loaderPath, err)
	}
	classic, module, err := bundle.Loaders(src, bundle.SRI(wasm))
	if err != nil {
		return fmt.Errorf("%s: %w", loaderPath, err)
	}
	dts, err := os.ReadFile(typesPath)
	if err != nil {
		return err
	}
	dmts, err := bundle.ModuleTypes(dts)
	if err != nil {
		return fmt.Errorf("%s: %w", typesPath, err)
	}
	for name, data := range map[string][]byte{
		"inbenta-auth.js":    classic,
		"inbenta-auth.mjs":   module,
		"inbenta-auth.d.ts":  dts,
		"inbenta-auth.d.mts": dmts,
	} {
		if err := bundle.WriteFile(filepath.Join(out, name), data); err != nil {
			return err
		}
	}
	fmt.Printf("%s: inbenta-auth.js, inbenta-auth.mjs, inbenta-auth.d.ts, inbenta-auth.d.mts (version %s)\n", out, version)
	return nil
}
