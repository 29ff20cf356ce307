// Command integrity writes DIR/integrity.json: the bundle's version and the
// SRI hash (sha384) of every file in DIR. make build runs it last.
//
//	go run ./web/cmd/integrity web/dist
//
// With -check it writes nothing and fails unless integrity.json matches the
// files, e.g. to check a bundle before deploying it.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/inbenta-community/inbenta-auth/web/bundle"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("integrity", flag.ContinueOnError)
	flags.SetOutput(stderr)
	check := flags.Bool("check", false, "check DIR against its integrity.json instead of writing it")
	flags.Usage = func() {
		fmt.Fprintln(stderr, "usage: integrity [-check] DIR")
		flags.PrintDefaults()
	}
	if err := flags.Parse(args); err != nil {
		return 2
	}
	if flags.NArg() != 1 {
		flags.Usage()
		return 2
	}
	dir := flags.Arg(0)
	if *check {
		if err := bundle.Verify(dir); err != nil {
			fmt.Fprintf(stderr, "integrity: %s does not match its %s:\n%v\n", dir, bundle.ManifestName, err)
			return 1
		}
		fmt.Fprintf(stdout, "%s matches its %s\n", dir, bundle.ManifestName)
		return 0
	}
	m, err := bundle.WriteManifest(dir)
	if err != nil {
		fmt.Fprintln(stderr, "integrity:", err)
		return 1
	}
	fmt.Fprintf(stdout, "%s/%s: version %s, %d files\n", dir, bundle.ManifestName, m.Version, len(m.Files))
	return 0
}
