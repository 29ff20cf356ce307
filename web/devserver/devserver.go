//go:build !(js && wasm)

// Package devserver is the dev server that `make run` starts (web/cmd/devserver)
// and the demo it serves (static/): the demo site and, on a second origin as in
// production, the emulated Inbenta API. The browser tests start the same thing.
package devserver

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/inbenta-community/inbenta-auth/sdk/authtest"
	"github.com/inbenta-community/inbenta-auth/sdk/backend"
	"github.com/inbenta-community/inbenta-auth/web/loader"
	"github.com/inbenta-community/inbenta-auth/web/testsite"
)

// The demo instance's keys. They are fixed, so that a page of your own, or
// a server of your own in access-token mode, can use them from one run to
// the next; -domain-key and -secret replace them.
const (
	demoAPIKey = "demo-api-key"
	// DemoDomainKey is shaped like Inbenta's (an RS256 JWT whose payload
	// names the project and the key); the emulator checks only that it is
	// registered for the page's origin.
	DemoDomainKey = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9" + // {"alg":"RS256","typ":"JWT"}
		".eyJwcm9qZWN0IjoiZGVtbyIsImRvbWFpbl9rZXlfaWQiOiJkZW1vIn0" + // {"project":"demo","domain_key_id":"demo"}
		".ZGVtby1zaWduYXR1cmU"
	// DemoSecret is the demo instance's Secret: only the dev server's token
	// endpoint and a server of your own use it, never a page.
	DemoSecret = "demo-secret"
)

// Paths of the demo's own server endpoints on the site.
const (
	tokenPath = "/demo/token"
	faultPath = "/demo/fault"
)

// Config is what the dev server serves, and where.
type Config struct {
	Addr      string // the site: the demo, or the pages of StaticDir
	APIAddr   string // the emulated API, on another origin as in production
	StaticDir string // the site's pages, served at /
	DistDir   string // the build, served at /dist/ and /inbenta/
	// Origins are more page origins ("http://localhost:5173") the Domain
	// Key is registered for, besides the site's own: pages served by
	// another server.
	Origins []string
	// DomainKey and Secret replace DemoDomainKey and DemoSecret when set.
	DomainKey, Secret string
	// CSP is the site pages' Content-Security-Policy: CSPStrict (the
	// default), CSPInline or CSPOff.
	CSP string
}

// The CSP modes of Config.CSP.
const (
	// CSPStrict is what the SDK needs and no more: scripts from the site
	// and WebAssembly compilation, connections to the site and the API.
	// Inline scripts are refused: the demo has none.
	CSPStrict = "strict"
	// CSPInline is CSPStrict with inline scripts and styles allowed, for
	// pages of your own that start the SDK in a <script> as the README's
	// quick start does.
	CSPInline = "inline"
	// CSPOff sends no Content-Security-Policy.
	CSPOff = "off"
)

// ListenError is New's error when an address cannot be listened on, for
// example because another program holds the port.
type ListenError struct {
	Which string // "site" or "API"
	Addr  string
	Err   error
}

func (e *ListenError) Error() string {
	return "the " + e.Which + " at " + e.Addr + ": " + e.Err.Error()
}
func (e *ListenError) Unwrap() error { return e.Err }

// Busy reports whether the address is in use by another program.
func (e *ListenError) Busy() bool { return errors.Is(e.Err, syscall.EADDRINUSE) }

// Run serves c until ctx is done, and tells out where everything is.
func Run(ctx context.Context, out io.Writer, c Config) error {
	d, err := NewServer(c)
	if err != nil {
		return err
	}
	defer d.Close()
	fmt.Fprintf(out, "Inbenta Auth dev server\n"+
		"  site:       %s/ (the build at /inbenta/ and /dist/; CSP: %s)\n"+
		"  API:        %s/v1 (authURL)\n"+
		"  API key:    %s\n"+
		"  domain key: %s\n"+
		"              for pages on %s\n"+
		"  secret:     %s (server side only: for a server of your own against this API)\n"+
		"  token:      %s%s (GET/POST; your server's endpoint, it holds the Secret)\n"+
		"  faults:     POST %s%s {\"kind\": \"server-error\"} (kinds: %s)\n"+
		"Press Ctrl+C to stop.\n", d.SiteURL, d.csp, d.APIURL, demoAPIKey, d.DomainKey,
		strings.Join(d.Origins, " "), d.secret, d.SiteURL, tokenPath, d.SiteURL, faultPath,
		strings.Join(faultKinds, ", "))
	return d.Serve(ctx)
}

// Server is the demo site and the emulated API, listening but not yet
// serving; the browser tests start the same thing. Close it once served.
type Server struct {
	SiteURL, APIURL string   // the API's base is APIURL + "/v1"
	DomainKey       string   // the demo's, for Origins
	Origins         []string // the page origins the Domain Key is registered for
	API             *authtest.API
	// secret is the demo instance's Secret, known to the token endpoint
	// and the emulator, never sent to the page.
	secret   string
	csp      string
	tokens   *tokenEndpoint
	handlers map[net.Listener]http.Handler
}

// New listens at addr (the site) and apiAddr (the emulated API), with the
// demo's keys and CSP.
func New(addr, apiAddr, staticDir, distDir string) (*Server, error) {
	return NewServer(Config{Addr: addr, APIAddr: apiAddr, StaticDir: staticDir, DistDir: distDir})
}

// NewServer listens at c.Addr (the site) and c.APIAddr (the emulated API).
func NewServer(c Config) (*Server, error) {
	if c.DomainKey == "" {
		c.DomainKey = DemoDomainKey
	}
	if c.Secret == "" {
		c.Secret = DemoSecret
	}
	if c.CSP == "" {
		c.CSP = CSPStrict
	}
	if c.CSP != CSPStrict && c.CSP != CSPInline && c.CSP != CSPOff {
		return nil, fmt.Errorf("unknown CSP mode %q: use %s, %s or %s", c.CSP, CSPStrict, CSPInline, CSPOff)
	}
	extra := make([]string, 0, len(c.Origins))
	for _, o := range c.Origins {
		origin, err := ParseOrigin(o)
		if err != nil {
			return nil, err
		}
		extra = append(extra, origin)
	}
	wasm := filepath.Join(c.DistDir, "inbenta-auth.wasm")
	if _, err := os.Stat(wasm); errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s is missing: run make build first", wasm)
	} else if err != nil {
		return nil, err
	}
	siteLn, err := net.Listen("tcp", c.Addr)
	if err != nil {
		return nil, &ListenError{Which: "site", Addr: c.Addr, Err: err}
	}
	apiLn, err := net.Listen("tcp", c.APIAddr)
	if err != nil {
		siteLn.Close()
		return nil, &ListenError{Which: "API", Addr: c.APIAddr, Err: err}
	}
	siteURL, sitePort := listenURL(c.Addr, siteLn)
	apiURL, _ := listenURL(c.APIAddr, apiLn)

	api := authtest.New()
	origins := siteOrigins(siteURL, sitePort)
	for _, o := range extra {
		if !slices.Contains(origins, o) {
			origins = append(origins, o)
		}
	}
	api.AddDomainKey(demoAPIKey, c.DomainKey, origins...)
	api.AddInstance(demoAPIKey, c.Secret)
	tokens, err := newTokenEndpoint(backend.Config{APIKey: demoAPIKey, Secret: c.Secret, AuthURL: apiURL + "/v1"})
	if err != nil {
		siteLn.Close()
		apiLn.Close()
		return nil, err
	}

	mux := http.NewServeMux()
	mux.Handle("/demo/config.json", demoConfig{
		AuthURL: apiURL + "/v1", APIKey: demoAPIKey, DomainKey: c.DomainKey,
		TokenURL: tokenPath, FaultURL: faultPath,
	})
	// A real site checks the user's session before handing out tokens.
	mux.Handle(tokenPath, tokens)
	mux.Handle(faultPath, &faultEndpoint{api: api, tokens: tokens})
	site := testsite.NewSite(c.StaticDir, c.DistDir, apiURL)
	// Where the README's snippets look for the bundle.
	site.Mount("/inbenta/", http.Dir(c.DistDir))
	switch c.CSP {
	case CSPInline:
		site.CSP = inlineCSP(apiURL)
	case CSPOff:
		site.CSP = ""
	}
	// The content-hashed wasm immutable, the rest revalidated (README: Hosting).
	mux.Handle("/", loader.WithCacheControl(site))
	return &Server{
		SiteURL: siteURL, APIURL: apiURL, DomainKey: c.DomainKey, Origins: origins, secret: c.Secret,
		API: api, tokens: tokens, csp: c.CSP,
		handlers: map[net.Listener]http.Handler{siteLn: mux, apiLn: api},
	}, nil
}

// inlineCSP is testsite.PageCSP with inline scripts and styles allowed.
func inlineCSP(apiURL string) string {
	return "default-src 'self'; script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'; connect-src 'self' " + apiURL +
		"; style-src 'self' 'unsafe-inline'; img-src 'self' data:"
}

// ParseOrigin checks that s is an http(s) origin as browsers send it,
// scheme://host[:port], and returns it without a trailing slash.
func ParseOrigin(s string) (string, error) {
	u, err := url.Parse(strings.TrimSuffix(s, "/"))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" ||
		u.Path != "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return "", fmt.Errorf("origin %q: want scheme://host[:port], e.g. http://localhost:5173", s)
	}
	return strings.ToLower(u.Scheme + "://" + u.Host), nil
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
	fresh := freshConns{conns: map[net.Conn]struct{}{}}
	for ln, h := range handlers {
		srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, ConnState: fresh.track}
		servers = append(servers, srv)
		go func() { errc <- srv.Serve(ln) }()
	}

	var err error
	select {
	case <-ctx.Done():
	case err = <-errc:
	}
	fresh.closeAll()
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

// freshConns closes, at shutdown, the connections that have not sent a
// request: browsers open them ahead of need, and Shutdown counts them idle
// only once they are 5 s old (golang.org/issue/22682), all the time it has.
type freshConns struct {
	mu      sync.Mutex
	conns   map[net.Conn]struct{}
	closing bool
}

// track is an http.Server's ConnState hook.
func (f *freshConns) track(c net.Conn, s http.ConnState) {
	f.mu.Lock()
	defer f.mu.Unlock()
	switch {
	case s == http.StateNew && f.closing:
		c.Close()
	case s == http.StateNew:
		f.conns[c] = struct{}{}
	default:
		delete(f.conns, c)
	}
}

// closeAll closes the fresh connections, and from now on each new one.
func (f *freshConns) closeAll() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.closing = true
	for c := range f.conns {
		c.Close()
	}
	clear(f.conns)
}
