package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/inbenta-community/inbenta-auth/web/bundle"
)

func TestRunWritesLoadersAndTypes(t *testing.T) {
	out := t.TempDir()
	wasm := []byte("\x00asm\x01\x00\x00\x00")
	require.NoError(t, os.WriteFile(filepath.Join(out, "inbenta-auth.wasm"), wasm, 0o644))
	require.NoError(t, run(out, "../../static/inbenta-auth.js", "../../types/inbenta-auth.d.ts"))

	hashLine := "const WASM_INTEGRITY = '" + bundle.SRI(wasm) + "';"
	for _, name := range []string{"inbenta-auth.js", "inbenta-auth.mjs"} {
		data, err := os.ReadFile(filepath.Join(out, name))
		require.NoError(t, err)
		assert.Contains(t, string(data), hashLine, "%s checks the wasm it was built with", name)
	}
	dts, err := os.ReadFile(filepath.Join(out, "inbenta-auth.d.ts"))
	require.NoError(t, err)
	assert.Contains(t, string(dts), "declare global")
	dmts, err := os.ReadFile(filepath.Join(out, "inbenta-auth.d.mts"))
	require.NoError(t, err)
	assert.NotContains(t, string(dmts), "declare global")

	entries, err := os.ReadDir(out)
	require.NoError(t, err)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	assert.Equal(t, "inbenta-auth.d.mts inbenta-auth.d.ts inbenta-auth.js inbenta-auth.mjs inbenta-auth.wasm", strings.Join(names, " "))
}

func TestRunNeedsTheWasm(t *testing.T) {
	err := run(t.TempDir(), "../../static/inbenta-auth.js", "../../types/inbenta-auth.d.ts")
	assert.ErrorContains(t, err, "build the wasm first")
}
