//go:build !(js && wasm)

// Command devserver is the dev server: the demo site and, on a second origin
// as in production, the emulated Inbenta API (web/devserver). Run it from the
// repository root after make build; make run does both, and passes ARGS:
//
//	go run ./web/cmd/devserver [flags]
//	make run ARGS='-addr localhost:9000 -origin http://localhost:5173'
//
// Flags:
//
//	-addr host:port        the site (default localhost:8080)
//	-api-addr host:port    the emulated Inbenta API (default localhost:8081)
//	-origin URL            another page origin the demo Domain Key accepts,
//	                       e.g. your own dev server's; repeatable
//	-static DIR            serve your own pages at / instead of the demo;
//	                       DIR must exist, and its own inbenta/ or dist/
//	                       folder, if any, is served instead of the build
//	-csp MODE              the pages' Content-Security-Policy: strict (the
//	                       demo's default: no inline scripts), inline (the
//	                       default with -static), off
//	-domain-key KEY        the Domain Key (default: a fixed demo key)
//	-secret SECRET         the Secret (default demo-secret)
//	-dist DIR              the build, served at /inbenta/ and /dist/
//
// While it runs it logs what a browser keeps from the page: each page
// origin the API refused, with the -origin flag that admits it, and each
// path the API does not have (an authURL without its /v1).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"syscall"

	"github.com/inbenta-community/inbenta-auth/web/devserver"
)

const demoStatic = "web/devserver/static"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("devserver", flag.ContinueOnError)
	flags.SetOutput(stderr)
	var c devserver.Config
	flags.StringVar(&c.Addr, "addr", "localhost:8080", "`host:port` of the site (the demo, or your pages with -static)")
	flags.StringVar(&c.APIAddr, "api-addr", "localhost:8081", "`host:port` of the emulated Inbenta API (another origin than the site)")
	flags.Func("origin", "another page `origin` the Domain Key accepts, e.g. http://localhost:5173 (repeatable)", func(s string) error {
		o, err := devserver.ParseOrigin(s)
		if err == nil {
			c.Origins = append(c.Origins, o)
		}
		return err
	})
	flags.StringVar(&c.StaticDir, "static", demoStatic, "`directory` of the pages served at / (your own, instead of the demo; its own inbenta/, if any, instead of the build)")
	flags.StringVar(&c.CSP, "csp", "", "the pages' Content-Security-Policy: strict (no inline scripts; the demo's default), inline (the default with -static), off")
	flags.StringVar(&c.DomainKey, "domain-key", devserver.DemoDomainKey, "the Domain Key the emulator accepts")
	flags.StringVar(&c.Secret, "secret", devserver.DemoSecret, "the Secret the emulator accepts (server side only)")
	flags.StringVar(&c.DistDir, "dist", "web/dist", "`directory` of the build, served at /inbenta/ and /dist/")
	if err := flags.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if flags.NArg() != 0 {
		fmt.Fprintf(stderr, "devserver: unexpected argument %q\n", flags.Arg(0))
		flags.Usage()
		return 2
	}
	if c.CSP == "" && c.StaticDir != demoStatic {
		c.CSP = devserver.CSPInline
	}
	if err := devserver.Run(ctx, stdout, c); err != nil {
		msg := explain(err)
		if errors.Is(err, fs.ErrNotExist) && c.StaticDir == demoStatic {
			msg += "\nThe demo is in " + demoStatic + ": run it from the repository root, as make run does."
		}
		fmt.Fprintln(stderr, "devserver:", msg)
		return 1
	}
	return 0
}

// explain turns a busy port into a message naming the flag that moves it.
func explain(err error) string {
	var le *devserver.ListenError
	if !errors.As(err, &le) || !le.Busy() {
		return err.Error()
	}
	flagName, example := "-addr", "localhost:8090"
	if le.Which == "API" {
		flagName, example = "-api-addr", "localhost:8091"
	}
	return fmt.Sprintf("%s is already in use (another dev server, or another program?).\n"+
		"Choose another address for the %s with %s, e.g.\n"+
		"  make run ARGS='%s %s'\n"+
		"  go run ./web/cmd/devserver %s %s",
		le.Addr, le.Which, flagName, flagName, example, flagName, example)
}
