//go:build !(js && wasm)

// Package loader builds what web/dist ships besides the wasm: the loaders
// (a classic script and an ES module, bundled with esbuild from the ES
// module source in src/), the type declarations (types/), the .br/.gz
// siblings of the wasm, and integrity.json. web/cmd/build is its command;
// `make build` runs it.
package loader

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/evanw/esbuild/pkg/api"

	"github.com/inbenta-community/inbenta-auth/sdk"
)

// The loader's entries in its source directory (web/loader/src), ES
// modules that import the rest (docs/development.md maps them).
const (
	ClassicSource = "classic.js" // the classic script's entry: sets globalThis.InbentaAuth
	ModuleSource  = "module.js"  // the ES module's entry: default and named exports
)

// VersionFile holds the bundle's version, {"version": "MAJOR.MINOR.PATCH"}:
// the one place it is set, next to the source directory; the build gives
// it to the loaders (defines.js) and their banners.
const VersionFile = "version.json"

// The bundle's loaders and their source maps.
const (
	LoaderName = "inbenta-auth.js" // the classic loader, whose banner names the bundle's version
	ModuleName = "inbenta-auth.mjs"
)

// versionRE is what a version looks like; bannerRE finds it in a built
// loader's first line.
var (
	versionRE = regexp.MustCompile(`^[0-9]+\.[0-9]+\.[0-9]+([+-][0-9A-Za-z.+-]*)?$`)
	bannerRE  = regexp.MustCompile(`(?m)^/\*! inbenta-auth ([0-9A-Za-z][0-9A-Za-z.+-]*) \|`)
)

// SourceVersion reads the version from the source's version file (dir is
// web/loader).
func SourceVersion(dir string) (string, error) {
	data, err := os.ReadFile(filepath.Join(dir, VersionFile))
	if err != nil {
		return "", err
	}
	var v struct{ Version string }
	if err := json.Unmarshal(data, &v); err != nil {
		return "", fmt.Errorf("%s: %w", VersionFile, err)
	}
	if !versionRE.MatchString(v.Version) {
		return "", fmt.Errorf("%s: %q is not a version (MAJOR.MINOR.PATCH)", VersionFile, v.Version)
	}
	return v.Version, nil
}

// Version returns the version a built loader names in its banner.
func Version(loader []byte) (string, error) {
	m := bannerRE.FindAllSubmatch(loader, -1)
	if len(m) != 1 {
		return "", fmt.Errorf("the loader must name its version in its banner exactly once (found %d)", len(m))
	}
	return string(m[0][1]), nil
}

// Bundle is the two loaders built from one source, with their source maps
// (each loader links its map by a relative sourceMappingURL).
type Bundle struct {
	Version string
	Files   map[string][]byte // by name in web/dist: the loaders and their .map
}

// Build bundles the loaders from the source directory src (its parent holds
// the version file), as they will
// stand in dist (which it does not write to), with wasm (the hashes of the
// wasm built with them, or none) filled in: inbenta-auth.js, an IIFE that
// sets the InbentaAuth global, and inbenta-auth.mjs, an ES module that
// imports ./wasm_exec.js and finds the wasm through import.meta.url. Both
// are minified, with source maps.
func Build(src, dist string, wasm WasmHashes) (*Bundle, error) {
	if !wasm.valid() {
		return nil, fmt.Errorf("%+v are not a wasm's hashes (HashWasm)", wasm)
	}
	version, err := SourceVersion(filepath.Dir(filepath.Clean(src)))
	if err != nil {
		return nil, err
	}
	b := &Bundle{Version: version, Files: map[string][]byte{}}
	for _, out := range []struct {
		entry, name string
		format      api.Format
	}{
		{ClassicSource, LoaderName, api.FormatIIFE},
		{ModuleSource, ModuleName, api.FormatESModule},
	} {
		files, err := build(src, dist, out.entry, out.name, out.format, version, wasm)
		if err != nil {
			return nil, err
		}
		for name, data := range files {
			b.Files[name] = data
		}
	}
	return b, nil
}

// build runs esbuild on one entry. The outputs are named as in web/dist, so
// the sourceMappingURL comments and the maps' sources are right there.
func build(src, dist, entry, name string, format api.Format, version string, wasm WasmHashes) (map[string][]byte, error) {
	abs, err := filepath.Abs(src)
	if err != nil {
		return nil, err
	}
	outdir, err := filepath.Abs(dist)
	if err != nil {
		return nil, err
	}
	res := api.Build(api.BuildOptions{
		AbsWorkingDir:     abs,
		EntryPoints:       []string{filepath.Join(abs, entry)},
		Outfile:           filepath.Join(outdir, name),
		Bundle:            true,
		Write:             false,
		Format:            format,
		Platform:          api.PlatformBrowser,
		Target:            api.ES2020,
		Charset:           api.CharsetUTF8,
		MinifyWhitespace:  true,
		MinifyIdentifiers: true,
		MinifySyntax:      true,
		KeepNames:         true, // client.fetch.name is still "fetch"
		LegalComments:     api.LegalCommentsNone,
		Sourcemap:         api.SourceMapLinked,
		Banner:            map[string]string{"js": banner(name, version)},
		Define:            defines(version, wasm),
		Plugins:           []api.Plugin{wasmExecExternal},
		LogLevel:          api.LogLevelSilent,
	})
	if len(res.Errors) > 0 {
		msgs := api.FormatMessages(res.Errors, api.FormatMessagesOptions{Kind: api.ErrorMessage})
		return nil, fmt.Errorf("esbuild %s: %s", entry, strings.Join(msgs, ""))
	}
	if len(res.Warnings) > 0 {
		msgs := api.FormatMessages(res.Warnings, api.FormatMessagesOptions{Kind: api.WarningMessage})
		return nil, fmt.Errorf("esbuild %s warns: %s", entry, strings.Join(msgs, ""))
	}
	files := map[string][]byte{}
	for _, f := range res.OutputFiles {
		files[filepath.Base(f.Path)] = f.Contents
	}
	if len(files) != 2 || files[name] == nil || files[name+".map"] == nil {
		return nil, errors.New("esbuild " + entry + ": expected " + name + " and its .map")
	}
	return files, nil
}

// defines are the constants the build fills in (esbuild's define; the
// loader reads them in src/defines.js).
func defines(version string, wasm WasmHashes) map[string]string {
	hashes := "null"
	if wasm != (WasmHashes{}) {
		hashes = `{"sri":` + strconv.Quote(wasm.SRI) + `,"blocks":` + strconv.Quote(wasm.Blocks) + `}`
	}
	return map[string]string{
		"INBENTA_VERSION":     strconv.Quote(version),
		"INBENTA_WASM_HASHES": hashes,
		"INBENTA_HASH_BLOCK":  strconv.Itoa(HashBlock),
		// The default wasm next to the loader: the name of these bytes.
		"INBENTA_WASM_FILE": strconv.Quote(WasmFile(wasm.SRI)),
		// Go's, so that the loader's early /auth is the one Go would send.
		"INBENTA_DEFAULT_AUTH_URL": strconv.Quote(sdk.DefaultAuthURL),
		"INBENTA_MAX_ANSWER":       strconv.Itoa(sdk.MaxAnswerBytes),
		"INBENTA_PLAIN_LIMITS": `{"nodes":` + strconv.Itoa(sdk.PlainMaxNodes) + `,"depth":` + strconv.Itoa(sdk.PlainMaxDepth) +
			`,"string":` + strconv.Itoa(sdk.PlainMaxString) + `}`,
		// What the loader checks of a stored token before it skips the
		// early /auth (sdk.ParseStored decides): seconds.
		"INBENTA_PERSIST": `{"maxLife":` + strconv.Itoa(int(sdk.MaxSharedLife/sdk.Second)) +
			`,"leeway":` + strconv.Itoa(int(sdk.DefaultLeeway/sdk.Second)) + `}`,
	}
}

// banner heads each loader: what it is, and the version integrity.json
// takes (Version reads it back).
func banner(name, version string) string {
	what := "loads inbenta-auth.wasm and exposes the InbentaAuth global; include wasm_exec.js first"
	if name == ModuleName {
		what = "the InbentaAuth SDK as an ES module; it imports wasm_exec.js and finds inbenta-auth.wasm next to itself"
	}
	b := "/*! inbenta-auth " + version + " | " + name + ": " + what +
		" | built by make build from web/loader/src: do not edit */"
	if name == LoaderName {
		// A module is strict; the classic script says so, as its source did.
		b += "\n\"use strict\";"
	}
	return b
}

// wasmExecExternal keeps the module's import of the Go runtime's glue, which
// the bundle ships next to it, as an import.
var wasmExecExternal = api.Plugin{
	Name: "wasm_exec.js",
	Setup: func(b api.PluginBuild) {
		b.OnResolve(api.OnResolveOptions{Filter: `^\./wasm_exec\.js$`}, func(api.OnResolveArgs) (api.OnResolveResult, error) {
			return api.OnResolveResult{Path: "./wasm_exec.js", External: true}, nil
		})
	},
}

// readVersioned reads a built loader and the version its banner names.
func readVersioned(name string) ([]byte, string, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, "", err
	}
	version, err := Version(data)
	if err != nil {
		return nil, "", fmt.Errorf("%s: %w", filepath.Base(name), err)
	}
	return data, version, nil
}
