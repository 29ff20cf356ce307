//go:build !(js && wasm)

package devserver

import (
	"context"
	"net/http"
	"sync"

	"github.com/inbenta-community/inbenta-auth/sdk/backend"
)

// tokenEndpoint is /demo/token. It stands for the customer's own server
// endpoint: it holds the Secret (through a backend.TokenServer) and hands
// short-lived access tokens to the page, on GET for the first one and on
// POST from the refresh hook. A real site puts its session check in front
// of it, so that only its signed-in users get tokens; the demo has no users.
type tokenEndpoint struct {
	cfg backend.Config

	mu       sync.Mutex
	src      *backend.TokenServer
	failNext bool           // answer the next POST (a refresh) with 503
	served   map[string]int // requests by method (GET, POST, other), for the tests
}

func newTokenEndpoint(cfg backend.Config) (*tokenEndpoint, error) {
	src, err := backend.New(cfg)
	if err != nil {
		return nil, err
	}
	return &tokenEndpoint{cfg: cfg, src: src, served: map[string]int{}}, nil
}

func (e *tokenEndpoint) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	method := r.Method
	if method != http.MethodGet && method != http.MethodPost {
		method = "other" // a bounded map, whatever clients send
	}
	e.mu.Lock()
	e.served[method]++
	src := e.src
	// Only a refresh fails: a page's first GET is not one, and failing it
	// would keep a page that just loaded from starting at all.
	fail := e.failNext && r.Method == http.MethodPost
	if fail {
		e.failNext = false
	}
	e.mu.Unlock()

	if fail {
		h := w.Header()
		h.Set("Cache-Control", "no-store")
		h.Set("Content-Type", "application/json")
		h.Set("X-Content-Type-Options", "nosniff")
		w.WriteHeader(http.StatusServiceUnavailable)
		// The shape of backend's own error answers.
		_, _ = w.Write([]byte(`{"error":{"code":"SERVER_ERROR","message":"Injected fault (refresh-failure, from POST /demo/fault): ` +
			`this one refresh fails; the next one works"}}`))
		return
	}
	// Other methods get backend's 405.
	src.ServeHTTP(w, r)
}

// failOnce makes the next POST, the refresh hook's request, answer 503, as
// an outage of the customer's server would.
func (e *tokenEndpoint) failOnce() {
	e.mu.Lock()
	e.failNext = true
	e.mu.Unlock()
}

// renew replaces the token source with a fresh one that already holds a new
// token. After the emulator revoked every token, the old source would go on
// handing out its revoked one until it is due for renewal. The new token is
// obtained here, before the caller queues any fault on /auth, so that the
// source's own exchange cannot take a fault meant for the page.
func (e *tokenEndpoint) renew(ctx context.Context) error {
	src, err := backend.New(e.cfg)
	if err != nil {
		return err
	}
	if _, err := src.Token(ctx); err != nil {
		src.Close()
		return err
	}
	e.swap(src)
	return nil
}

// reset replaces the token source with a fresh one that has no token yet,
// so that the next request exchanges the Secret at the Auth API again: the
// exchange a fault queued on /auth is meant for. The old source's token may
// have been revoked, and must not be handed out again.
func (e *tokenEndpoint) reset() error {
	src, err := backend.New(e.cfg)
	if err != nil {
		return err
	}
	e.swap(src)
	return nil
}

// swap makes src the token source and closes the previous one.
func (e *tokenEndpoint) swap(src *backend.TokenServer) {
	e.mu.Lock()
	old := e.src
	e.src = src
	e.mu.Unlock()
	old.Close()
}

// disarm withdraws a failure armed by failOnce that no refresh took yet.
func (e *tokenEndpoint) disarm() {
	e.mu.Lock()
	e.failNext = false
	e.mu.Unlock()
}

// count returns how many requests with method the endpoint received.
func (e *tokenEndpoint) count(method string) int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.served[method]
}

// Close stops the token source's renewals; later requests get 503.
func (e *tokenEndpoint) Close() {
	e.mu.Lock()
	src := e.src
	e.mu.Unlock()
	src.Close()
}
