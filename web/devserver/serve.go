//go:build !(js && wasm)

package devserver

import (
	"context"
	"errors"
	"net"
	"net/http"
	"sync"
	"time"
)

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
