//go:build !(js && wasm)

// Command package makes what people install or copy from a built bundle
// (make build first; make package and make release run it):
//
//	go run ./web/cmd/package -dist web/dist            # the npm package: web/dist/inbenta-community-inbenta-auth-VERSION.tgz
//	go run ./web/cmd/package -dist web/dist -release   # web/dist/inbenta-auth-VERSION.tar.gz and its .sha256
//
// The npm package is `npm pack` of a folder made in a temporary directory
// (-keep DIR makes it there instead, to look at or npm link). The version is
// the bundle's (web/loader/version.json); CHANGELOG.md must have a
// section for it.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/inbenta-community/inbenta-auth/web/loader"
	"github.com/inbenta-community/inbenta-auth/web/pack"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

type config struct {
	dist, root, npm, keep string
	release               bool
}

func run(args []string, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("package", flag.ContinueOnError)
	flags.SetOutput(stderr)
	var c config
	flags.StringVar(&c.dist, "dist", "web/dist", "the built bundle, checked against its integrity.json; the outputs go there too")
	flags.StringVar(&c.root, "root", ".", "the repository root: README.md, LICENSE, CHANGELOG.md, docs/")
	flags.StringVar(&c.npm, "npm", "npm", "the npm command")
	flags.StringVar(&c.keep, "keep", "", "make the npm package's folder in this (empty or new) directory and keep it")
	flags.BoolVar(&c.release, "release", false, "make the release archive instead of the npm package")
	if err := flags.Parse(args); err != nil {
		return 2
	}
	if flags.NArg() != 0 {
		flags.Usage()
		return 2
	}
	b, err := pack.ReadBundle(c.dist)
	if err == nil {
		if c.release {
			err = release(b, c, stdout)
		} else {
			err = npmPackage(b, c, stdout)
		}
	}
	if err != nil {
		fmt.Fprintln(stderr, "package:", err)
		return 1
	}
	return 0
}

func release(b *pack.Bundle, c config, out io.Writer) error {
	archive, sums, err := b.Archive(c.root)
	if err != nil {
		return err
	}
	name := pack.ArchiveName(b.Manifest.Version)
	if err := loader.WriteFile(filepath.Join(c.dist, name), archive); err != nil {
		return err
	}
	if err := loader.WriteFile(filepath.Join(c.dist, name+".sha256"), pack.ArchiveChecksum(name, archive)); err != nil {
		return err
	}
	fmt.Fprintf(out, "%s: %d bytes, and %s.sha256\n%s (inside, with %s):\n%s", filepath.Join(c.dist, name), len(archive), name,
		pack.ChecksumsName, loader.ManifestName, sums)
	return nil
}

func npmPackage(b *pack.Bundle, c config, out io.Writer) error {
	dir := c.keep
	if dir == "" {
		tmp, err := os.MkdirTemp("", "inbenta-auth-npm-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		dir = tmp
	}
	if err := b.Stage(c.root, dir); err != nil {
		return err
	}
	dest, err := filepath.Abs(c.dist)
	if err != nil {
		return err
	}
	name := pack.TarballName(b.Manifest.Version)
	// A stale tarball of the same name would be overwritten anyway; removing
	// it first means a failed npm pack leaves none.
	if err := os.Remove(filepath.Join(dest, name)); err != nil && !os.IsNotExist(err) {
		return err
	}
	cmd := exec.Command(c.npm, "pack", "--json", "--ignore-scripts", "--pack-destination", dest, ".")
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("npm pack: %v\n%s", err, stderr.Bytes())
	}
	var packed []struct {
		Filename string `json:"filename"`
		Size     int    `json:"size"`
		Files    []struct {
			Path string `json:"path"`
			Size int    `json:"size"`
		} `json:"files"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &packed); err != nil || len(packed) != 1 {
		return fmt.Errorf("npm pack --json: unexpected output %q (%v)", stdout.Bytes(), err)
	}
	if packed[0].Filename != name {
		return fmt.Errorf("npm pack wrote %s, expected %s", packed[0].Filename, name)
	}
	fmt.Fprintf(out, "%s: %s@%s, %d bytes, %d files:\n", filepath.Join(c.dist, name), pack.Name, b.Manifest.Version, packed[0].Size, len(packed[0].Files))
	for _, f := range packed[0].Files {
		fmt.Fprintf(out, "  %9d  %s\n", f.Size, f.Path)
	}
	if c.keep != "" {
		fmt.Fprintf(out, "the package's folder: %s\n", c.keep)
	}
	return nil
}
