//go:build !(js && wasm)

package devserver

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/inbenta-community/inbenta-auth/sdk/authtest"
)

// conversation starts a chatbot conversation with tok, as the SDK would,
// and returns its session token.
func conversation(t *testing.T, d *Server, tok string) string {
	t.Helper()
	a := do(t, http.MethodPost, d.APIURL+"/prod/chatbot/v1/conversation", map[string]string{
		"x-inbenta-key": demoAPIKey, "Authorization": "Bearer " + tok, "Content-Type": "application/json",
	}, `{}`)
	require.Equal(t, http.StatusOK, a.status, a.body)
	session, _ := a.json(t)["sessionToken"].(string)
	require.NotEmpty(t, session)
	return session
}

// message sends a chat message in session's conversation, as the SDK would.
func message(t *testing.T, d *Server, tok, session string) answer {
	t.Helper()
	return do(t, http.MethodPost, d.APIURL+"/prod/chatbot/v1/conversation/message", map[string]string{
		"x-inbenta-key": demoAPIKey, "Authorization": "Bearer " + tok, "Content-Type": "application/json",
		"x-inbenta-session": "Bearer " + session,
	}, `{"message":"hello"}`)
}

// TestDemoFaultExpireSession: the chatbot's conversations so far expire,
// and nothing else: the token keeps working, a new conversation lives,
// and nothing is left armed for later.
func TestDemoFaultExpireSession(t *testing.T) {
	d := startDevServer(t)
	tok := domainKeyAnswer(t, d).json(t)["accessToken"].(string)
	old := conversation(t, d, tok)
	require.Equal(t, http.StatusOK, message(t, d, tok, old).status)

	a := postFault(t, d, `{"kind":"expire-session","mode":"domain-key"}`)
	require.Equal(t, http.StatusNoContent, a.status, a.body)

	expired := message(t, d, tok, old)
	assert.Equal(t, http.StatusBadRequest, expired.status)
	assert.JSONEq(t, authtest.SessionExpiredBody, expired.body, "the API's Session expired")
	// The token is not revoked: the same one starts a new conversation,
	// which works, and keeps working once another fault is posted.
	renewed := conversation(t, d, tok)
	assert.Equal(t, http.StatusOK, message(t, d, tok, renewed).status)
	require.Equal(t, http.StatusNoContent, postFault(t, d, `{"kind":"clear"}`).status)
	assert.Equal(t, http.StatusOK, message(t, d, tok, renewed).status)
	assert.Equal(t, 2, d.API.SessionStarts("chatbot"))
	assert.Equal(t, 1, d.API.Count("auth"), "no new token needed")
}

// TestDemoFaultExpireSessionWithdrawsPendingFaults: like any kind, it
// replaces what an earlier fault left armed on /auth.
func TestDemoFaultExpireSessionWithdrawsPendingFaults(t *testing.T) {
	d := startDevServer(t)
	require.Equal(t, http.StatusNoContent, postFault(t, d, `{"kind":"server-error","mode":"domain-key"}`).status)
	require.Equal(t, http.StatusNoContent, postFault(t, d, `{"kind":"expire-session"}`).status)
	assert.Equal(t, http.StatusOK, domainKeyExchange(t, d))
}
