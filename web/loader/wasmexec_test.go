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

func toolchainWasmExec(t *testing.T) []byte {
	t.Helper()
	src, err := os.ReadFile(filepath.Join(runtime.GOROOT(), "lib", "wasm", "wasm_exec.js"))
	require.NoError(t, err)
	return src
}

func TestBindWasmExecKeepsTheToolchainsCode(t *testing.T) {
	src := toolchainWasmExec(t)
	bound, err := BindWasmExec(src)
	require.NoError(t, err)
	assert.Contains(t, string(bound), string(src), "the toolchain's file, unchanged")
	assert.True(t, strings.HasPrefix(string(bound), `"use strict";`))

	_, err = BindWasmExec([]byte(strings.Replace(string(src), `decoder.decode(`, `decoder.decodeX(`, -1)))
	assert.ErrorContains(t, err, "decoder.decode(")
}

// A page that patches what wasm_exec.js calls on every crossing, after it
// loaded, breaks nothing: Go and JS still exchange strings and values.
// The toolchain's own file, loaded the same way, fails.
func TestBoundWasmExecIgnoresBuiltInsPatchedLater(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node not installed")
	}
	dir := t.TempDir()
	wasm := filepath.Join(dir, "crossing.wasm")
	build := exec.Command("go", "build", "-o", wasm, "./testdata/crossing")
	build.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	out, err := build.CombinedOutput()
	require.NoError(t, err, "%s", out)

	src := toolchainWasmExec(t)
	bound, err := BindWasmExec(src)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "bound.js"), bound, 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "toolchain.js"), src, 0o644))

	script := `const { readFileSync } = require('node:fs');
		const vm = require('node:vm');
		vm.runInThisContext(readFileSync(process.argv[1], 'utf8'));
		const trap = () => { throw new Error('patched later'); };
		TextDecoder.prototype.decode = trap;
		TextEncoder.prototype.encode = trap;
		Reflect.get = trap;
		Reflect.set = trap;
		DataView.prototype.getUint32 = trap;
		String = trap;
		globalThis.crossingIn = 'héllo';
		const go = new Go();
		WebAssembly.instantiate(readFileSync(process.argv[2]), go.importObject)
			.then(({ instance }) => go.run(instance))
			.then(() => console.log(JSON.stringify(globalThis.crossingOut)), (e) => console.log('failed: ' + e.message));`
	run := func(file string) string {
		out, _ := exec.Command(node, "-e", script, filepath.Join(dir, file), wasm).CombinedOutput()
		return strings.TrimSpace(string(out))
	}
	assert.Equal(t, `{"echo":"héllo ✓","n":6}`, run("bound.js"))
	assert.NotEqual(t, `{"echo":"héllo ✓","n":6}`, run("toolchain.js"), "the check can fail")
}
