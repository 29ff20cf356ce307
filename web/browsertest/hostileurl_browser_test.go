//go:build browser

package browsertest

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/inbenta-community/inbenta-auth/sdk/authtest"
)

// recorder is a foreign origin that would accept anything the SDK sent it
// (CORS wide open), and records every request, preflights included.
type recorder struct {
	*httptest.Server
	mu    sync.Mutex
	seen  []http.Header
	paths []string
}

func newRecorder(t *testing.T) *recorder {
	r := &recorder{}
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		r.mu.Lock()
		r.seen = append(r.seen, req.Header.Clone())
		r.paths = append(r.paths, req.Method+" "+req.URL.Path)
		r.mu.Unlock()
		w.Header().Set("Access-Control-Allow-Origin", "*")
		w.Header().Set("Access-Control-Allow-Headers", "*")
		w.Header().Set("Access-Control-Allow-Methods", "*")
		w.WriteHeader(200)
	}))
	t.Cleanup(r.Close)
	return r
}

func (r *recorder) requests() []http.Header {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]http.Header(nil), r.seen...)
}

// requested lists the requests it got, as "METHOD /path".
func (r *recorder) requested() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.paths...)
}

// Objects that lie about the URL they stand for: the SDK turns each input
// into one URL string once and uses that string both to check the origin
// and to send, so none brings the token or the API key to another origin.
func TestLyingURLsNeverCarryTheTokenElsewhere(t *testing.T) {
	evil := newRecorder(t)
	f := newFixture(t, evil.URL)
	f.createClient("")

	// A control: the recorder is reachable from the page, so a leak would show.
	require.Equal(t, 200, eval[int](f, js(`fetch(%s + '/control', {headers: {'x-probe': '1'}}).then(r => r.status)`, evil.URL)))
	require.Len(t, evil.requests(), 2, "the control call and its preflight reach the recorder")
	evil.mu.Lock()
	evil.seen = nil
	evil.mu.Unlock()

	got := eval[map[string]string](f, js(`(async (evil) => {
		const good = client.apis.chatbot + '/v1/conversation';
		const bad = evil + '/stolen';
		const host = new URL(good).host;
		const variants = {
			'own toString': () => { const u = new URL(good); u.toString = () => bad; return [u]; },
			'own href': () => { const u = new URL(good); Object.defineProperty(u, 'href', {value: bad}); return [u]; },
			'subclass href getter': () => { class U extends URL { get href() { return bad; } } return [new U(good)]; },
			'subclass toString': () => { class U extends URL { toString() { return bad; } } return [new U(good)]; },
			'fake with URL.prototype': () => { const u = Object.create(URL.prototype); Object.defineProperty(u, 'href', {value: good}); u.toString = () => bad; return [u]; },
			'Symbol.toPrimitive': () => [{ href: good, [Symbol.toPrimitive]: () => bad }],
			'toString that changes': () => { let n = 0; return [{ toString: () => (n++ === 0 ? good : bad) }]; },
			'Proxy of a URL': () => [new Proxy(new URL(good), { get: (t, k) => (k === 'href' ? good : k === 'toString' ? () => bad : Reflect.get(t, k)) })],
			'Request subclass url getter': () => { class R extends Request { get url() { return good; } } return [new R(bad)]; },
			'Request with own url': () => { const r = new Request(bad); Object.defineProperty(r, 'url', {value: good}); return [r]; },
			'fake Request': () => { const r = Object.create(Request.prototype); Object.defineProperty(r, 'url', {value: good}); r.toString = () => bad; return [r]; },
			'backslash authority': () => [evil + '\\@' + host + '/v1/conversation'],
			'userinfo': () => ['http://' + host + '@' + new URL(evil).host + '/stolen'],
			'patched URL.prototype.toString': () => { const saved = URL.prototype.toString; URL.prototype.toString = function () { return bad; }; return [new URL(good), () => { URL.prototype.toString = saved; }]; },
			'patched URL.prototype.href': () => { const d = Object.getOwnPropertyDescriptor(URL.prototype, 'href'); Object.defineProperty(URL.prototype, 'href', {get: () => good, configurable: true}); return [new URL(bad), () => Object.defineProperty(URL.prototype, 'href', d)]; },
			'patched Request.prototype.url': () => { const d = Object.getOwnPropertyDescriptor(Request.prototype, 'url'); Object.defineProperty(Request.prototype, 'url', {get: () => good, configurable: true}); return [new Request(bad), () => Object.defineProperty(Request.prototype, 'url', d)]; },
		};
		const out = {};
		for (const [name, make] of Object.entries(variants)) {
			const [input, restore] = make();
			try {
				const r = await e2e.settle(client.fetch(input, {method: 'POST', body: '{}'}));
				out[name] = r.ok ? 'sent ' + r.value : r.error.code;
			} finally {
				if (restore) restore();
			}
		}
		return out;
	})(%s)`, evil.URL))
	require.Len(t, got, 16)
	assert.Len(t, evil.requests(), 0, "nothing reached the foreign origin: %v", got)
	for name, outcome := range got {
		assert.Contains(t, []string{"INVALID_ARGUMENT", "sent [object Response]"}, outcome, name)
	}
	// What went to the API went with the token, to the API's own origin.
	for _, r := range f.api.Requests("chatbot") {
		assert.NotEmpty(t, r.Header.Get("Authorization"))
	}
	allOK(t, callChatbot(f, 3, false), 3)
}

// An apis key "__proto__" would be hidden from client.apis (assigning it
// sets the prototype) while the token went to its URL: such an answer is
// refused, and nothing reaches that URL.
func TestAPIsNamedLikePrototypesAreRefused(t *testing.T) {
	evil := newRecorder(t)
	f := newFixture(t, evil.URL)
	body, err := json.Marshal(map[string]any{
		"accessToken": "tok", "expires_in": 1200, "expiration": time.Now().Add(20 * time.Minute).Unix(),
		"apis": map[string]string{"chatbot": f.api.URL + "/prod/chatbot", "__proto__": evil.URL},
	})
	require.NoError(t, err)
	f.api.Fail("auth", authtest.Fault{Status: 200, Body: string(body)})
	r := eval[settled](f, js(`e2e.settle(InbentaAuth.createFromDomainKey(%s, %s, {authURL: %s}).then(c => c.fetch(%s + '/x')))`,
		f.domainKey, f.apiKey, f.api.AuthURL, evil.URL))
	e := rejection(t, r)
	assert.Equal(t, "BAD_RESPONSE", e.Code)
	assert.Contains(t, e.Message, "product name")
	assert.Len(t, evil.requests(), 0)
}
