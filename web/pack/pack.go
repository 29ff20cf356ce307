//go:build !(js && wasm)

// Package pack makes what is installed or copied from a built bundle
// (web/dist, checked against its integrity.json): the npm package's folder
// (package.json, README, LICENSE, CHANGELOG, the bundle under dist/), which
// `npm pack` turns into the tarball, and the release archive of the hosted
// bundle with its SHA-256 checksums. web/cmd/package is its command; make
// package and make release run it.
//
// The version is the bundle's (web/loader/version.json, which
// integrity.json repeats): nothing here declares one.
package pack

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/inbenta-community/inbenta-auth/web/loader"
)

// Name is the npm package's name. The Go module is
// github.com/inbenta-community/inbenta-auth.
const Name = "@inbenta-community/inbenta-auth"

// Description is package.json's.
const Description = "Authorization and fetch for Inbenta's APIs in the browser: exchanges a Domain Key " +
	"(or adopts your server's access token), adds it to your product calls, refreshes it, " +
	"and shows a localized notification when it is lost. Go compiled to WebAssembly."

// TarballName is the name npm pack gives the package's tarball.
func TarballName(version string) string {
	return strings.NewReplacer("@", "", "/", "-").Replace(Name) + "-" + version + ".tgz"
}

// Bundle is a built bundle, checked against its integrity.json.
type Bundle struct {
	Dir      string
	Manifest *loader.Manifest
}

// PackageFiles are the bundle's files the npm package ships, sorted: each
// file once (the wasm under its content-hashed name, which the loaders
// load, not again under its fixed one) and no precompressed copies, which a
// bundler does not use (the release archive keeps them, for CDNs). The
// package's own integrity.json is written when it is staged.
func (b *Bundle) PackageFiles() []string {
	hashed := false
	for name := range b.Manifest.Files {
		hashed = hashed || loader.Hashed(name)
	}
	var files []string
	for name := range b.Manifest.Files {
		compressed := path.Ext(name) == ".br" || path.Ext(name) == ".gz"
		if !compressed && !(hashed && name == loader.WasmName) {
			files = append(files, name)
		}
	}
	slices.Sort(files)
	return files
}

// Files are the bundle's files, integrity.json included, sorted.
func (b *Bundle) Files() []string {
	files := []string{loader.ManifestName}
	for name := range b.Manifest.Files {
		files = append(files, name)
	}
	slices.Sort(files)
	return files
}

// ReadBundle reads dir's integrity.json and checks every file against it.
func ReadBundle(dir string) (*Bundle, error) {
	if err := loader.Verify(dir); err != nil {
		return nil, fmt.Errorf("%s does not match its %s (run make build):\n%w", dir, loader.ManifestName, err)
	}
	m, err := loader.ReadManifest(dir)
	if err != nil {
		return nil, err
	}
	if !semverRE.MatchString(m.Version) {
		return nil, fmt.Errorf("version %q is not semver (MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD])", m.Version)
	}
	for _, want := range []string{loader.LoaderName, loader.ModuleName, "wasm_exec.js", "inbenta-auth.d.ts", "inbenta-auth.d.mts"} {
		if _, ok := m.Files[want]; !ok {
			return nil, fmt.Errorf("%s has no %s", dir, want)
		}
	}
	return &Bundle{Dir: dir, Manifest: m}, nil
}

// semverRE is semver.org's, without leading zeros checks for brevity's sake.
var semverRE = regexp.MustCompile(`^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$`)

// CheckChangelog fails unless changelog (CHANGELOG.md's text) has a
// section for version, "## [version]" as Keep a Changelog writes it.
func CheckChangelog(changelog []byte, version string) error {
	re := regexp.MustCompile(`(?m)^## \[` + regexp.QuoteMeta(version) + `\]`)
	if !re.Match(changelog) {
		return fmt.Errorf("CHANGELOG.md has no \"## [%s]\" section: describe this version before packaging it", version)
	}
	return nil
}

// PackageJSON is the npm package's package.json for the bundle: the ES
// module with its types as the entry point, the classic script, the wasm
// and wasm_exec.js as assets, and every bundle file under dist/.
func (b *Bundle) PackageJSON() ([]byte, error) {
	type conditions struct {
		Types   string `json:"types,omitempty"`
		Default string `json:"default"`
	}
	dist := func(name string) string { return "./dist/" + name }
	module := conditions{Types: dist("inbenta-auth.d.mts"), Default: dist(loader.ModuleName)}
	exports := orderedMap{
		{".", module},
		{"./" + loader.ModuleName, module},
		{"./" + loader.LoaderName, conditions{Types: dist("inbenta-auth.d.ts"), Default: dist(loader.LoaderName)}},
		{"./wasm_exec.js", dist("wasm_exec.js")},
	}
	for _, name := range b.PackageFiles() {
		if path.Ext(name) == ".wasm" {
			exports = append(exports, entry{"./" + name, dist(name)})
		}
	}
	exports = append(exports,
		entry{"./" + loader.ManifestName, dist(loader.ManifestName)},
		entry{"./dist/*", "./dist/*"},
		entry{"./package.json", "./package.json"},
	)
	pkg := orderedMap{
		{"name", Name},
		{"version", b.Manifest.Version},
		{"description", Description},
		{"keywords", []string{"inbenta", "chatbot", "search", "knowledge", "access-token", "domain-key", "webassembly"}},
		{"license", "MIT"},
		{"main", dist(loader.ModuleName)},
		{"module", dist(loader.ModuleName)},
		{"types", dist("inbenta-auth.d.mts")},
		{"exports", exports},
		{"files", []string{"dist", "docs", "CHANGELOG.md"}},
		// The module imports wasm_exec.js for what it does (it defines
		// globalThis.Go), and the classic script sets InbentaAuth: a
		// bundler must keep both.
		{"sideEffects", []string{dist("wasm_exec.js"), dist(loader.LoaderName)}},
		{"publishConfig", map[string]string{"access": "public"}},
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(pkg); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Docs are the files of the repository copied into the package, beside
// package.json, besides the docs/ folder's Markdown for users.
var Docs = []string{"README.md", "LICENSE", "CHANGELOG.md"}

// InternalDocs are docs/ files for the SDK's developers, not its users:
// the package leaves them out (the release archive keeps every doc).
var InternalDocs = []string{"docs/development.md", "docs/faults.md", "docs/performance.md", "docs/tab-protocol.md"}

// Stage writes the npm package's folder into dir (which must be empty or
// missing): package.json, the repository's README.md, LICENSE,
// CHANGELOG.md and users' docs/*.md from root, and the bundle's
// PackageFiles under dist/ with their own integrity.json.
func (b *Bundle) Stage(root, dir string) error {
	changelog, err := os.ReadFile(filepath.Join(root, "CHANGELOG.md"))
	if err != nil {
		return err
	}
	if err := CheckChangelog(changelog, b.Manifest.Version); err != nil {
		return err
	}
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return fmt.Errorf("%s is not empty", dir)
	}
	pkg, err := b.PackageJSON()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Join(dir, "dist"), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "package.json"), pkg, 0o644); err != nil {
		return err
	}
	docs, err := docFiles(root)
	if err != nil {
		return err
	}
	for _, name := range docs {
		if slices.Contains(InternalDocs, name) {
			continue
		}
		if err := copyFile(filepath.Join(root, name), filepath.Join(dir, name)); err != nil {
			return err
		}
	}
	for _, name := range b.PackageFiles() {
		if err := copyFile(filepath.Join(b.Dir, filepath.FromSlash(name)), filepath.Join(dir, "dist", filepath.FromSlash(name))); err != nil {
			return err
		}
	}
	_, err = loader.WriteManifest(filepath.Join(dir, "dist"))
	return err
}

// docFiles are Docs and docs/*.md, slash-separated, relative to root.
func docFiles(root string) ([]string, error) {
	docs := slices.Clone(Docs)
	more, err := filepath.Glob(filepath.Join(root, "docs", "*.md"))
	if err != nil {
		return nil, err
	}
	for _, m := range more {
		rel, err := filepath.Rel(root, m)
		if err != nil {
			return nil, err
		}
		docs = append(docs, filepath.ToSlash(rel))
	}
	return docs, nil
}

func copyFile(from, to string) error {
	data, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		return err
	}
	return os.WriteFile(to, data, 0o644)
}

// entry and orderedMap keep package.json's keys in the order people
// expect to read them (encoding/json sorts a map's).
type entry struct {
	key   string
	value any
}

type orderedMap []entry

func (m orderedMap) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteByte('{')
	for i, e := range m {
		if i > 0 {
			buf.WriteByte(',')
		}
		k, err := json.Marshal(e.key)
		if err != nil {
			return nil, err
		}
		v, err := marshalNoEscape(e.value)
		if err != nil {
			return nil, errors.Join(fmt.Errorf("%s", e.key), err)
		}
		buf.Write(k)
		buf.WriteByte(':')
		buf.Write(v)
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

func marshalNoEscape(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}
