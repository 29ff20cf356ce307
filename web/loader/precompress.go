//go:build !(js && wasm)

package loader

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/andybalholm/brotli"
)

// encoders maps a sibling's extension to its compressor.
var encoders = []struct {
	ext string
	new func(io.Writer) io.WriteCloser
}{
	{".br", func(w io.Writer) io.WriteCloser { return brotli.NewWriterLevel(w, brotli.BestCompression) }},
	{".gz", func(w io.Writer) io.WriteCloser {
		zw, _ := gzip.NewWriterLevel(w, gzip.BestCompression) // the level is valid, so no error
		return zw
	}},
}

// Compressed is data at the best brotli and gzip levels.
type Compressed struct{ Brotli, Gzip []byte }

// Compress compresses data at the best brotli and gzip levels: what the
// bundle's siblings hold, and what make bench measures.
func Compress(data []byte) (Compressed, error) {
	var out [2][]byte
	var errs [2]error
	var wg sync.WaitGroup
	for i, enc := range encoders { // both at once: brotli's best level takes seconds
		wg.Go(func() {
			var buf bytes.Buffer
			zw := enc.new(&buf)
			if _, errs[i] = zw.Write(data); errs[i] == nil {
				errs[i] = zw.Close()
			}
			out[i] = buf.Bytes()
		})
	}
	wg.Wait()
	if err := errors.Join(errs[:]...); err != nil {
		return Compressed{}, err
	}
	return Compressed{Brotli: out[0], Gzip: out[1]}, nil
}

// WriteSiblings writes name.br and name.gz from c.
func WriteSiblings(name string, c Compressed) error {
	if err := WriteFile(name+".br", c.Brotli); err != nil {
		return err
	}
	return WriteFile(name+".gz", c.Gzip)
}

// Precompress writes name.br and name.gz next to name, at the best
// compression levels, for servers that serve precompressed siblings, and
// reports their sizes to out.
func Precompress(out io.Writer, name string) error {
	data, err := os.ReadFile(name)
	if err != nil {
		return err
	}
	if siblingsHold(name, data) {
		// go build rewrites an unchanged wasm; brotli's best level takes
		// seconds, so an unchanged wasm keeps its siblings. They are touched:
		// servers take a sibling older than its original for a stale one.
		now := time.Now()
		for _, enc := range encoders {
			if err := os.Chtimes(name+enc.ext, now, now); err != nil {
				return err
			}
		}
		fmt.Fprintf(out, "%s: unchanged, .br and .gz kept\n", name)
		return nil
	}
	c, err := Compress(data)
	if err != nil {
		return err
	}
	if err := WriteSiblings(name, c); err != nil {
		return err
	}
	fmt.Fprintf(out, "%s: %d bytes, .br %d bytes (%.1f%%), .gz %d bytes (%.1f%%)\n", name, len(data),
		len(c.Brotli), percent(len(c.Brotli), len(data)), len(c.Gzip), percent(len(c.Gzip), len(data)))
	return nil
}

// siblingsHold reports whether name.br and name.gz both exist and decode to
// exactly data. Decoding takes milliseconds where compressing takes seconds.
func siblingsHold(name string, data []byte) bool {
	decoders := map[string]func(io.Reader) (io.Reader, error){
		".br": func(r io.Reader) (io.Reader, error) { return brotli.NewReader(r), nil },
		".gz": func(r io.Reader) (io.Reader, error) { return gzip.NewReader(r) },
	}
	for _, enc := range encoders {
		f, err := os.Open(name + enc.ext)
		if err != nil {
			return false
		}
		r, err := decoders[enc.ext](f)
		var got []byte
		if err == nil {
			// One byte more than data would show a longer original.
			got, err = io.ReadAll(io.LimitReader(r, int64(len(data))+1))
		}
		f.Close()
		if err != nil || !bytes.Equal(got, data) {
			return false
		}
	}
	return true
}

func percent(part, whole int) float64 {
	if whole == 0 {
		return 0
	}
	return 100 * float64(part) / float64(whole)
}
