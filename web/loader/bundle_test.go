package bundle

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

func loaderSource(t *testing.T) []byte {
	t.Helper()
	src, err := os.ReadFile("../static/inbenta-auth.js")
	require.NoError(t, err)
	return src
}

func TestSRI(t *testing.T) {
	// The example of the Subresource Integrity spec.
	assert.Equal(t, testHash, SRI([]byte("alert('Hello, world.');")))
}

func TestVersion(t *testing.T) {
	v, err := Version(loaderSource(t))
	require.NoError(t, err)
	assert.Regexp(t, `^\d+\.\d+\.\d+`, v)

	for _, bad := range []string{
		"",
		"const VERSION = \"1.0.0\";",
		"const VERSION = '1.0.0';\nconst VERSION = '1.0.1';",
		"const VERSION = '';",
	} {
		_, err := Version([]byte(bad))
		assert.Error(t, err, "%q", bad)
	}
}

func TestLoadersFromTheSource(t *testing.T) {
	src := loaderSource(t)
	classic, module, err := Loaders(src, testHash)
	require.NoError(t, err)

	want := strings.Replace(string(src), "const WASM_INTEGRITY = '';", "const WASM_INTEGRITY = '"+testHash+"';", 1)
	assert.Equal(t, want, string(classic), "the classic loader is the source with the hash")

	m := string(module)
	assert.True(t, strings.HasPrefix(m, "// inbenta-auth.mjs"))
	assert.Contains(t, m, "\nimport './wasm_exec.js';\n")
	assert.Contains(t, m, "\nfunction createInbentaAuth(defaultWasmURL) {\n", "the core, dedented")
	assert.Contains(t, m, "\n  const WASM_INTEGRITY = '"+testHash+"';\n")
	assert.Contains(t, m, "new URL('inbenta-auth.wasm', import.meta.url)")
	assert.Contains(t, m, "\nexport default InbentaAuth;\n")
	assert.Contains(t, m, "\nexport const { createFromDomainKey, createFromAccessToken, load, version } = InbentaAuth;\n")
	for _, classicOnly := range []string{"document.currentScript", "globalThis.InbentaAuth =", "@bundle-core", "'use strict'"} {
		assert.NotContains(t, m, classicOnly)
	}
	v, err := Version(module)
	require.NoError(t, err)
	cv, _ := Version(src)
	assert.Equal(t, cv, v)

	// Every line of the core is in the module, one level less indented.
	core, err := between(string(classic), coreBegin, coreEnd)
	require.NoError(t, err)
	for _, line := range strings.Split(strings.TrimRight(core, "\n"), "\n") {
		assert.Contains(t, m, strings.TrimPrefix(line, "  ")+"\n")
	}
}

func TestLoadersWithoutHash(t *testing.T) {
	src := loaderSource(t)
	classic, module, err := Loaders(src, "")
	require.NoError(t, err)
	assert.Equal(t, string(src), string(classic))
	assert.Contains(t, string(module), "const WASM_INTEGRITY = '';")
}

func TestLoadersRefuse(t *testing.T) {
	src := string(loaderSource(t))
	for name, bad := range map[string]string{
		"no version":      strings.Replace(src, "const VERSION", "const VER", 1),
		"no hash line":    strings.Replace(src, "const WASM_INTEGRITY = '';", "", 1),
		"no core markers": strings.ReplaceAll(src, coreBegin, ""),
		"markers swapped": strings.NewReplacer(coreBegin, coreEnd, coreEnd, coreBegin).Replace(src),
	} {
		_, _, err := Loaders([]byte(bad), testHash)
		assert.Error(t, err, name)
	}
	_, _, err := Loaders([]byte(src), "sha256-abc")
	assert.Error(t, err, "not a sha384 SRI hash")
}

func TestDedent(t *testing.T) {
	assert.Equal(t, "a\n  b\n\nc\n", dedent("    a\n      b\n  \n    c\n"))
	assert.Equal(t, "a\n b\n", dedent("\ta\n\t b\n"))
	assert.Equal(t, "a\n  b\n", dedent("a\n  b\n"))
}

// The generated files parse, and the module exports what the README says.
func TestLoadersRunInNode(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node not installed")
	}
	dir := t.TempDir()
	classic, module, err := Loaders(loaderSource(t), testHash)
	require.NoError(t, err)
	wasmExec, err := os.ReadFile(filepath.Join(runtime.GOROOT(), "lib", "wasm", "wasm_exec.js"))
	require.NoError(t, err)
	for name, data := range map[string][]byte{"inbenta-auth.js": classic, "inbenta-auth.mjs": module, "wasm_exec.js": wasmExec} {
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
	v, _ := Version(classic)
	assert.JSONEq(t, `{"keys":["createFromAccessToken","createFromDomainKey","default","load","version"],
		"frozen":true,"same":true,"version":"`+v+`","go":"function","global":"undefined"}`, string(out))
}
