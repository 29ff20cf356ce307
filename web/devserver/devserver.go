//go:build !(js && wasm)

// Package devserver is the dev server that `make run` starts (web/cmd/devserver)
// and the demo it serves (static/): the demo site and, on a second origin as in
// production, the emulated Inbenta API. The browser tests start the same thing.
package devserver

import (
	"context"
	"fmt"
	"io"
	"strings"
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
	// Log hears what the browser keeps from the page: the origins the API
	// refused, the paths it does not have. Run logs to its out; nil
	// logs nowhere.
	Log io.Writer
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

// Run serves c until ctx is done, and tells out where everything is.
func Run(ctx context.Context, out io.Writer, c Config) error {
	if c.Log == nil {
		c.Log = out
	}
	d, err := NewServer(c)
	if err != nil {
		return err
	}
	defer d.Close()
	fmt.Fprintf(out, "Inbenta Auth dev server\n"+
		"  site:       %s/ (%s; CSP: %s)\n"+
		"  API:        %s/v1 (authURL)\n"+
		"  API key:    %s\n"+
		"  domain key: %s\n"+
		"              for pages on %s\n"+
		"  secret:     %s (server side only: for a server of your own against this API)\n"+
		"  token:      %s%s (GET/POST; your server's endpoint, it holds the Secret)\n"+
		"  faults:     POST %s%s {\"kind\": \"server-error\"} (kinds: %s)\n"+
		"%s"+
		"Press Ctrl+C to stop.\n", d.SiteURL, buildAt(d.buildAt), d.csp, d.APIURL, demoAPIKey, d.DomainKey,
		strings.Join(d.Origins, " "), d.secret, d.SiteURL, tokenPath, d.SiteURL, faultPath,
		strings.Join(faultKinds, ", "), notes(d.notes))
	return d.Serve(ctx)
}

// buildAt says where the banner's site serves the build.
func buildAt(mounts []string) string {
	if len(mounts) == 0 {
		return "the build at none of " + strings.Join(buildMounts, ", ")
	}
	return "the build at " + strings.Join(mounts, " and ")
}

// notes are the banner's lines about the folder of pages.
func notes(lines []string) string {
	var b strings.Builder
	for _, l := range lines {
		b.WriteString("  note:       " + l + "\n")
	}
	return b.String()
}
