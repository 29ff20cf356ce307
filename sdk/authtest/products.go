//go:build !(js && wasm)

package authtest

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// productEcho is what a product route answers: the call as received.
type productEcho struct {
	Product    string `json:"product"`
	Method     string `json:"method"`
	Path       string `json:"path"`
	TokenSeq   int    `json:"tokenSeq"`
	Body       string `json:"body"`
	SessionSeq int    `json:"sessionSeq,omitempty"` // the session it carried
	// A conversation's start answers its session too.
	SessionToken string `json:"sessionToken,omitempty"`
	SessionID    string `json:"sessionId,omitempty"`
}

// handleProduct serves a product call: the gateway's token check, then
// the product's session check (see checkSession), then the answer: a new
// session at a start route, a canned answer to a chatbot message, an echo
// of the call otherwise.
func (a *API) handleProduct(w http.ResponseWriter, r *http.Request, product, path, body string) {
	seq, ok := a.checkToken(w, r)
	if !ok {
		return
	}
	s, ok := a.checkSession(w, r, product, path)
	if !ok {
		return
	}
	a.mu.Lock()
	if a.used[product] == nil {
		a.used[product] = map[int]int{}
	}
	a.used[product][seq]++
	kind, hasSessions := a.sessions.kinds[product]
	echo := productEcho{Product: product, Method: r.Method, Path: path, TokenSeq: seq, Body: body}
	if s != nil {
		echo.SessionSeq = s.seq
	}
	var token string
	if hasSessions && r.Method == http.MethodPost && path == kind.start {
		token, s = a.startSessionLocked(product, r.Header.Get("x-inbenta-key"))
	}
	a.mu.Unlock()
	switch {
	case token != "" && product == "chatbot":
		echo.SessionToken, echo.SessionID = token, sessionID(s)
		writeJSON(w, echo)
	case token != "":
		writeJSON(w, map[string]string{"sessionToken": token})
	case product == "chatbot" && r.Method == http.MethodPost && path == "/v1/conversation/message":
		writeJSON(w, cannedAnswer(r, body))
	default:
		writeJSON(w, echo)
	}
}

// cannedAnswer is the chatbot's answer to a message, in the shape of
// Inbenta's: it repeats the message, so a page can tell answers apart.
func cannedAnswer(r *http.Request, body string) any {
	var msg struct {
		Message string `json:"message"`
	}
	if strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
		form, _ := url.ParseQuery(body)
		msg.Message = form.Get("message")
	} else {
		_ = json.Unmarshal([]byte(body), &msg)
	}
	text := "You said " + strconv.Quote(msg.Message) + ". This is the emulated chatbot."
	type answer struct {
		Type        string   `json:"type"`
		Message     string   `json:"message"`
		MessageList []string `json:"messageList"`
	}
	return map[string]any{"answers": []answer{{Type: "answer", Message: text, MessageList: []string{text}}}}
}
