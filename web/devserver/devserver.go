// Package devserver is the dev server that `make run` starts (web/cmd/devserver)
// and the demo it serves (static/): the demo site and, on a second origin as in
// production, the emulated Inbenta API. The browser tests start the same thing.
package devserver

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/inbenta-community/inbenta-auth/sdk/authtest"
	"github.com/inbenta-community/inbenta-auth/sdk/backend"
	"github.com/inbenta-community/inbenta-auth/web/loader"
	"github.com/inbenta-community/inbenta-auth/web/testsite"
)

const demoAPIKey = "demo-api-key"

// Paths of the demo's own server endpoints on the site.
const (
	tokenPath = "/demo/token"
	faultPath = "/demo/fault"
)

// Run serves the demo site at addr (its pages from staticDir, the build from
// distDir) and the emulated API at apiAddr until ctx is done, and tells out
// where they are.
func Run(ctx context.Context, out io.Writer, addr, apiAddr, staticDir, distDir string) error {
	d, err := New(addr, apiAddr, staticDir, distDir)
	if err != nil {
		return err
	}
	defer d.Close()
	fmt.Fprintf(out, "Inbenta Auth dev server\n"+
		"  site:       %s/\n"+
		"  API:        %s/v1\n"+
		"  API key:    %s\n"+
		"  domain key: %s\n"+
		"  token:      %s%s (GET/POST; your server's endpoint, it holds the Secret)\n"+
		"  faults:     POST %s%s {\"kind\": \"server-error\"} (kinds: %s)\n"+
		"Press Ctrl+C to stop.\n", d.SiteURL, d.APIURL, demoAPIKey, d.DomainKey, d.SiteURL, tokenPath, d.SiteURL, faultPath,
		strings.Join(faultKinds, ", "))
	return d.Serve(ctx)
}

// Server is the demo site and the emulated API, listening but not yet
// serving; the browser tests start the same thing. Close it once served.
type Server struct {
	SiteURL, APIURL string // the API's base is APIURL + "/v1"
	DomainKey       string // the demo's, for the site's origins
	API             *authtest.API
	// secret is the demo instance's Secret: random per run, known to the
	// token endpoint and the emulator, never sent to the page.
	secret   string
	tokens   *tokenEndpoint
	handlers map[net.Listener]http.Handler
}

// New listens at addr (the site) and apiAddr (the emulated API).
func New(addr, apiAddr, staticDir, distDir string) (*Server, error) {
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
	// The content-hashed wasm immutable, the rest revalidated (README: Hosting).
	mux.Handle("/", loader.WithCacheControl(testsite.NewSite(staticDir, distDir, apiURL)))
	return &Server{
		SiteURL: siteURL, APIURL: apiURL, DomainKey: domainKey, secret: secret,
		API: api, tokens: tokens,
		handlers: map[net.Listener]http.Handler{siteLn: mux, apiLn: api},
	}, nil
}

// Close releases what the server holds besides its listeners, which Serve
// closes: the token endpoint's renewal timer and connections.
func (d *Server) Close() {
	d.tokens.Close()
}

// TokenRequests counts the requests the demo's token endpoint (the
// customer's server) answered, by method.
func (d *Server) TokenRequests(method string) int { return d.tokens.count(method) }

// RenewToken makes the token endpoint get a new token now, as its timer
// would before expiry.
func (d *Server) RenewToken(ctx context.Context) error { return d.tokens.renew(ctx) }

// Start serves in the background, as the tests do; stop ends it, closes
// the server and returns what Serve returned.
func (d *Server) Start() (stop func() error) {
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- d.Serve(ctx) }()
	return func() error {
		cancel()
		err := <-served
		d.Close()
		return err
	}
}

// Serve runs the site and the API until ctx is done or one of them fails.
func (d *Server) Serve(ctx context.Context) error {
	handlers := d.handlers
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
