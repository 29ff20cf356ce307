//go:build !(js && wasm)

package main

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/inbenta-community/inbenta-auth/web/loader"
)

// buildInto runs the command on a dist holding a stand-in wasm.
func buildInto(t *testing.T, dist string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run([]string{"-dist", dist, "-src", "../../loader/src", "-types", "../../loader/types/inbenta-auth.d.mts",
		"-go", filepath.Join(runtime.GOROOT(), "bin", "go")}, &out, &errOut)
	return out.String(), errOut.String(), code
}

func TestBuildWritesTheBundle(t *testing.T) {
	dist := t.TempDir()
	wasm := []byte("\x00asm\x01\x00\x00\x00")
	require.NoError(t, os.WriteFile(filepath.Join(dist, "inbenta-auth.wasm"), wasm, 0o644))
	out, errOut, code := buildInto(t, dist)
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "integrity.json: version ")

	for _, name := range []string{"inbenta-auth.js", "inbenta-auth.mjs"} {
		data, err := os.ReadFile(filepath.Join(dist, name))
		require.NoError(t, err)
		assert.Contains(t, string(data), `"`+loader.SRI(wasm)+`"`, "%s checks the wasm it was built with", name)
	}
	dts, err := os.ReadFile(filepath.Join(dist, "inbenta-auth.d.ts"))
	require.NoError(t, err)
	assert.Contains(t, string(dts), "declare global")
	dmts, err := os.ReadFile(filepath.Join(dist, "inbenta-auth.d.mts"))
	require.NoError(t, err)
	assert.NotContains(t, string(dmts), "declare global")
	goExec, err := os.ReadFile(filepath.Join(runtime.GOROOT(), "lib", "wasm", "wasm_exec.js"))
	require.NoError(t, err)
	have, err := os.ReadFile(filepath.Join(dist, "wasm_exec.js"))
	require.NoError(t, err)
	bound, err := loader.BindWasmExec(goExec)
	require.NoError(t, err)
	assert.Equal(t, string(bound), string(have), "wasm_exec.js from the toolchain, its built-ins bound")

	entries, err := os.ReadDir(dist)
	require.NoError(t, err)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	hashed := loader.WasmFile(loader.SRI(wasm))
	assert.Equal(t, hashed+" "+hashed+".br "+hashed+".gz "+
		"inbenta-auth.d.mts inbenta-auth.d.ts inbenta-auth.js inbenta-auth.js.br inbenta-auth.js.gz inbenta-auth.js.map "+
		"inbenta-auth.mjs inbenta-auth.mjs.br inbenta-auth.mjs.gz inbenta-auth.mjs.map "+
		"inbenta-auth.wasm inbenta-auth.wasm.br inbenta-auth.wasm.gz integrity.json wasm_exec.js wasm_exec.js.br wasm_exec.js.gz", strings.Join(names, " "))
	for _, name := range []string{"inbenta-auth.js", "inbenta-auth.mjs"} {
		data, err := os.ReadFile(filepath.Join(dist, name))
		require.NoError(t, err)
		assert.Contains(t, string(data), `"`+hashed+`"`, "%s loads the wasm by its content-hashed name", name)
	}
	require.NoError(t, loader.Verify(dist), "integrity.json lists every file, written last")

	// Again: the same bundle, and wasm_exec.js is not copied twice.
	out, _, code = buildInto(t, dist)
	require.Equal(t, 0, code)
	assert.NotContains(t, out, "wasm_exec.js: from")
	require.NoError(t, loader.Verify(dist))
}

func TestBuildNeedsTheWasm(t *testing.T) {
	_, errOut, code := buildInto(t, t.TempDir())
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "build the wasm first")
}

// The bundle's wasm is the one make build compiled, its data segments
// joined (loader.PackData) before it is hashed and compressed.
func TestBuildPacksTheWasmsData(t *testing.T) {
	dist := t.TempDir()
	// Two data segments 4 zero bytes apart: "ab" at 16, "cd" at 22.
	data := []byte{2, 0, 0x41, 16, 0x0b, 2, 'a', 'b', 0, 0x41, 22, 0x0b, 2, 'c', 'd'}
	wasm := append([]byte("\x00asm\x01\x00\x00\x00\x0b"), byte(len(data)))
	wasm = append(wasm, data...)
	require.NoError(t, os.WriteFile(filepath.Join(dist, "inbenta-auth.wasm"), wasm, 0o644))
	out, errOut, code := buildInto(t, dist)
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "data segments joined")

	packed, err := loader.PackData(wasm)
	require.NoError(t, err)
	assert.Equal(t, []byte{1, 0, 0x41, 16, 0x0b, 8, 'a', 'b', 0, 0, 0, 0, 'c', 'd'}, packed[10:], "one segment")
	for _, name := range []string{"inbenta-auth.wasm", loader.WasmFile(loader.SRI(packed))} {
		have, err := os.ReadFile(filepath.Join(dist, name))
		require.NoError(t, err)
		assert.Equal(t, packed, have, name)
	}
	require.NoError(t, loader.Verify(dist))
}

func TestBuildRefusesAWasmItCannotPack(t *testing.T) {
	dist := t.TempDir()
	passive := []byte("\x00asm\x01\x00\x00\x00\x0b\x04\x01\x01\x01x") // one passive segment
	require.NoError(t, os.WriteFile(filepath.Join(dist, "inbenta-auth.wasm"), passive, 0o644))
	_, errOut, code := buildInto(t, dist)
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "not an active segment")
}
