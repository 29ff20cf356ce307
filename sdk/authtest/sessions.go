//go:build !(js && wasm)

package authtest

import (
	"maps"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Product session answers. Only "Session expired" is documented; the
// other two are assumptions, in the same product error shape.
const (
	// SessionExpiredBody is what a product answers, with 400, for a
	// session unused past its lifetime (or expired by ExpireSessions).
	SessionExpiredBody = `{"errors":[{"code":400,"message":"Session expired"}]}`
	sessionMissingBody = `{"errors":[{"code":400,"message":"Missing x-inbenta-session header"}]}`
	sessionInvalidBody = `{"errors":[{"code":400,"message":"Invalid session token"}]}`
)

// sessionKind is how a product's sessions work, as Inbenta's connectors
// use them: where they start, the header's form, and how long they live
// without calls. The emulator keeps its own record of the API rather than
// reading sdk's session table: a wrong row there must fail the tests.
type sessionKind struct {
	start    string // path of the POST that starts one
	required string // paths at or under it need a session
	bearer   bool   // "Bearer <token>" rather than the token alone
	lifetime time.Duration
}

var defaultSessionKinds = map[string]sessionKind{
	"chatbot":   {start: "/v1/conversation", required: "/v1/conversation/", bearer: true, lifetime: 1440 * time.Second},
	"search":    {start: "/v1/tracking/session", required: "/v1/tracking/", lifetime: 30 * time.Minute},
	"knowledge": {start: "/v1/tracking/session", required: "/v1/tracking/", lifetime: 30 * time.Minute},
}

// session is one product session the emulator started.
type session struct {
	product string
	seq     int // per product, from 1
	apiKey  string
	lastUse time.Time
	expired bool // by ExpireSessions
}

type sessionStore struct {
	kinds   map[string]sessionKind
	byValue map[string]*session
	lastSeq map[string]int         // per product
	starts  map[string]int         // per product, since ResetCounts
	used    map[string]map[int]int // product -> session seq -> calls it served
}

func newSessionStore() sessionStore {
	return sessionStore{kinds: maps.Clone(defaultSessionKinds), byValue: map[string]*session{},
		lastSeq: map[string]int{}, starts: map[string]int{}, used: map[string]map[int]int{}}
}

// SetSessionLifetime sets how long product's sessions live without calls
// (each call starts the span again), for sessions old and new. The
// defaults are Inbenta's: chatbot 1,440 s, search and knowledge 30 min.
func (a *API) SetSessionLifetime(product string, d time.Duration) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if k, ok := a.sessions.kinds[product]; ok {
		k.lifetime = d
		a.sessions.kinds[product] = k
	}
}

// ExpireSessions makes every session of the products started so far
// expired: their next call is answered 400 "Session expired".
func (a *API) ExpireSessions(products ...string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, s := range a.sessions.byValue {
		for _, p := range products {
			if s.product == p {
				s.expired = true
			}
		}
	}
}

// SessionStarts is the number of sessions product started since the last
// ResetCounts.
func (a *API) SessionStarts(product string) int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.sessions.starts[product]
}

// SessionsUsed maps session sequence numbers (per product, from 1; a
// conversation's sessionId is its number) to the calls to product each
// served since the last ResetCounts: calls that needed or carried it.
func (a *API) SessionsUsed(product string) map[int]int {
	a.mu.Lock()
	defer a.mu.Unlock()
	out := maps.Clone(a.sessions.used[product])
	if out == nil {
		out = map[int]int{}
	}
	return out
}

// startSessionLocked starts a session of product for apiKey and returns
// its token.
func (a *API) startSessionLocked(product, apiKey string) (string, *session) {
	a.sessions.lastSeq[product]++
	s := &session{product: product, seq: a.sessions.lastSeq[product], apiKey: apiKey, lastUse: a.now()}
	value := randomString(24)
	a.sessions.byValue[value] = s
	a.sessions.starts[product]++
	return value, s
}

// checkSession answers like a product when r needs a session and lacks a
// live one in the product's form, or carries one that is not; otherwise
// it slides the session's lifetime and returns it (nil when r neither
// needs nor carries one).
func (a *API) checkSession(w http.ResponseWriter, r *http.Request, product, path string) (*session, bool) {
	kind, ok := a.sessionKind(product)
	if !ok || (r.Method == http.MethodPost && path == kind.start) {
		return nil, true
	}
	header := r.Header.Get("x-inbenta-session")
	if header == "" {
		if strings.HasPrefix(path, kind.required) {
			writeRaw(w, http.StatusBadRequest, sessionMissingBody)
			return nil, false
		}
		return nil, true
	}
	value, bearer := strings.CutPrefix(header, "Bearer ")
	a.mu.Lock()
	defer a.mu.Unlock()
	s, known := a.sessions.byValue[value]
	switch {
	case !known || bearer != kind.bearer || s.product != product || s.apiKey != r.Header.Get("x-inbenta-key"):
		writeRaw(w, http.StatusBadRequest, sessionInvalidBody)
		return nil, false
	case s.expired || !a.now().Before(s.lastUse.Add(kind.lifetime)):
		writeRaw(w, http.StatusBadRequest, SessionExpiredBody)
		return nil, false
	}
	s.lastUse = a.now()
	if a.sessions.used[product] == nil {
		a.sessions.used[product] = map[int]int{}
	}
	a.sessions.used[product][s.seq]++
	return s, true
}

func (a *API) sessionKind(product string) (sessionKind, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	k, ok := a.sessions.kinds[product]
	return k, ok
}

// sessionID is what a conversation's start answers as sessionId.
func sessionID(s *session) string { return strconv.Itoa(s.seq) }
