//go:build !(js && wasm)

package loader

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const testHash = "sha384-H8BRh8j48O9oYatfu5AZzq6A9RINhZO5H16dQZngK7T62em8MUt1FLm52t+eX6xO"

var testHashes = HashWasm([]byte("alert('Hello, world.');"))

func sourceVersion(t *testing.T) string {
	t.Helper()
	v, err := SourceVersion(".")
	require.NoError(t, err)
	return v
}

func TestSRI(t *testing.T) {
	// The example of the Subresource Integrity spec.
	assert.Equal(t, testHash, SRI([]byte("alert('Hello, world.');")))
}

func TestVersion(t *testing.T) {
	assert.Regexp(t, `^\d+\.\d+\.\d+$`, sourceVersion(t))

	v, err := Version([]byte(banner(LoaderName, "1.2.3-rc.1") + "\n(()=>{})();\n"))
	require.NoError(t, err)
	assert.Equal(t, "1.2.3-rc.1", v, "a built loader's banner")

	for _, bad := range []string{"", "const VERSION = '1.0.0';", banner(LoaderName, "1.0.0") + "\n" + banner(ModuleName, "1.0.1")} {
		_, err := Version([]byte(bad))
		assert.Error(t, err, "%q", bad)
	}
	for _, bad := range []string{``, `{}`, `{"version": ""}`, `{"version": "1.0"}`, `{"version": "v1.0.0"}`, `{"version": 1}`} {
		dir := t.TempDir()
		require.NoError(t, os.WriteFile(filepath.Join(dir, VersionFile), []byte(bad), 0o644))
		_, err := SourceVersion(dir)
		assert.Error(t, err, "%q", bad)
	}
}

func buildSource(t *testing.T, hashes WasmHashes) *Bundle {
	t.Helper()
	b, err := Build("src", "../dist", hashes) // writes nothing
	require.NoError(t, err)
	return b
}

func TestBuildFromTheSource(t *testing.T) {
	b := buildSource(t, testHashes)
	v := sourceVersion(t)
	assert.Equal(t, v, b.Version)
	var names []string
	for name := range b.Files {
		names = append(names, name)
	}
	assert.ElementsMatch(t, []string{"inbenta-auth.js", "inbenta-auth.js.map", "inbenta-auth.mjs", "inbenta-auth.mjs.map"}, names)

	for _, name := range []string{LoaderName, ModuleName} {
		s := string(b.Files[name])
		got, err := Version(b.Files[name])
		require.NoError(t, err, name)
		assert.Equal(t, v, got, "%s names its version in its banner", name)
		assert.Contains(t, s, `"`+testHash+`"`, "%s checks the wasm it was built with", name)
		assert.Contains(t, s, `"`+testHashes.Blocks+`"`, "%s checks the wasm it was built with", name)
		assert.NotContains(t, s, "INBENTA_", "%s has every constant filled in", name)
		assert.True(t, strings.HasSuffix(s, "\n//# sourceMappingURL="+name+".map\n"), "%s links its map", name)
		assert.Contains(t, string(b.Files[name+".map"]), `"../loader/src/api.js"`, "%s's map names the source from web/dist", name)
	}
	classic, module := string(b.Files[LoaderName]), string(b.Files[ModuleName])
	assert.Contains(t, classic, `"currentScript"`)
	assert.Contains(t, classic, "globalThis.InbentaAuth=")
	assert.NotContains(t, classic, `import"`, "the classic script has no imports")
	assert.Contains(t, module, `import"./wasm_exec.js";`)
	assert.Contains(t, module, `new URL("`+WasmFile(testHash)+`",import.meta.url)`, "the wasm by its content-hashed name, which bundlers can follow")
	for _, classicOnly := range []string{`"currentScript"`, "globalThis.InbentaAuth="} {
		assert.NotContains(t, module, classicOnly)
	}
}

func TestBuildWithoutHash(t *testing.T) {
	b := buildSource(t, WasmHashes{})
	for _, name := range []string{LoaderName, ModuleName} {
		assert.NotContains(t, string(b.Files[name]), testHash, name)
		assert.NotContains(t, string(b.Files[name]), "INBENTA_WASM_HASHES", name)
	}
}

func TestBuildRefuses(t *testing.T) {
	for _, bad := range []WasmHashes{{SRI: "sha256-abc", Blocks: testHashes.Blocks}, {SRI: testHash}, {Blocks: testHashes.Blocks}} {
		_, err := Build("src", t.TempDir(), bad)
		assert.ErrorContains(t, err, "are not a wasm's hashes", "%+v", bad)
	}

	for name, edit := range map[string]func(dir string) error{
		"no version": func(dir string) error { return os.Remove(filepath.Join(dir, VersionFile)) },
		"a global the build does not define": func(dir string) error {
			return os.WriteFile(filepath.Join(dir, "src", "defines.js"), []byte("export const X = INBENTA_NOTHING;\n"), 0o644)
		},
		"no export": func(dir string) error {
			return os.WriteFile(filepath.Join(dir, "src", "api.js"), []byte("function createInbentaAuth() {}\n"), 0o644)
		},
	} {
		dir := t.TempDir()
		require.NoError(t, os.CopyFS(dir, os.DirFS(".")), name)
		require.NoError(t, edit(dir), name)
		_, err := Build(filepath.Join(dir, "src"), t.TempDir(), testHashes)
		assert.Error(t, err, name)
	}
}

// The generated files parse, and the module exports what the README says.
func TestLoadersRunInNode(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node not installed")
	}
	dir := t.TempDir()
	b := buildSource(t, testHashes)
	wasmExec, err := os.ReadFile(filepath.Join(runtime.GOROOT(), "lib", "wasm", "wasm_exec.js"))
	require.NoError(t, err)
	for name, data := range map[string][]byte{"inbenta-auth.js": b.Files[LoaderName], "inbenta-auth.mjs": b.Files[ModuleName], "wasm_exec.js": wasmExec} {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), data, 0o644))
	}
	out, err := exec.Command(node, "--check", filepath.Join(dir, "inbenta-auth.js")).CombinedOutput()
	require.NoError(t, err, "%s", out)

	script := `const m = await import('./inbenta-auth.mjs');
		const d = m.default;
		console.log(JSON.stringify({
			keys: Object.keys(m).sort(),
			frozen: Object.isFrozen(d),
			same: m.createFromDomainKey === d.createFromDomainKey && m.createFromAccessToken === d.createFromAccessToken && m.load === d.load,
			version: m.version === d.version ? m.version : null,
			go: typeof globalThis.Go,
			global: typeof globalThis.InbentaAuth,
		}));`
	cmd := exec.Command(node, "--input-type=module", "-e", script)
	cmd.Dir = dir
	out, err = cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
	assert.JSONEq(t, `{"keys":["createFromAccessToken","createFromDomainKey","default","isInbentaAuthError","load","version"],
		"frozen":true,"same":true,"version":"`+b.Version+`","go":"function","global":"undefined"}`, string(out))
}
