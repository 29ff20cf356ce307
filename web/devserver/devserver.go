// Command web is the dev server: the demo site and, on a second origin as in
// production, the emulated Inbenta API. Run it from the repository root with
// `go run ./web` after `make build`.
package main

import (
	"context"
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/inbenta-community/inbenta-auth/sdk/authtest"
	"github.com/inbenta-community/inbenta-auth/sdk/backend"
)

const demoAPIKey = "demo-api-key"

// Paths of the demo's own server endpoints on the site.
const (
	tokenPath = "/demo/token"
	faultPath = "/demo/fault"
)

func main() {
	addr := flag.String("addr", "localhost:8080", "address of the demo site")
	apiAddr := flag.String("api-addr", "localhost:8081", "address of the emulated Inbenta API (a different origin than the site)")
	distDir := flag.String("dist", "web/dist", "directory of the build output, served at /dist/")
	staticDir := flag.String("static", "web/static", "directory of the pages and assets, served at /")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, *addr, *apiAddr, *staticDir, *distDir); err != nil {
		fmt.Fprintln(os.Stderr, "web:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, addr, apiAddr, staticDir, distDir string) error {
	d, err := newDevServer(addr, apiAddr, staticDir, distDir)
	if err != nil {
		return err
	}
	defer d.close()
	fmt.Printf("Inbenta Auth dev server\n"+
		"  site:       %s/\n"+
		"  API:        %s/v1\n"+
		"  API key:    %s\n"+
		"  domain key: %s\n"+
		"  token:      %s%s (GET/POST; your server's endpoint, it holds the Secret)\n"+
		"  faults:     POST %s%s {\"kind\": \"server-error\"} (kinds: %s)\n"+
		"Press Ctrl+C to stop.\n", d.siteURL, d.apiURL, demoAPIKey, d.domainKey, d.siteURL, tokenPath, d.siteURL, faultPath,
		strings.Join(faultKinds, ", "))
	return serve(ctx, d.handlers)
}

// devServer is the demo site and the emulated API, listening but not yet
// serving; the browser tests start the same thing. close it once served.
type devServer struct {
	siteURL, apiURL string
	domainKey       string
	// secret is the demo instance's Secret: random per run, known to the
	// token endpoint and the emulator, never sent to the page.
	secret   string
	api      *authtest.API
	tokens   *tokenEndpoint
	handlers map[net.Listener]http.Handler
}

func newDevServer(addr, apiAddr, staticDir, distDir string) (*devServer, error) {
	wasm := filepath.Join(distDir, "inbenta-auth.wasm")
	if _, err := os.Stat(wasm); errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s is missing: run make build first", wasm)
	} else if err != nil {
		return nil, err
	}
	siteLn, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	apiLn, err := net.Listen("tcp", apiAddr)
	if err != nil {
		siteLn.Close()
		return nil, err
	}
	siteURL, sitePort := listenURL(addr, siteLn)
	apiURL, _ := listenURL(apiAddr, apiLn)

	api := authtest.New()
	domainKey := authtest.NewDomainKey("demo")
	api.AddDomainKey(demoAPIKey, domainKey, siteOrigins(siteURL, sitePort)...)
	secret := rand.Text()
	api.AddInstance(demoAPIKey, secret)
	tokens, err := newTokenEndpoint(backend.Config{APIKey: demoAPIKey, Secret: secret, AuthURL: apiURL + "/v1"})
	if err != nil {
		siteLn.Close()
		apiLn.Close()
		return nil, err
	}

	mux := http.NewServeMux()
	mux.Handle("/demo/config.json", demoConfig{
		AuthURL: apiURL + "/v1", APIKey: demoAPIKey, DomainKey: domainKey,
		TokenURL: tokenPath, FaultURL: faultPath,
	})
	// A real site checks the user's session before handing out tokens.
	mux.Handle(tokenPath, tokens)
	mux.Handle(faultPath, &faultEndpoint{api: api, tokens: tokens})
	mux.Handle("/", newSiteHandler(staticDir, distDir, apiURL))
	return &devServer{
		siteURL: siteURL, apiURL: apiURL, domainKey: domainKey, secret: secret,
		api: api, tokens: tokens,
		handlers: map[net.Listener]http.Handler{siteLn: mux, apiLn: api},
	}, nil
}

// close releases what the server holds besides its listeners, which serve
// closes: the token endpoint's renewal timer and connections.
func (d *devServer) close() {
	d.tokens.Close()
}

// serve runs one server per listener until ctx is done or one of them fails.
func serve(ctx context.Context, handlers map[net.Listener]http.Handler) error {
	errc := make(chan error, len(handlers))
	servers := make([]*http.Server, 0, len(handlers))
	for ln, h := range handlers {
		srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
		servers = append(servers, srv)
		go func() { errc <- srv.Serve(ln) }()
	}

	var err error
	select {
	case <-ctx.Done():
	case err = <-errc:
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for _, srv := range servers {
		if serr := srv.Shutdown(shutdownCtx); serr != nil && err == nil {
			err = serr
		}
	}
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}

// listenURL is the http URL a browser on this machine uses to reach ln: the host as
// configured (so -addr localhost:0 stays "localhost"), with the port actually bound.
func listenURL(addr string, ln net.Listener) (string, int) {
	port := ln.Addr().(*net.TCPAddr).Port
	host, _, _ := net.SplitHostPort(addr)
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, strconv.Itoa(port)), port
}

// siteOrigins are the origins the demo domain key accepts: the site URL, and both
// loopback spellings so that either works in the browser.
func siteOrigins(siteURL string, port int) []string {
	origins := []string{siteURL}
	for _, host := range []string{"localhost", "127.0.0.1"} {
		if o := "http://" + net.JoinHostPort(host, strconv.Itoa(port)); o != siteURL {
			origins = append(origins, o)
		}
	}
	return origins
}
