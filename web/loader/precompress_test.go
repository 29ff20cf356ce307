//go:build !(js && wasm)

package loader

import (
	"bytes"
	"compress/gzip"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/andybalholm/brotli"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPrecompressRoundTrips(t *testing.T) {
	// Half repetitive, half random: both compressors get real work and an incompressible tail.
	rng := rand.New(rand.NewPCG(1, 2))
	data := bytes.Repeat([]byte("\x00asm inbenta auth "), 4096)
	for range 16 << 10 {
		data = append(data, byte(rng.Uint32()))
	}
	name := filepath.Join(t.TempDir(), "inbenta-auth.wasm")
	require.NoError(t, os.WriteFile(name, data, 0o644))

	var out bytes.Buffer
	require.NoError(t, Precompress(&out, name))
	assert.Contains(t, out.String(), name)
	assert.Contains(t, out.String(), ".br")
	assert.Contains(t, out.String(), ".gz")

	readers := map[string]func(io.Reader) (io.Reader, error){
		".br": func(r io.Reader) (io.Reader, error) { return brotli.NewReader(r), nil },
		".gz": func(r io.Reader) (io.Reader, error) { return gzip.NewReader(r) },
	}
	for ext, open := range readers {
		compressed, err := os.ReadFile(name + ext)
		require.NoError(t, err, ext)
		assert.Less(t, len(compressed), len(data), ext)
		r, err := open(bytes.NewReader(compressed))
		require.NoError(t, err, ext)
		got, err := io.ReadAll(r)
		require.NoError(t, err, ext)
		assert.Equal(t, data, got, ext)
	}

	// Only the three files: no temp files left behind.
	entries, err := os.ReadDir(filepath.Dir(name))
	require.NoError(t, err)
	assert.Len(t, entries, 3)
}

func TestPrecompressEmptyFile(t *testing.T) {
	name := filepath.Join(t.TempDir(), "empty.js")
	require.NoError(t, os.WriteFile(name, nil, 0o644))
	require.NoError(t, Precompress(io.Discard, name))
	for _, ext := range []string{".br", ".gz"} {
		_, err := os.Stat(name + ext)
		assert.NoError(t, err, ext)
	}
}

func TestPrecompressMissingFile(t *testing.T) {
	name := filepath.Join(t.TempDir(), "missing.wasm")
	require.Error(t, Precompress(io.Discard, name))
	_, err := os.Stat(name + ".br")
	assert.ErrorIs(t, err, os.ErrNotExist)
}

func TestPrecompressKeepsTheSiblingsOfAnUnchangedFile(t *testing.T) {
	name := filepath.Join(t.TempDir(), "inbenta-auth.wasm")
	require.NoError(t, os.WriteFile(name, bytes.Repeat([]byte("\x00asm v1 "), 1000), 0o644))
	require.NoError(t, Precompress(io.Discard, name))
	br, err := os.ReadFile(name + ".br")
	require.NoError(t, err)

	// Rewritten with the same bytes, as go build does: kept, and touched.
	old := time.Now().Add(-time.Hour)
	require.NoError(t, os.Chtimes(name+".br", old, old))
	require.NoError(t, os.WriteFile(name, bytes.Repeat([]byte("\x00asm v1 "), 1000), 0o644))
	var out bytes.Buffer
	require.NoError(t, Precompress(&out, name))
	assert.Contains(t, out.String(), "unchanged")
	info, err := os.Stat(name + ".br")
	require.NoError(t, err)
	wasm, err := os.Stat(name)
	require.NoError(t, err)
	assert.False(t, info.ModTime().Before(wasm.ModTime()), "not older than the wasm")

	// Changed: compressed anew; so is a tampered sibling.
	require.NoError(t, os.WriteFile(name, bytes.Repeat([]byte("\x00asm v2 "), 1000), 0o644))
	out.Reset()
	require.NoError(t, Precompress(&out, name))
	assert.NotContains(t, out.String(), "unchanged")
	now, err := os.ReadFile(name + ".br")
	require.NoError(t, err)
	assert.NotEqual(t, br, now)
	require.NoError(t, os.WriteFile(name+".gz", []byte("junk"), 0o644))
	out.Reset()
	require.NoError(t, Precompress(&out, name))
	assert.NotContains(t, out.String(), "unchanged")
}
