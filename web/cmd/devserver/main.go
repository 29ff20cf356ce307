// Command devserver is the dev server: the demo site and, on a second origin
// as in production, the emulated Inbenta API (web/devserver). Run it from the
// repository root after make build; make run does both:
//
//	go run ./web/cmd/devserver
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/inbenta-community/inbenta-auth/web/devserver"
)

func main() {
	addr := flag.String("addr", "localhost:8080", "address of the demo site")
	apiAddr := flag.String("api-addr", "localhost:8081", "address of the emulated Inbenta API (a different origin than the site)")
	distDir := flag.String("dist", "web/dist", "directory of the build output, served at /dist/")
	staticDir := flag.String("static", "web/devserver/static", "directory of the pages and assets, served at /")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := devserver.Run(ctx, os.Stdout, *addr, *apiAddr, *staticDir, *distDir); err != nil {
		fmt.Fprintln(os.Stderr, "devserver:", err)
		os.Exit(1)
	}
}
