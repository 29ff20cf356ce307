//go:build js && wasm

package jsbridge

import (
	"syscall/js"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/inbenta-community/inbenta-auth/sdk"
)

func TestToGoOwnsASessionToken(t *testing.T) {
	v, ok := parseJSON(`{"sessionToken":"s","sessionId":"7","nested":{"sessionToken":"n"}}`)
	require.True(t, ok)
	assert.Equal(t, map[string]any{
		"sessionToken": sdk.TokenBytes("s"), "sessionId": "7",
		"nested": map[string]any{"sessionToken": "n"},
	}, v, "a start answer's token is one copy the SDK wipes, as an access token")
}

func TestSessionEventDetail(t *testing.T) {
	d := sessionDetail(&sdk.SessionChange{Product: "chatbot", Reason: sdk.StartExpired, PreviousID: "1", ID: "2"})().(js.Value)
	v, err := toGo(d)
	require.NoError(t, err)
	assert.Equal(t, map[string]any{"product": "chatbot", "reason": "expired", "previousId": "1", "id": "2"}, v)

	d = sessionDetail(&sdk.SessionChange{Product: "search", Reason: sdk.StartIdle})().(js.Value)
	v, err = toGo(d)
	require.NoError(t, err)
	assert.Equal(t, map[string]any{"product": "search", "reason": "idle", "previousId": nil, "id": nil}, v,
		"a product that names no session: null, not an empty string")
}

func TestSessionMethodsOfAClosedClient(t *testing.T) {
	closed := []js.Value{js.ValueOf(-1), js.ValueOf("chatbot"), js.ValueOf("https://x/prod/chatbot/v1")}
	v := sessionVerdict(js.Undefined(), closed).(js.Value)
	assert.Equal(t, "CLOSED", prop(v, "code").String())
	assert.Nil(t, sessionID(js.Undefined(), closed))
	assert.Nil(t, touch(js.Undefined(), closed), "nothing to slide")
	assert.Nil(t, productHeaders(js.Undefined(), closed))
}

func TestNumericArguments(t *testing.T) {
	args := []js.Value{js.ValueOf(3), js.ValueOf("3"), js.Null(), js.ValueOf(1.7e12)}
	assert.Equal(t, 3.0, numArg(args, 0))
	assert.Zero(t, numArg(args, 1), "a string is no number")
	assert.Zero(t, numArg(args, 2))
	assert.Zero(t, numArg(args, 9), "absent")
	assert.Equal(t, sdk.Instant(1.7e12*float64(sdk.Millisecond)), sentArg(args, 3))
}
