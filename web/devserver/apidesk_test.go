//go:build !(js && wasm)

package devserver

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A page on an origin the Domain Key is not registered for sees only a
// failed fetch: the dev server, which refused it, says which origin and
// the flag that admits it.
func TestRefusedOriginsAreLoggedWithTheFlagThatAdmitsThem(t *testing.T) {
	var log lockedBuffer
	d := startWith(t, Config{Log: &log, Origins: []string{"http://localhost:5173"}})
	const preview = "http://localhost:4173"

	preflight := do(t, http.MethodOptions, d.APIURL+"/v1/auth", map[string]string{
		"Origin": preview, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type, x-inbenta-key",
	}, "")
	assert.Empty(t, preflight.header.Get("Access-Control-Allow-Origin"), "refused")
	assert.Equal(t, http.StatusForbidden, exchangeFrom(t, d, preview, d.DomainKey).status)
	chatbotFrom := do(t, http.MethodPost, d.APIURL+"/prod/chatbot/v1/conversation", map[string]string{"Origin": preview}, "{}")
	assert.Empty(t, chatbotFrom.header.Get("Access-Control-Allow-Origin"))

	got := log.String()
	assert.Contains(t, got, "refused a page on "+preview)
	assert.Contains(t, got, "-origin "+preview, "the flag that admits it")
	assert.Equal(t, 1, strings.Count(got, "refused a page on "+preview), "once per origin:\n%s", got)

	// Origins the Domain Key is registered for, and requests without an
	// Origin (a server of your own), are not refusals.
	for _, o := range []string{d.SiteURL, "http://localhost:5173"} {
		require.Equal(t, http.StatusOK, exchangeFrom(t, d, o, d.DomainKey).status)
	}
	serverToken(t, d, http.MethodGet)
	assert.Equal(t, got, log.String(), "nothing more logged")

	// A page opened from a file sends Origin: null, which no flag admits.
	exchangeFrom(t, d, "null", d.DomainKey)
	assert.Contains(t, log.String(), "Origin: null")
	assert.Contains(t, log.String(), "-static")
}

// An authURL without its /v1 sends the exchange to /auth: the 404 the page
// gets names the path and the base it should have used.
func TestAWrongAuthURLGetsA404NamingTheBase(t *testing.T) {
	var log lockedBuffer
	d := startWith(t, Config{Log: &log})
	base := d.APIURL + "/v1"
	for path, says := range map[string][]string{
		"/auth":            {"/auth", base, "did you mean " + base + "/auth"},
		"/v2/auth":         {"/v2/auth", base},
		"/v1/v1/auth":      {"/v1/v1/auth", base},
		"/prod/chatbot/v2": {"/prod/chatbot/v2", d.APIURL + "/prod/chatbot/v1"},
	} {
		a := do(t, http.MethodPost, d.APIURL+path, map[string]string{
			"x-inbenta-key": demoAPIKey, "Content-Type": "application/json", "Origin": d.SiteURL,
		}, `{"domain_key":"`+d.DomainKey+`"}`)
		assert.Equal(t, http.StatusNotFound, a.status, path)
		assert.Equal(t, d.SiteURL, a.header.Get("Access-Control-Allow-Origin"), "the page may read why: %s", path)
		assert.Equal(t, "application/json", a.header.Get("Content-Type"))
		e, _ := a.json(t)["error"].(map[string]any)
		require.NotNil(t, e, a.body)
		assert.InDelta(t, http.StatusNotFound, e["code"], 0, "the API's error shape")
		message, _ := e["message"].(string)
		for _, s := range says {
			assert.Contains(t, message, s, path)
		}
		assert.LessOrEqual(t, len(message), 500, "the SDK shows messages up to 500 bytes")
	}
	assert.Contains(t, log.String(), "POST /auth")
	assert.Contains(t, log.String(), "authURL is "+base)
	assert.NotContains(t, log.String(), "refused a page", "the site's own origin")

	// The API's own paths are untouched.
	assert.Equal(t, http.StatusOK, exchangeFrom(t, d, d.SiteURL, d.DomainKey).status)
}

// Only the emulator's unknown-path 404 is rewritten: a 404 of its own
// meaning (a session it does not know, say) reaches the page as it is.
func TestTheDeskLeavesOtherNotFoundsAlone(t *testing.T) {
	const own = `{"error":{"code":404,"message":"Session not found"}}`
	desk := &apiDesk{apiURL: "http://api.test", log: io.Discard, told: map[string]bool{},
		api: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			if r.URL.Path == "/gone" {
				w.WriteHeader(http.StatusNotFound)
				_, _ = io.WriteString(w, unknownPath)
				return
			}
			w.WriteHeader(http.StatusNotFound)
			_, _ = io.WriteString(w, own)
		})}
	rec := httptest.NewRecorder()
	desk.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/prod/chatbot/v1/sessions/x", nil))
	assert.Equal(t, http.StatusNotFound, rec.Code)
	assert.Equal(t, own, rec.Body.String())
	rec = httptest.NewRecorder()
	desk.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/gone", nil))
	assert.Equal(t, http.StatusNotFound, rec.Code)
	assert.Contains(t, rec.Body.String(), "/gone is not a path of this Auth API")
}
