//go:build !(js && wasm)

package backend

import (
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/inbenta-community/inbenta-auth/sdk"
)

// tokenAnswer is what the browser SDK's refresh hook expects.
type tokenAnswer struct {
	AccessToken string `json:"accessToken"`
	Expiration  int64  `json:"expiration"` // Unix seconds
	// Omitted rather than empty: an empty object would replace the page's
	// product URLs with none.
	APIs map[string]string `json:"apis,omitempty"`
}

type errorAnswer struct {
	Error struct {
		Code    sdk.Code `json:"code"`
		Message string   `json:"message"`
	} `json:"error"`
}

// maxInfoBytes bounds the body of a POST: the SDK's refresh info is a few
// bytes.
const maxInfoBytes = 1 << 10

// ServeHTTP answers GET and POST with the current token as
// {"accessToken": "...", "expiration": <Unix seconds>, "apis": {...}}, and
// failures with {"error": {"code": "<sdk code>", "message": "..."}}: 503
// when trying again later may succeed (or the source is closed; with a
// Retry-After header when the Auth API asked for a wait longer than the
// retry budget), 502 when the Auth API refused or answered nonsense. Other
// methods get 405. Failures the Auth API may recover from (5xx, 429,
// network) are retried first, within Config.RetryBudget.
//
// A POST may carry the browser SDK's refresh info, the argument of its
// refresh hook, as an application/json body of at most 1 KiB:
// {"reason": "rejected"} means the API refused the token the page has, and
// the handler answers another one (see Replace); any other reason, or any
// other body, gets the current token, renewed only when it is itself due.
// Only JSON counts: a cross-site form cannot send it without a CORS
// preflight, which this handler never grants.
//
// Anyone who can reach this handler gets a token: wrap it in your own
// authentication.
func (s *TokenServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Type", "application/json")
	h.Set("X-Content-Type-Options", "nosniff")
	if r.Method != http.MethodGet && r.Method != http.MethodPost {
		h.Set("Allow", "GET, POST")
		s.writeError(w, http.StatusMethodNotAllowed, &sdk.Error{Code: sdk.CodeInvalidArgument, Message: "use GET or POST"})
		return
	}
	get := s.Token
	if reasonOf(r) == sdk.ReasonRejected.String() {
		get = s.Replace
	}
	tok, err := get(r.Context())
	if err != nil {
		e := sdk.AsError(err)
		status := http.StatusBadGateway
		if e.Retryable || e.Code == sdk.CodeClosed {
			status = http.StatusServiceUnavailable
		}
		if e.RetryAfter > 0 {
			// What the Auth API asked for and the retries did not wait.
			h.Set("Retry-After", strconv.FormatInt(int64((e.RetryAfter+sdk.Second-1)/sdk.Second), 10))
		}
		s.writeError(w, status, e)
		return
	}
	writeJSON(w, http.StatusOK, tokenAnswer{AccessToken: tok.AccessToken, Expiration: sdk.TimeOf(tok.Expiry).Unix(), APIs: tok.APIs})
}

// reasonOf reads the reason of the SDK's refresh info in r's body, or "".
func reasonOf(r *http.Request) string {
	if r.Method != http.MethodPost || r.Body == nil {
		return ""
	}
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/json" {
		return ""
	}
	b, err := io.ReadAll(io.LimitReader(r.Body, maxInfoBytes+1))
	if err != nil || len(b) > maxInfoBytes {
		return ""
	}
	var info struct {
		Reason string `json:"reason"`
	}
	if json.Unmarshal(b, &info) != nil {
		return ""
	}
	return info.Reason
}

// writeError sends only e's code and message, never its cause, and blanks
// the Secret should a message ever contain it.
func (s *TokenServer) writeError(w http.ResponseWriter, status int, e *sdk.Error) {
	var a errorAnswer
	a.Error.Code = e.Code
	a.Error.Message = strings.ReplaceAll(e.Message, s.secret, "[secret]")
	writeJSON(w, status, a)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	// The answers are plain structs of strings, numbers and maps of
	// strings: marshalling them cannot fail.
	b, _ := json.Marshal(v)
	w.WriteHeader(status)
	_, _ = w.Write(b)
}
