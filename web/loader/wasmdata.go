//go:build !(js && wasm)

package loader

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
)

// Go's linker writes a wasm's data as one segment per run of bytes between
// runs of 8 or more zeros: the fewest raw bytes. A download is compressed,
// though, and there each segment's header, whose offset changes every time,
// costs more than the zeros it skips. Most of those runs are in the
// runtime's PC lookup table, a dozen or more a function. So the bundle's
// wasm has its segments joined across short runs of zeros: the memory a
// page instantiates holds the same bytes (memory starts zeroed), and
// nothing else in the module changes.

// maxJoinedZeros is the longest run of zeros a joined segment spells out.
const maxJoinedZeros = 64

// Section ids of the wasm binary format.
const (
	wasmDataSection      = 11
	wasmDataCountSection = 12
)

// dataSegment is an active segment of memory 0 at a constant offset.
type dataSegment struct {
	offset int64
	data   []byte
	// nextAdjacent: the segment after it in the module is the next one in
	// memory, so that the zeros between them belong to no segment.
	nextAdjacent bool
}

// PackData joins the data segments of the Go wasm module m across runs of
// at most maxJoinedZeros zeros (see above). It refuses a module whose data
// it cannot prove it keeps: a passive segment, an offset that is not a
// constant, overlapping segments, or a data count section (code could
// then name segments by index). Packing a packed module changes nothing.
func PackData(m []byte) ([]byte, error) {
	if len(m) < 8 || !bytes.Equal(m[:4], []byte("\x00asm")) || binary.LittleEndian.Uint32(m[4:8]) != 1 {
		return nil, errors.New("not a version 1 wasm module")
	}
	for pos := 8; pos < len(m); {
		id, start, end, err := nextSection(m, pos)
		if err != nil {
			return nil, err
		}
		switch id {
		case wasmDataCountSection:
			return nil, errors.New("the module has a data count section: its code may name data segments")
		case wasmDataSection:
			segs, err := readSegments(m[start:end])
			if err != nil {
				return nil, fmt.Errorf("data section: %w", err)
			}
			out := append([]byte(nil), m[:pos]...)
			payload := writeSegments(join(segs))
			out = append(out, wasmDataSection)
			out = binary.AppendUvarint(out, uint64(len(payload)))
			out = append(out, payload...)
			return append(out, m[end:]...), nil
		}
		pos = end
	}
	return m, nil
}

// nextSection reads the header of the section at pos.
func nextSection(m []byte, pos int) (id byte, start, end int, err error) {
	id = m[pos]
	size, n := binary.Uvarint(m[pos+1:])
	if n <= 0 || size > uint64(len(m)-pos-1-n) {
		return 0, 0, 0, fmt.Errorf("section %d at %d: bad size", id, pos)
	}
	start = pos + 1 + n
	return id, start, start + int(size), nil
}

func readSegments(p []byte) ([]dataSegment, error) {
	r := wasmReader{p: p}
	count := r.uleb()
	var segs []dataSegment
	for i := uint64(0); i < count && r.err == nil; i++ {
		if flags := r.uleb(); flags != 0 {
			return nil, fmt.Errorf("segment %d is not an active segment of memory 0", i)
		}
		if r.byte() != 0x41 { // i32.const
			return nil, fmt.Errorf("segment %d: its offset is not a constant", i)
		}
		offset := int64(uint32(r.sleb())) // an address: i32.const reads it signed
		if r.byte() != 0x0b {             // end
			return nil, fmt.Errorf("segment %d: its offset is not a constant", i)
		}
		segs = append(segs, dataSegment{offset: offset, data: r.bytes(r.uleb())})
	}
	if r.err == nil && len(r.p) != 0 {
		r.err = errors.New("trailing bytes")
	}
	if r.err != nil {
		return nil, r.err
	}
	// Segments that do not overlap initialize the same memory in any order.
	byAddr := make([]int, len(segs))
	for i := range byAddr {
		byAddr[i] = i
	}
	slices.SortFunc(byAddr, func(a, b int) int { return cmp.Compare(segs[a].offset, segs[b].offset) })
	for k := 1; k < len(byAddr); k++ {
		if a, b := segs[byAddr[k-1]], segs[byAddr[k]]; b.offset < a.offset+int64(len(a.data)) {
			return nil, fmt.Errorf("segments at %#x and %#x overlap", a.offset, b.offset)
		}
	}
	for k := 1; k < len(byAddr); k++ {
		if byAddr[k] == byAddr[k-1]+1 {
			segs[byAddr[k-1]].nextAdjacent = true
		}
	}
	return segs, nil
}

// join merges each segment into the one before it in the module when that
// one ends at most maxJoinedZeros zeros before it in memory. Go's order is
// kept: it compresses better than address order.
func join(segs []dataSegment) []dataSegment {
	var out []dataSegment
	for i, s := range segs {
		if n := len(out); n > 0 && segs[i-1].nextAdjacent {
			last := &out[n-1]
			if gap := s.offset - last.offset - int64(len(last.data)); gap <= maxJoinedZeros {
				last.data = append(append(last.data, make([]byte, gap)...), s.data...)
				last.nextAdjacent = s.nextAdjacent
				continue
			}
		}
		out = append(out, dataSegment{s.offset, append([]byte(nil), s.data...), s.nextAdjacent})
	}
	return out
}

func writeSegments(segs []dataSegment) []byte {
	out := binary.AppendUvarint(nil, uint64(len(segs)))
	for _, s := range segs {
		out = append(out, 0, 0x41) // active, memory 0; i32.const
		out = appendSleb(out, int64(int32(uint32(s.offset))))
		out = append(out, 0x0b) // end
		out = binary.AppendUvarint(out, uint64(len(s.data)))
		out = append(out, s.data...)
	}
	return out
}

func appendSleb(b []byte, v int64) []byte {
	for {
		c := byte(v & 0x7f)
		v >>= 7
		if (v == 0 && c&0x40 == 0) || (v == -1 && c&0x40 != 0) {
			return append(b, c)
		}
		b = append(b, c|0x80)
	}
}

// wasmReader reads LEB128 numbers and bytes; the first error sticks.
type wasmReader struct {
	p   []byte
	err error
}

func (r *wasmReader) fail() {
	if r.err == nil {
		r.err = errors.New("truncated")
	}
	r.p = nil
}

func (r *wasmReader) byte() byte {
	if len(r.p) == 0 {
		r.fail()
		return 0
	}
	c := r.p[0]
	r.p = r.p[1:]
	return c
}

func (r *wasmReader) uleb() uint64 {
	v, n := binary.Uvarint(r.p)
	if n <= 0 {
		r.fail()
		return 0
	}
	r.p = r.p[n:]
	return v
}

// sleb reads a signed LEB128 number of at most 32 bits, as i32.const holds.
func (r *wasmReader) sleb() int32 {
	var v int64
	for shift := uint(0); shift < 35; shift += 7 {
		c := r.byte()
		v |= int64(c&0x7f) << shift
		if c&0x80 == 0 {
			if c&0x40 != 0 {
				v |= -1 << (shift + 7)
			}
			return int32(v)
		}
	}
	r.fail()
	return 0
}

func (r *wasmReader) bytes(n uint64) []byte {
	if n > uint64(len(r.p)) {
		r.fail()
		return nil
	}
	b := r.p[:n]
	r.p = r.p[n:]
	return b
}
