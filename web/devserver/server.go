//go:build !(js && wasm)

package devserver

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"

	"github.com/inbenta-community/inbenta-auth/sdk/authtest"
	"github.com/inbenta-community/inbenta-auth/sdk/backend"
	"github.com/inbenta-community/inbenta-auth/web/loader"
)

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
	buildAt  []string // the mounts that serve the build
	notes    []string // what the folder of pages changes, for the banner
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
	if err := checkStatic(c.StaticDir); err != nil {
		return nil, err
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
	site, buildAt, notes := newSite(c, apiURL)
	// The content-hashed wasm immutable, the rest revalidated (README: Hosting).
	mux.Handle("/", loader.WithCacheControl(site))
	log := c.Log
	if log == nil {
		log = io.Discard
	}
	desk := &apiDesk{api: api, apiURL: apiURL, origins: origins, log: log, told: map[string]bool{}}
	return &Server{
		SiteURL: siteURL, APIURL: apiURL, DomainKey: c.DomainKey, Origins: origins, secret: c.Secret,
		API: api, tokens: tokens, csp: c.CSP, buildAt: buildAt, notes: notes,
		handlers: map[net.Listener]http.Handler{siteLn: mux, apiLn: desk},
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
