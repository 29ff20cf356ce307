package sdk

import (
	"encoding/json"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

const testAPIs = "https://api.test/prod/"

// apisSource hands out numbered tokens that list the product APIs.
type apisSource struct {
	calls atomic.Int32
	mu    sync.Mutex
	why   []Reason
	err   error
}

func (s *apisSource) Token(_ Context, _ *Token, why Reason) (*Token, error) {
	n := s.calls.Add(1)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.why = append(s.why, why)
	if s.err != nil {
		return nil, s.err
	}
	return &Token{AccessToken: "tok-" + strconv.Itoa(int(n)), APIs: map[string]string{
		"chatbot": testAPIs + "chatbot", "search": testAPIs + "search/", "knowledge": testAPIs + "knowledge"}}, nil
}

func (s *apisSource) reasons() []Reason {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Reason(nil), s.why...)
}

// answer is what productAPI answers one request with.
type answer struct {
	status int
	body   string
	header map[string]string
	err    error
}

// productAPI fakes the products' session starts: it starts numbered
// sessions, unless a test queued other answers, which go first.
type productAPI struct {
	mu     sync.Mutex
	reqs   []*Request
	queue  []answer
	starts map[string]int
	gate   chan struct{} // when set, each request waits for it to close
}

func newProductAPI() *productAPI { return &productAPI{starts: map[string]int{}} }

func (a *productAPI) answer(ans ...answer) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.queue = append(a.queue, ans...)
}

func (a *productAPI) RoundTrip(ctx Context, req *Request) (*Response, error) {
	a.mu.Lock()
	a.reqs = append(a.reqs, req)
	gate := a.gate
	var queued *answer
	if len(a.queue) > 0 {
		queued, a.queue = &a.queue[0], a.queue[1:]
	}
	a.mu.Unlock()
	if gate != nil {
		select {
		case <-gate:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	if queued != nil {
		if queued.err != nil {
			return nil, queued.err
		}
		var body any
		_ = json.Unmarshal([]byte(queued.body), &body)
		return &Response{Status: queued.status, Header: queued.header, JSON: body}, nil
	}
	product, _, _ := strings.Cut(strings.TrimPrefix(req.URL, testAPIs), "/")
	a.mu.Lock()
	a.starts[product]++
	n := strconv.Itoa(a.starts[product])
	a.mu.Unlock()
	return &Response{Status: 200, JSON: map[string]any{"sessionToken": product + "-session-" + n, "sessionId": product + "-" + n}}, nil
}

func (a *productAPI) count() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return len(a.reqs)
}

func (a *productAPI) started(product string) int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.starts[product]
}

func (a *productAPI) request(i int) *Request {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.reqs[i]
}

// sessionRig is a client's Keeper and Sessions over a fake product API,
// on the time package's clock: run inside synctest, its time is fake.
type sessionRig struct {
	api    *productAPI
	src    *apisSource
	keeper *Keeper
	m      *Sessions
	ev     *events
}

func newSessionRig(t *testing.T, opts Options) *sessionRig {
	t.Helper()
	r := &sessionRig{api: newProductAPI(), src: &apisSource{}, ev: &events{}}
	cfg := Config{APIKey: "api-key-1", Options: opts, Transport: r.api, Clock: realClock, Observer: r.ev.add}
	r.keeper = NewKeeper(r.src, realClock, WithObserver(r.ev.add), withBreaker(0, 0))
	r.m = cfg.NewSessions(r.keeper)
	t.Cleanup(func() {
		r.m.Close()
		r.keeper.Close()
	})
	return r
}

// changes are the EventSession reports, in order.
func (e *events) changes() []SessionChange {
	e.mu.Lock()
	defer e.mu.Unlock()
	var out []SessionChange
	for _, ev := range e.got {
		if ev.Kind == EventSession {
			out = append(out, *ev.Session)
		}
	}
	return out
}
