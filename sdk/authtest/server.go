//go:build !(js && wasm)

package authtest

import (
	"context"
	"net"
	"net/http/httptest"
)

// Server is an API listening on a loopback port, like httptest.Server.
type Server struct {
	*API
	URL     string // e.g. http://127.0.0.1:PORT
	AuthURL string // URL + "/v1": what the SDK's authURL option takes

	hs     *httptest.Server
	cancel context.CancelFunc
}

// NewServer starts an API on 127.0.0.1 at a free port.
func NewServer() *Server {
	api := New()
	// Cancelling every request's context on Close ends pending fault delays,
	// so Close does not wait for them.
	ctx, cancel := context.WithCancel(context.Background())
	hs := httptest.NewUnstartedServer(api)
	hs.Config.BaseContext = func(net.Listener) context.Context { return ctx }
	hs.Start()
	return &Server{API: api, URL: hs.URL, AuthURL: hs.URL + "/v1", hs: hs, cancel: cancel}
}

// Close shuts the server down and waits for requests in progress to end.
func (s *Server) Close() {
	s.cancel()
	s.hs.Close()
}
