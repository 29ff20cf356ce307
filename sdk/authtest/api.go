//go:build !(js && wasm)

package authtest

import (
	"maps"
	"net/http"
	"slices"
	"sync"
	"time"
)

// API is the emulated Inbenta API as an http.Handler. Safe for concurrent use.
type API struct {
	mu sync.Mutex

	ttl         time.Duration
	now         func() time.Time
	productBase string
	refreshAPIs bool

	instances map[string]*instance // by API key
	tokens    tokenStore
	sessions  sessionStore
	refusal   int               // status of a refused token (SetTokenRefusal)
	usage     map[string]*usage // Authorization-group usage by API key

	requests map[string][]Request   // by route
	used     map[string]map[int]int // product -> token seq -> successful calls
	faults   map[string][]Fault     // by route, FIFO
	rules    map[string]Fault       // by route, for every request once the queue is empty

	headers []string // request headers granted beyond requestHeaders (AllowHeaders)
	origins []string // origins granted whatever the key (AllowOrigins)
}

type instance struct {
	secret     string
	domainKeys map[string][]string // domain key -> allowed page origins
}

// Request is a request as the emulator received it.
type Request struct {
	Method string
	Path   string
	Header http.Header
	Body   string
	Origin string
}

// defaultTTL is the lifetime of the docs' example token.
const defaultTTL = 1200 * time.Second

// New returns an API with no instances, a token TTL of 1200 s and the real clock.
func New() *API {
	return &API{
		ttl:       defaultTTL,
		now:       time.Now,
		instances: map[string]*instance{},
		tokens:    tokenStore{byValue: map[string]*token{}},
		sessions:  newSessionStore(),
		usage:     map[string]*usage{},
		requests:  map[string][]Request{},
		used:      map[string]map[int]int{},
		faults:    map[string][]Fault{},
		rules:     map[string]Fault{},
	}
}

// SetTokenTTL sets the lifetime of tokens issued from now on.
func (a *API) SetTokenTTL(d time.Duration) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.ttl = d
}

// SetClock replaces the server-side clock; nil restores time.Now. Fault
// delays keep using real time, so a frozen clock cannot hang a request.
func (a *API) SetClock(now func() time.Time) {
	if now == nil {
		now = time.Now
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	a.now = now
}

// SetProductBase sets the base of the product URLs in "apis" answers. The
// default "" uses the scheme and Host of each request, which is right when
// the emulator serves the products itself.
func (a *API) SetProductBase(base string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.productBase = base
}

// SetRefreshReturnsAPIs makes /refreshToken answers include "apis". The
// default false exercises clients that must keep the URLs they already have.
func (a *API) SetRefreshReturnsAPIs(b bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.refreshAPIs = b
}

// AddInstance registers apiKey with its Secret, replacing any previous Secret.
func (a *API) AddInstance(apiKey, secret string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.instanceLocked(apiKey).secret = secret
}

// AddDomainKey binds domainKey to apiKey, registering apiKey if new. Origins
// are matched exactly, as "scheme://host:port" the way browsers send them.
func (a *API) AddDomainKey(apiKey, domainKey string, origins ...string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.instanceLocked(apiKey).domainKeys[domainKey] = slices.Clone(origins)
}

func (a *API) instanceLocked(apiKey string) *instance {
	in, ok := a.instances[apiKey]
	if !ok {
		in = &instance{domainKeys: map[string][]string{}}
		a.instances[apiKey] = in
	}
	return in
}

// Count returns the number of requests to route since the last ResetCounts.
func (a *API) Count(route string) int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return len(a.requests[route])
}

// Requests returns a copy of the requests to route since the last ResetCounts.
func (a *API) Requests(route string) []Request {
	a.mu.Lock()
	defer a.mu.Unlock()
	out := make([]Request, len(a.requests[route]))
	for i, r := range a.requests[route] {
		r.Header = r.Header.Clone()
		out[i] = r
	}
	return out
}

// ResetCounts forgets recorded requests, TokensUsed, SessionStarts and
// SessionsUsed. Tokens, sessions, instances and queued faults are kept.
func (a *API) ResetCounts() {
	a.mu.Lock()
	defer a.mu.Unlock()
	clear(a.requests)
	clear(a.used)
	clear(a.sessions.starts)
	clear(a.sessions.used)
}

// CountWithHeader is the number of requests to route since the last
// ResetCounts that carried the request header name (x-inbenta-env, say).
func (a *API) CountWithHeader(route, name string) int {
	a.mu.Lock()
	defer a.mu.Unlock()
	n := 0
	for _, r := range a.requests[route] {
		if len(r.Header.Values(name)) > 0 {
			n++
		}
	}
	return n
}

// TokensUsed maps token sequence numbers to the number of successful calls
// to product made with that token since the last ResetCounts.
func (a *API) TokensUsed(product string) map[int]int {
	a.mu.Lock()
	defer a.mu.Unlock()
	out := maps.Clone(a.used[product])
	if out == nil {
		out = map[int]int{}
	}
	return out
}

// record stores r under route and takes the next fault queued for it, in
// one step so concurrent requests each consume a distinct fault.
func (a *API) record(route string, r *http.Request, body string) Fault {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.requests[route] = append(a.requests[route], Request{
		Method: r.Method,
		Path:   r.URL.Path,
		Header: r.Header.Clone(),
		Body:   body,
		Origin: r.Header.Get("Origin"),
	})
	if route == routePreflight {
		return Fault{}
	}
	return a.popFaultLocked(route)
}
