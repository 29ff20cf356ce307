//go:build !(js && wasm)

package main

import (
	"bytes"
	"crypto/sha512"
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/inbenta-community/inbenta-auth/web/loader"
)

// writeBundle lays out a small bundle: a loader declaring its version, a
// wasm, and a nested file, with its integrity.json.
func writeBundle(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"inbenta-auth.js":      "/*! inbenta-auth 1.2.3 | inbenta-auth.js */\n(() => {})();\n",
		"inbenta-auth.wasm":    "\x00asm\x01\x00\x00\x00",
		"inbenta-auth.wasm.br": "compressed",
		"extra/notes.txt":      "hello",
	}
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(body), 0o644))
	}
	_, err := loader.WriteManifest(dir)
	require.NoError(t, err)
	return dir
}

// sri is the hash computed independently of the package under test.
func sri(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	h := sha512.New384()
	h.Write(data)
	return "sha384-" + base64.StdEncoding.EncodeToString(h.Sum(nil))
}

func TestManifestListsEveryFileWithItsHash(t *testing.T) {
	dir := writeBundle(t)
	data, err := os.ReadFile(filepath.Join(dir, "integrity.json"))
	require.NoError(t, err)
	var m struct {
		Version string            `json:"version"`
		Files   map[string]string `json:"files"`
	}
	require.NoError(t, json.Unmarshal(data, &m))
	assert.Equal(t, "1.2.3", m.Version)
	assert.Equal(t, map[string]string{
		"inbenta-auth.js":      sri(t, filepath.Join(dir, "inbenta-auth.js")),
		"inbenta-auth.wasm":    sri(t, filepath.Join(dir, "inbenta-auth.wasm")),
		"inbenta-auth.wasm.br": sri(t, filepath.Join(dir, "inbenta-auth.wasm.br")),
		"extra/notes.txt":      sri(t, filepath.Join(dir, "extra", "notes.txt")),
	}, m.Files, "every file but integrity.json itself, by slash path")
}

func TestCheck(t *testing.T) {
	dir := writeBundle(t)
	var out, errOut bytes.Buffer
	require.Equal(t, 0, run([]string{"-check", "-dist", dir}, &out, &errOut), errOut.String())
	assert.Contains(t, out.String(), "matches its integrity.json")

	require.NoError(t, os.WriteFile(filepath.Join(dir, "inbenta-auth.wasm"), []byte("\x00asm changed"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "stray.js"), []byte("x"), 0o644))
	require.NoError(t, os.Remove(filepath.Join(dir, "extra", "notes.txt")))
	errOut.Reset()
	require.Equal(t, 1, run([]string{"-check", "-dist", dir}, &out, &errOut))
	assert.Contains(t, errOut.String(), "inbenta-auth.wasm: hash sha384-")
	assert.Contains(t, errOut.String(), "stray.js: not listed in integrity.json")
	assert.Contains(t, errOut.String(), "extra/notes.txt: listed in integrity.json but missing")
}

func TestUsage(t *testing.T) {
	var out, errOut bytes.Buffer
	assert.Equal(t, 2, run([]string{"extra"}, &out, &errOut))
	assert.Contains(t, errOut.String(), "usage: build")
	assert.Equal(t, 1, run([]string{"-check", "-dist", t.TempDir()}, &out, &errOut), "no manifest")
}
