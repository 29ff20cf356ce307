//go:build !(js && wasm)

package authtest

import (
	"net/http"
	"time"
)

// Fault describes how to mistreat one request. The zero Fault is normal handling.
type Fault struct {
	Status int               // status to answer with (0 = normal handling, after Delay etc.)
	Body   string            // raw body; if empty and Status>=400, a faithful error body for that status
	Header map[string]string // extra headers (e.g. "Retry-After": "2", "x-throttle-reset": "...")
	Delay  time.Duration     // sleep before answering (respect request context cancellation)
	Drop   bool              // hijack and close the connection without an answer
	NoCORS bool              // answer without any Access-Control-* headers (browser sees a CORS failure)
}

// Fail queues faults for route. Each next non-OPTIONS request to route
// consumes one, in order; once the queue is empty requests behave normally.
func (a *API) Fail(route string, faults ...Fault) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.faults[route] = append(a.faults[route], faults...)
}

// FailAll applies f to every request to route once its queue is empty,
// until ClearFaults: an outage rather than a blip.
func (a *API) FailAll(route string, f Fault) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.rules[route] = f
}

// ClearFaults drops the queued faults and the rule of route.
func (a *API) ClearFaults(route string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	delete(a.faults, route)
	delete(a.rules, route)
}

func (a *API) popFaultLocked(route string) Fault {
	q := a.faults[route]
	if len(q) == 0 {
		return a.rules[route]
	}
	a.faults[route] = q[1:]
	return q[0]
}

// apply carries out f and reports whether normal handling should follow.
// CORS and f.Header are already on w.
func (f Fault) apply(w http.ResponseWriter, r *http.Request) bool {
	if f.Delay > 0 {
		t := time.NewTimer(f.Delay)
		defer t.Stop()
		select {
		case <-r.Context().Done():
			return false
		case <-t.C:
		}
	}
	if f.Drop {
		drop(w)
		return false
	}
	if f.Status == 0 {
		return true
	}
	body := f.Body
	if body == "" && f.Status >= 400 {
		body = errorBody(f.Status)
	}
	writeRaw(w, f.Status, body)
	return false
}

// errorBody is what the real service answers with status, so clients are
// tested against the bodies they will meet: the gateway's for 403, the
// API's for the rest.
func errorBody(status int) string {
	switch status {
	case http.StatusForbidden:
		return GatewayDeny
	case http.StatusTooManyRequests:
		return apiErrorBody(status, "Too many requests")
	}
	return apiErrorBody(status, http.StatusText(status))
}

// drop closes the connection without writing anything. Without a Hijacker
// (HTTP/2, ResponseRecorder) ErrAbortHandler is the server's own way to
// abort a response.
func drop(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler)
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	_ = conn.Close()
}
