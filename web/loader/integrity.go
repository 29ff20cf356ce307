//go:build !(js && wasm)

package loader

import (
	"bytes"
	"crypto/sha512"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

// ManifestName is the integrity manifest's file name in the bundle.
const ManifestName = "integrity.json"

// BenchName is make bench's report, written into dist after the build: a
// measurement, not part of the bundle, so never hashed.
const BenchName = "bench.json"

// IsArtifact reports whether name, a path in dist, is made from the bundle
// rather than part of it, so never hashed: the bench report, and what make
// package and make release write next to the bundle (the npm tarball, the
// release archive and its checksum).
func IsArtifact(name string) bool {
	if name == BenchName {
		return true
	}
	for _, ext := range []string{".tgz", ".tar.gz", ".sha256"} {
		if strings.HasSuffix(name, ext) && !strings.Contains(name, "/") {
			return true
		}
	}
	return false
}

var (
	sriRE   = regexp.MustCompile(`^sha384-[A-Za-z0-9+/]{64}$`)
	blockRE = regexp.MustCompile(`^[A-Za-z0-9+/]{64}$`)
)

// SRI returns the Subresource Integrity value of data, as an integrity
// attribute takes it: "sha384-" and the base64 of its SHA-384.
func SRI(data []byte) string {
	sum := sha512.Sum384(data)
	return "sha384-" + base64.StdEncoding.EncodeToString(sum[:])
}

// HashBlock is the size of the blocks BlockHash hashes one by one.
const HashBlock = 256 << 10

// BlockHash is the hash the loader checks the wasm by (src/blockhash.js):
// the base64 of the SHA-384 of the SHA-384s of data's consecutive
// HashBlock-byte blocks, the last one shorter. Equal hashes mean equal
// blocks, unless SHA-384 collides. Hashed by blocks, the check holds the
// main thread for much less than one digest of the whole wasm does
// (docs/performance.md has both).
func BlockHash(data []byte) string {
	var sums []byte
	for at := 0; at < len(data); at += HashBlock {
		sum := sha512.Sum384(data[at:min(at+HashBlock, len(data))])
		sums = append(sums, sum[:]...)
	}
	sum := sha512.Sum384(sums)
	return base64.StdEncoding.EncodeToString(sum[:])
}

// WasmHashes are what a loader knows of the wasm built with it; the zero
// value is none (nothing is checked).
type WasmHashes struct {
	SRI    string // names the file (WasmFile); fetch checks it where SubtleCrypto is missing
	Blocks string // BlockHash: what the loader checks
}

// HashWasm returns data's hashes.
func HashWasm(data []byte) WasmHashes { return WasmHashes{SRI(data), BlockHash(data)} }

func (h WasmHashes) valid() bool {
	return h == WasmHashes{} || sriRE.MatchString(h.SRI) && blockRE.MatchString(h.Blocks)
}

// Manifest is integrity.json: the bundle's version and the SRI hash of
// every other file in it, by slash-separated path. Browsers check the
// decoded body, so the hash of inbenta-auth.wasm also holds when it is
// served from its .br or .gz sibling; the siblings' own hashes are of the
// compressed bytes, for checking a deployment.
type Manifest struct {
	Version string            `json:"version"`
	Files   map[string]string `json:"files"`
}

// Hash computes the manifest of dir: every file but the manifest itself
// and the bench report, and the version its loader declares.
func Hash(dir string) (*Manifest, error) {
	_, version, err := readVersioned(filepath.Join(dir, LoaderName))
	if err != nil {
		return nil, err
	}
	m := &Manifest{Version: version, Files: map[string]string{}}
	fsys := os.DirFS(dir)
	err = fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || name == ManifestName || IsArtifact(name) {
			return err
		}
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return err
		}
		m.Files[name] = SRI(data)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}

// Marshal is the manifest as written to disk: indented, keys sorted.
func (m *Manifest) Marshal() ([]byte, error) {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// WriteManifest hashes dir and writes its integrity.json.
func WriteManifest(dir string) (*Manifest, error) {
	m, err := Hash(dir)
	if err != nil {
		return nil, err
	}
	b, err := m.Marshal()
	if err != nil {
		return nil, err
	}
	return m, WriteFile(filepath.Join(dir, ManifestName), b)
}

// ReadManifest reads dir's integrity.json.
func ReadManifest(dir string) (*Manifest, error) {
	b, err := os.ReadFile(filepath.Join(dir, ManifestName))
	if err != nil {
		return nil, err
	}
	var m Manifest
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("%s: %w", ManifestName, err)
	}
	return &m, nil
}

// Verify checks dir against its integrity.json: every file listed, every
// listed file present with its hash, and the loader's version. It reports
// every difference.
func Verify(dir string) error {
	want, err := ReadManifest(dir)
	if err != nil {
		return err
	}
	got, err := Hash(dir)
	if err != nil {
		return err
	}
	var errs []error
	if want.Version != got.Version {
		errs = append(errs, fmt.Errorf("version: %s says %q, %s declares %q", ManifestName, want.Version, LoaderName, got.Version))
	}
	for _, name := range sortedKeys(got.Files) {
		switch h, ok := want.Files[name]; {
		case !ok:
			errs = append(errs, fmt.Errorf("%s: not listed in %s", name, ManifestName))
		case h != got.Files[name]:
			errs = append(errs, fmt.Errorf("%s: hash %s, %s says %s", name, got.Files[name], ManifestName, h))
		}
	}
	for _, name := range sortedKeys(want.Files) {
		if _, ok := got.Files[name]; !ok {
			errs = append(errs, fmt.Errorf("%s: listed in %s but missing", name, ManifestName))
		}
	}
	return errors.Join(errs...)
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// WriteFile replaces name in one step, so a server never serves a
// half-written file.
func WriteFile(name string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name()) // fails harmlessly once renamed
	_, err = f.Write(data)
	if err == nil {
		err = f.Chmod(0o644)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	return os.Rename(f.Name(), name)
}
