//go:build !(js && wasm)

package loader

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A Go wasm, packed, instantiates the same memory and has the same code:
// only its data section changes, and it is smaller once compressed.
func TestPackDataKeepsAGoModulesMemoryAndCode(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a Go wasm")
	}
	dir := t.TempDir()
	src := filepath.Join(dir, "main.go")
	require.NoError(t, os.WriteFile(src, []byte("package main\n\nfunc main() { println(\"hello\") }\n"), 0o644))
	cmd := exec.Command("go", "build", "-trimpath", "-ldflags=-s -w", "-o", filepath.Join(dir, "m.wasm"), src)
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm", "GOFLAGS=", "GOWORK=off")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
	m, err := os.ReadFile(filepath.Join(dir, "m.wasm"))
	require.NoError(t, err)

	packed, err := PackData(m)
	require.NoError(t, err)
	assert.Equal(t, memoryImage(t, m), memoryImage(t, packed), "the memory a page instantiates")
	assert.Equal(t, sectionsBut(t, m, wasmDataSection), sectionsBut(t, packed, wasmDataSection), "every other section")

	before, after := segmentsOf(t, m), segmentsOf(t, packed)
	assert.Less(t, len(after), len(before)/4, "segments joined")
	for i := 1; i < len(after); i++ {
		if after[i-1].nextAdjacent {
			assert.Greater(t, after[i].offset-after[i-1].offset-int64(len(after[i-1].data)), int64(maxJoinedZeros), "segment %d", i)
		}
	}
	again, err := PackData(packed)
	require.NoError(t, err)
	assert.Equal(t, packed, again, "packing a packed module changes nothing")

	assert.Less(t, gzipped(t, packed), gzipped(t, m), "smaller gzipped (make bench measures brotli)")
}

func gzipped(t *testing.T, data []byte) int {
	t.Helper()
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	require.NoError(t, err)
	_, err = zw.Write(data)
	require.NoError(t, err)
	require.NoError(t, zw.Close())
	return buf.Len()
}

func TestPackDataJoinsSegmentsAcrossShortRunsOfZeros(t *testing.T) {
	m := module(t, nil,
		seg(0x1000, "ab"), seg(0x1000+2+64, "cd"), // 64 zeros between: joined
		seg(0x1000+2+64+2+65, "ef"), // 65: kept apart
		seg(0x7fff_fff0, "gh"),      // an offset that reads negative as an i32
	)
	packed, err := PackData(m)
	require.NoError(t, err)
	got := segmentsOf(t, packed)
	require.Len(t, got, 3)
	got = withoutLinks(got)
	assert.Equal(t, dataSegment{0x1000, []byte("ab" + string(make([]byte, 64)) + "cd"), false}, got[0])
	assert.Equal(t, dataSegment{0x1000 + 2 + 64 + 2 + 65, []byte("ef"), false}, got[1])
	assert.Equal(t, dataSegment{0x7fff_fff0, []byte("gh"), false}, got[2])
	assert.Equal(t, memoryImage(t, m), memoryImage(t, packed))

	high := module(t, nil, seg(0x8000_0000, "x"), seg(0x8000_0010, "y"))
	packed, err = PackData(high)
	require.NoError(t, err)
	assert.Equal(t, []dataSegment{{0x8000_0000, []byte("x" + string(make([]byte, 15)) + "y"), false}}, withoutLinks(segmentsOf(t, packed)), "addresses past 2 GiB")

	// Only the zeros between neighbours in memory are written: 0x110 holds
	// d, which a join of a and b in the module's order would overwrite.
	shuffled := module(t, nil, seg(0x200, "b"), seg(0x210, "c"), seg(0x100, "a"), seg(0x120, "b"), seg(0x110, "d"))
	packed, err = PackData(shuffled)
	require.NoError(t, err)
	assert.Equal(t, []dataSegment{{0x200, []byte("b" + string(make([]byte, 15)) + "c"), false}, {0x100, []byte("a"), false},
		{0x120, []byte("b"), false}, {0x110, []byte("d"), false}}, withoutLinks(segmentsOf(t, packed)), "in the module's order")
	assert.Equal(t, memoryImage(t, shuffled), memoryImage(t, packed))

	none := module(t, nil)
	packed, err = PackData(none)
	require.NoError(t, err)
	assert.Empty(t, segmentsOf(t, packed))
	header := []byte("\x00asm\x01\x00\x00\x00")
	packed, err = PackData(header)
	require.NoError(t, err)
	assert.Equal(t, header, packed, "no data section: unchanged")
}

// A module whose data PackData could not prove it keeps is refused.
func TestPackDataRefusesWhatItCannotKeep(t *testing.T) {
	passive := []byte{1, 1, 'x'} // flags 1: passive, 1 byte
	global := []byte{0, 0x23, 0, 0x0b, 1, 'x'}
	dataCount := append([]byte("\x00asm\x01\x00\x00\x00"), section(wasmDataCountSection, []byte{1})...)
	dataCount = append(dataCount, module(t, nil, seg(0, "x"))[8:]...)
	cases := map[string][]byte{
		"not wasm":           []byte("\x00asn\x01\x00\x00\x00"),
		"data count":         dataCount,
		"passive segment":    module(t, [][]byte{passive}),
		"offset from global": module(t, [][]byte{global}),
		"overlapping":        module(t, nil, seg(0x100, "xyz"), seg(0x101, "y")),
		"overlapping, later": module(t, nil, seg(0x101, "y"), seg(0x100, "xyz")),
		"truncated segment":  module(t, [][]byte{{0, 0x41, 0, 0x0b, 5, 'x'}}),
	}
	for name, m := range cases {
		_, err := PackData(m)
		assert.Error(t, err, name)
	}
}

// seg encodes an active segment of memory 0 at offset.
func seg(offset int64, data string) []byte {
	b := []byte{0, 0x41}
	b = appendSleb(b, int64(int32(uint32(offset))))
	b = append(b, 0x0b)
	b = binary.AppendUvarint(b, uint64(len(data)))
	return append(b, data...)
}

// module is a wasm module with a custom section and a data section of raw
// (encoded segments) and segs.
func module(t *testing.T, raw [][]byte, segs ...[]byte) []byte {
	t.Helper()
	all := append(raw, segs...)
	payload := binary.AppendUvarint(nil, uint64(len(all)))
	for _, s := range all {
		payload = append(payload, s...)
	}
	m := []byte("\x00asm\x01\x00\x00\x00")
	m = append(m, section(0, []byte("\x04nameabc"))...)
	m = append(m, section(wasmDataSection, payload)...)
	return append(m, section(0, []byte("\x03endxyz"))...)
}

func section(id byte, payload []byte) []byte {
	b := append([]byte{id}, binary.AppendUvarint(nil, uint64(len(payload)))...)
	return append(b, payload...)
}

type rawSection struct {
	id      byte
	payload []byte
}

func sectionsBut(t *testing.T, m []byte, skip byte) []rawSection {
	t.Helper()
	var out []rawSection
	for pos := 8; pos < len(m); {
		id, start, end, err := nextSection(m, pos)
		require.NoError(t, err)
		if id != skip {
			out = append(out, rawSection{id, m[start:end]})
		}
		pos = end
	}
	return out
}

func segmentsOf(t *testing.T, m []byte) []dataSegment {
	t.Helper()
	for pos := 8; pos < len(m); {
		id, start, end, err := nextSection(m, pos)
		require.NoError(t, err)
		if id == wasmDataSection {
			segs, err := readSegments(m[start:end])
			require.NoError(t, err)
			return segs
		}
		pos = end
	}
	return nil
}

func withoutLinks(segs []dataSegment) []dataSegment {
	for i := range segs {
		segs[i].nextAdjacent = false
	}
	return segs
}

// memoryImage is the memory the module's data initializes: its bytes that
// are not zero, by address (memory starts zeroed).
func memoryImage(t *testing.T, m []byte) map[int64]byte {
	t.Helper()
	img := map[int64]byte{}
	for _, s := range segmentsOf(t, m) {
		for i, c := range s.data {
			if c != 0 {
				img[s.offset+int64(i)] = c
			}
		}
	}
	return img
}
