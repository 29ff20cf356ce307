package backend

import (
	"encoding/json"
	"net/http"
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

// ServeHTTP answers GET and POST with the current token as
// {"accessToken": "...", "expiration": <Unix seconds>, "apis": {...}}, and
// failures with {"error": {"code": "<sdk code>", "message": "..."}}: 503
// when trying again later may succeed (or the source is closed), 502 when
// the Auth API refused or answered nonsense. Other methods get 405.
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
	tok, err := s.Token(r.Context())
	if err != nil {
		e := sdk.AsError(err)
		status := http.StatusBadGateway
		if e.Retryable || e.Code == sdk.CodeClosed {
			status = http.StatusServiceUnavailable
		}
		s.writeError(w, status, e)
		return
	}
	writeJSON(w, http.StatusOK, tokenAnswer{AccessToken: tok.AccessToken, Expiration: sdk.TimeOf(tok.Expiry).Unix(), APIs: tok.APIs})
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
