//go:build js && wasm

package jsbridge

import (
	"context"
	"syscall/js"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/inbenta-community/inbenta-auth/sdk"
)

type recordingTransport struct{ reqs []*sdk.Request }

func (t *recordingTransport) RoundTrip(_ sdk.Context, req *sdk.Request) (*sdk.Response, error) {
	t.reqs = append(t.reqs, req)
	return &sdk.Response{Status: 503}, nil
}

// early is the loader's early /auth as earlyAuth hands it over, answered
// with status and a body (text, parsed as the loader does); aborted counts
// its abort calls.
func early(t *testing.T, status int, text string) js.Value {
	return jsFunc(t, "status, text", `const e = { url: 'https://api.test/v1/auth', key: 'k', body: '{"domain_key":"d"}',
		aborted: 0, answer: Promise.resolve({ sentAt: 1000, status, type: 'cors', headers: { 'retry-after': '7' }, json: JSON.parse(text), tooLarge: false }) };
		e.abort = () => { e.aborted++; }; return e;`).Invoke(status, text)
}

func authRequest(url string) *sdk.Request {
	return &sdk.Request{Method: "POST", URL: url, Header: map[string]string{"x-inbenta-key": "k", "content-type": "application/json"},
		Body: `{"domain_key":"d"}`}
}

func TestPrimedTakesTheEarlyAnswerOnce(t *testing.T) {
	next := &recordingTransport{}
	p := NewPrimed(early(t, 429, `{"message":"slow down"}`), next)
	resp, err := p.RoundTrip(context.Background(), authRequest("https://api.test/v1/auth"))
	require.NoError(t, err)
	assert.Equal(t, 429, resp.Status)
	assert.Equal(t, "7", resp.Header["retry-after"])
	assert.Equal(t, sdk.Instant(1000*sdk.Millisecond), resp.Sent)
	assert.Equal(t, map[string]any{"message": "slow down"}, resp.JSON)
	assert.Empty(t, next.reqs)

	_, err = p.RoundTrip(context.Background(), authRequest("https://api.test/v1/auth"))
	require.NoError(t, err)
	assert.Len(t, next.reqs, 1, "a retry goes to the network")
}

func TestPrimedIgnoresAnotherRequest(t *testing.T) {
	next := &recordingTransport{}
	e := early(t, 200, `{}`)
	p := NewPrimed(e, next)
	_, err := p.RoundTrip(context.Background(), authRequest("https://other.test/v1/auth"))
	require.NoError(t, err)
	assert.Len(t, next.reqs, 1, "Go sends its own")
	assert.Equal(t, 1, prop(e, "aborted").Int(), "and aborts the loader's")
}

func TestPrimedTooLarge(t *testing.T) {
	_, err := NewPrimed(jsFunc(t, "", `return { url: 'https://api.test/v1/auth', key: 'k', body: '{"domain_key":"d"}',
		answer: Promise.resolve({ status: 200, type: 'cors', headers: {}, tooLarge: true }), abort() {} }`).Invoke(), nil).
		RoundTrip(context.Background(), authRequest("https://api.test/v1/auth"))
	assert.Equal(t, sdk.CodeBadResponse, sdk.CodeOf(err))
}
