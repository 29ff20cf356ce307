// Command precompress writes FILE.br and FILE.gz next to each FILE, at the best
// compression levels, for servers that serve precompressed siblings.
//
//	go run ./web/cmd/precompress web/dist/inbenta-auth.wasm
package main

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"os"

	"github.com/andybalholm/brotli"

	"github.com/inbenta-community/inbenta-auth/web/bundle"
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

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: precompress FILE...")
		os.Exit(2)
	}
	for _, name := range os.Args[1:] {
		if err := precompress(os.Stdout, name); err != nil {
			fmt.Fprintln(os.Stderr, "precompress:", err)
			os.Exit(1)
		}
	}
}

// precompress writes the siblings of name and reports their sizes to out.
func precompress(out io.Writer, name string) error {
	data, err := os.ReadFile(name)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "%s: %d bytes", name, len(data))
	for _, enc := range encoders {
		var buf bytes.Buffer
		zw := enc.new(&buf)
		if _, err := zw.Write(data); err != nil {
			return err
		}
		if err := zw.Close(); err != nil {
			return err
		}
		if err := bundle.WriteFile(name+enc.ext, buf.Bytes()); err != nil {
			return err
		}
		fmt.Fprintf(out, ", %s %d bytes (%.1f%%)", enc.ext, buf.Len(), percent(buf.Len(), len(data)))
	}
	fmt.Fprintln(out)
	return nil
}

func percent(part, whole int) float64 {
	if whole == 0 {
		return 0
	}
	return 100 * float64(part) / float64(whole)
}
