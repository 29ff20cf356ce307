//go:build !(js && wasm)

package pack

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/inbenta-community/inbenta-auth/web/loader"
)

// fakeBundle writes a small bundle with its integrity.json, and a
// repository root with the docs, for version.
func fakeBundle(t *testing.T, version string) (*Bundle, string) {
	t.Helper()
	dist, root := t.TempDir(), t.TempDir()
	for name, body := range map[string]string{
		"inbenta-auth.js":    "/*! inbenta-auth " + version + " | x */\n",
		"inbenta-auth.mjs":   "export default {};\n",
		"inbenta-auth.d.ts":  "",
		"inbenta-auth.d.mts": "",
		"wasm_exec.js":       "globalThis.Go = class {};\n",
		"inbenta-auth.wasm":  "\x00asm",
		loader.WasmFile(loader.SRI([]byte("\x00asm"))): "\x00asm",
		"inbenta-auth.wasm.br":                         "br",
		"inbenta-auth.js.gz":                           "gz",
	} {
		require.NoError(t, os.WriteFile(filepath.Join(dist, name), []byte(body), 0o644))
	}
	_, err := loader.WriteManifest(dist)
	require.NoError(t, err)
	for name, body := range map[string]string{
		"README.md":           "# readme\n",
		"LICENSE":             "MIT\n",
		"CHANGELOG.md":        "# Changelog\n\n## [Unreleased]\n\n## [" + version + "] - 2026-12-01\n",
		"docs/hosting.md":     "# hosting\n",
		"docs/development.md": "# for the SDK's developers\n",
	} {
		require.NoError(t, os.MkdirAll(filepath.Dir(filepath.Join(root, name)), 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(root, name), []byte(body), 0o644))
	}
	b, err := ReadBundle(dist)
	require.NoError(t, err)
	return b, root
}

func TestPackageJSON(t *testing.T) {
	b, _ := fakeBundle(t, "1.2.3-rc.1")
	data, err := b.PackageJSON()
	require.NoError(t, err)
	var pkg map[string]any
	require.NoError(t, json.Unmarshal(data, &pkg))
	assert.Equal(t, Name, pkg["name"])
	assert.True(t, strings.HasPrefix(Name, "@"), "scoped")
	assert.Equal(t, "1.2.3-rc.1", pkg["version"], "the bundle's version")
	assert.Equal(t, "MIT", pkg["license"])
	assert.Equal(t, "./dist/inbenta-auth.d.mts", pkg["types"])
	exports := pkg["exports"].(map[string]any)
	assert.Equal(t, map[string]any{"types": "./dist/inbenta-auth.d.mts", "default": "./dist/inbenta-auth.mjs"}, exports["."])
	assert.Equal(t, map[string]any{"types": "./dist/inbenta-auth.d.ts", "default": "./dist/inbenta-auth.js"}, exports["./inbenta-auth.js"])
	hashed := loader.WasmFile(loader.SRI([]byte("\x00asm")))
	assert.Equal(t, "./dist/"+hashed, exports["./"+hashed], "the wasm the loaders load")
	assert.NotContains(t, exports, "./inbenta-auth.wasm", "not shipped twice")
	assert.Equal(t, "./dist/wasm_exec.js", exports["./wasm_exec.js"])
	assert.Contains(t, pkg["sideEffects"], "./dist/wasm_exec.js", "the module's import of it must survive tree shaking")
	assert.Equal(t, []any{"dist", "docs", "CHANGELOG.md"}, pkg["files"])
	assert.True(t, strings.Index(string(data), `"name"`) < strings.Index(string(data), `"exports"`), "keys in reading order")
}

func TestReadBundleRefusesAStaleOrUnversionedBundle(t *testing.T) {
	b, _ := fakeBundle(t, "1.0.0")
	require.NoError(t, os.WriteFile(filepath.Join(b.Dir, "inbenta-auth.wasm"), []byte("\x00asm2"), 0o644))
	_, err := ReadBundle(b.Dir)
	assert.ErrorContains(t, err, "does not match")

	b, _ = fakeBundle(t, "1.0.0")
	require.NoError(t, os.WriteFile(filepath.Join(b.Dir, "inbenta-auth.js"), []byte("/*! inbenta-auth 1.0 | x */\n"), 0o644))
	_, err = loader.WriteManifest(b.Dir)
	require.NoError(t, err)
	_, err = ReadBundle(b.Dir)
	assert.ErrorContains(t, err, "not semver")
}

func TestTheChangelogMustNameTheVersion(t *testing.T) {
	b, root := fakeBundle(t, "1.0.0")
	require.NoError(t, os.WriteFile(filepath.Join(root, "CHANGELOG.md"), []byte("## [0.9.0]\n"), 0o644))
	assert.ErrorContains(t, b.Stage(root, t.TempDir()), `no "## [1.0.0]" section`)
	_, _, err := b.Archive(root)
	assert.ErrorContains(t, err, `no "## [1.0.0]" section`)
}

func TestTheRepositorysChangelogNamesTheLoadersVersion(t *testing.T) {
	version, err := loader.SourceVersion("../loader")
	require.NoError(t, err)
	changelog, err := os.ReadFile("../../CHANGELOG.md")
	require.NoError(t, err)
	assert.NoError(t, CheckChangelog(changelog, version), "bump web/loader/version.json and CHANGELOG.md together")
	_, err = os.Stat("../../LICENSE")
	assert.NoError(t, err)
}

func TestStage(t *testing.T) {
	b, root := fakeBundle(t, "1.0.0")
	dir := t.TempDir()
	require.NoError(t, b.Stage(root, dir))
	var got []string
	require.NoError(t, filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			got = append(got, filepath.ToSlash(rel))
		}
		return err
	}))
	assert.ElementsMatch(t, []string{"package.json", "README.md", "LICENSE", "CHANGELOG.md", "docs/hosting.md",
		"dist/integrity.json", "dist/inbenta-auth.js", "dist/inbenta-auth.mjs", "dist/inbenta-auth.d.ts",
		"dist/inbenta-auth.d.mts", "dist/wasm_exec.js", "dist/" + loader.WasmFile(loader.SRI([]byte("\x00asm")))}, got,
		"each file once, no precompressed copy, no internals docs")
	require.NoError(t, loader.Verify(filepath.Join(dir, "dist")), "the package's dist checks against its integrity.json")
	assert.ErrorContains(t, b.Stage(root, dir), "not empty")
}

func TestArchive(t *testing.T) {
	b, root := fakeBundle(t, "1.0.0")
	archive, sums, err := b.Archive(root)
	require.NoError(t, err)
	again, _, err := b.Archive(root)
	require.NoError(t, err)
	assert.Equal(t, archive, again, "reproducible")

	zr, err := gzip.NewReader(bytes.NewReader(archive))
	require.NoError(t, err)
	tr := tar.NewReader(zr)
	files := map[string][]byte{}
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		require.NoError(t, err)
		require.True(t, strings.HasPrefix(h.Name, "inbenta-auth-1.0.0/"), h.Name)
		if h.Typeflag == tar.TypeReg {
			files[strings.TrimPrefix(h.Name, "inbenta-auth-1.0.0/")], _ = io.ReadAll(tr)
		}
	}
	assert.Equal(t, sums, files[ChecksumsName])
	for _, name := range append(b.Files(), append(Docs, "docs/hosting.md", "docs/development.md")...) {
		require.Contains(t, files, name)
		sum := sha256.Sum256(files[name])
		assert.Contains(t, string(sums), hex.EncodeToString(sum[:])+"  "+name+"\n")
	}
	assert.Len(t, files, len(b.Files())+len(Docs)+3, "the archive keeps every file and doc")
	assert.Regexp(t, `^[0-9a-f]{64}  inbenta-auth-1\.0\.0\.tar\.gz\n$`, string(ArchiveChecksum(ArchiveName("1.0.0"), archive)))
}

func TestNames(t *testing.T) {
	assert.Equal(t, "inbenta-community-inbenta-auth-1.0.0.tgz", TarballName("1.0.0"))
	assert.Equal(t, "inbenta-auth-1.0.0.tar.gz", ArchiveName("1.0.0"))
}
