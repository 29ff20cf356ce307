//go:build !(js && wasm)

package devserver

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
	"syscall"
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
