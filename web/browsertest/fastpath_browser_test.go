//go:build browser

package browsertest

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/inbenta-community/inbenta-auth/sdk/authtest"
)

// client.fetch has two paths: with a ready token and a URL input, the
// loader's kit sends at once; a Request input or a stream body goes through
// Go. The API must not be able to tell them apart.
func TestFastAndFullPathsSendTheSameRequest(t *testing.T) {
	f := newFixture(t)
	f.api.AllowHeaders("x-extra")
	f.createClient("")
	statuses := eval[[]int](f, `(async () => {
		const url = client.apis.chatbot + '/v1/conversation';
		const init = () => ({method: 'POST', headers: {'Content-Type': 'application/json', 'X-Extra': 'kept'}, body: '{"message":"same"}'});
		const stream = () => new ReadableStream({start(c) { c.enqueue(new TextEncoder().encode('{"message":"same"}')); c.close(); }});
		const out = [];
		out.push((await client.fetch(url, init())).status);                                    // fast
		out.push((await client.fetch(new Request(url, init()))).status);                       // full: a Request
		out.push((await client.fetch(url, Object.assign(init(), {body: stream(), duplex: 'half'}))).status); // full: a stream
		return out;
	})()`)
	assert.Equal(t, []int{200, 200, 200}, statuses)
	reqs := f.api.Requests("chatbot")
	require.Len(t, reqs, 3)
	for i, r := range reqs {
		assert.Equal(t, reqs[0].Method, r.Method, i)
		assert.Equal(t, reqs[0].Path, r.Path, i)
		assert.Equal(t, `{"message":"same"}`, r.Body, i)
		for _, h := range []string{"Authorization", "X-Inbenta-Key", "Content-Type", "X-Extra"} {
			assert.Equal(t, reqs[0].Header.Get(h), r.Header.Get(h), "request %d, %s", i, h)
			assert.NotEmpty(t, r.Header.Get(h), "request %d, %s", i, h)
		}
	}
	assert.Equal(t, 1, f.api.Count("auth"))
}

func TestFastPathFailuresKeepTheirCodes(t *testing.T) {
	f := newFixture(t)
	f.createClient("")
	f.api.Fail("chatbot", authtest.Fault{NoCORS: true, Status: 200}) // fetch rejects: a CORS refusal
	r := eval[settled](f, `e2e.settle(client.fetch(client.apis.chatbot + '/v1/conversation'))`)
	e := rejection(t, r)
	assert.Equal(t, "NETWORK", e.Code)
	assert.True(t, e.Retryable)

	r = eval[settled](f, `e2e.settle(client.fetch(client.apis.chatbot + '/x', {method: 'GET', body: 'no'}))`)
	assert.Equal(t, "INVALID_ARGUMENT", rejection(t, r).Code, "fetch's own argument checks, as the full path reports them")
	r = eval[settled](f, `e2e.settle(client.fetch('https://elsewhere.example/x'))`)
	assert.Equal(t, "INVALID_ARGUMENT", rejection(t, r).Code, "the token goes only to client.apis")

	allOK(t, callChatbot(f, 3, false), 3) // and the client still works
}

// A ready token the API rejects is replaced and the call replayed once,
// with the same body, by Go.
func TestFastPathRejectionIsReplayedWithTheSameBody(t *testing.T) {
	f := newFixture(t)
	f.createClient("")
	f.api.RevokeTokens()
	status := eval[int](f, `client.fetch(client.apis.chatbot + '/v1/conversation',
		{method: 'POST', body: new URLSearchParams({message: 'again'})}).then(r => r.status)`)
	assert.Equal(t, 200, status)
	reqs := f.api.Requests("chatbot")
	require.Len(t, reqs, 2, "the refused call and its one replay")
	assert.Equal(t, reqs[0].Body, reqs[1].Body)
	assert.Equal(t, "message=again", reqs[1].Body)
	assert.NotEqual(t, reqs[0].Header.Get("Authorization"), reqs[1].Header.Get("Authorization"))
	assert.Equal(t, 2, f.api.Count("auth"))
}
