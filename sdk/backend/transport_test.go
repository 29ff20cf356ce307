//go:build !(js && wasm)

package backend_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/inbenta-community/inbenta-auth/sdk"
	"github.com/inbenta-community/inbenta-auth/sdk/authtest"
	"github.com/inbenta-community/inbenta-auth/sdk/backend"
)

// transport returns an emulator and an HTTPTransport with a client of its
// own, so its connections are closed after the test.
func transport(t *testing.T, timeout time.Duration) (*authtest.Server, backend.HTTPTransport) {
	t.Helper()
	api := authtest.NewServer()
	t.Cleanup(api.Close)
	client := &http.Client{Timeout: timeout, Transport: http.DefaultTransport.(*http.Transport).Clone()}
	t.Cleanup(client.CloseIdleConnections)
	return api, backend.HTTPTransport{Client: client}
}

func authRequest(api *authtest.Server) *sdk.Request {
	return &sdk.Request{Method: "POST", URL: api.AuthURL + "/auth",
		Header: map[string]string{"x-inbenta-key": testKey, "content-type": "application/json"},
		Body:   `{"secret":"` + testSecret + `"}`}
}

func TestTransportDecodesJSONAndRetryHeaders(t *testing.T) {
	api, tr := transport(t, 0)
	api.Fail("auth", authtest.Fault{Status: 429, Header: map[string]string{"Retry-After": "2", "X-Throttle-Reset": "1700000000"}})
	resp, err := tr.RoundTrip(t.Context(), authRequest(api))
	require.NoError(t, err)
	assert.Equal(t, 429, resp.Status)
	assert.Equal(t, map[string]string{"retry-after": "2", "x-throttle-reset": "1700000000"}, resp.Header)
	body, _ := resp.JSON.(map[string]any)
	assert.Contains(t, body, "error")
}

func TestTransportSendsRequest(t *testing.T) {
	api, tr := transport(t, 0)
	api.AddInstance(testKey, testSecret)
	resp, err := tr.RoundTrip(t.Context(), authRequest(api))
	require.NoError(t, err)
	assert.Equal(t, 200, resp.Status)
	_, err = sdk.ParseTokenAnswer(resp.JSON, nil, sdk.At(time.Now()))
	require.NoError(t, err)
	r := api.Requests("auth")[0]
	assert.Equal(t, testKey, r.Header.Get("x-inbenta-key"))
	assert.Equal(t, authRequest(api).Body, r.Body)
}

func TestTransportNonJSONBody(t *testing.T) {
	api, tr := transport(t, 0)
	api.Fail("auth", authtest.Fault{Status: 200, Body: "<html>hello</html>"})
	resp, err := tr.RoundTrip(t.Context(), authRequest(api))
	require.NoError(t, err)
	assert.Nil(t, resp.JSON)
}

func TestTransportLimitsBody(t *testing.T) {
	api, tr := transport(t, 0)
	api.Fail("auth",
		authtest.Fault{Status: 200, Body: `"` + strings.Repeat("a", sdk.MaxAnswerBytes-2) + `"`},
		authtest.Fault{Status: 200, Body: strings.Repeat("a", sdk.MaxAnswerBytes+1)})
	resp, err := tr.RoundTrip(t.Context(), authRequest(api))
	require.NoError(t, err, "exactly the limit is read")
	assert.IsType(t, "", resp.JSON)
	_, err = tr.RoundTrip(t.Context(), authRequest(api))
	assert.Equal(t, sdk.CodeBadResponse, sdk.CodeOf(err))
}

func TestTransportFailures(t *testing.T) {
	t.Run("context deadline", func(t *testing.T) {
		api, tr := transport(t, 0)
		api.Fail("auth", authtest.Fault{Delay: time.Minute})
		ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
		defer cancel()
		_, err := tr.RoundTrip(ctx, authRequest(api))
		e := sdk.AsError(err)
		assert.Equal(t, sdk.CodeTimeout, e.Code)
		assert.True(t, e.Retryable)
	})
	t.Run("client timeout", func(t *testing.T) {
		api, tr := transport(t, 50*time.Millisecond)
		api.Fail("auth", authtest.Fault{Delay: time.Minute})
		_, err := tr.RoundTrip(t.Context(), authRequest(api))
		assert.Equal(t, sdk.CodeTimeout, sdk.CodeOf(err))
	})
	t.Run("cancelled", func(t *testing.T) {
		api, tr := transport(t, 0)
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		_, err := tr.RoundTrip(ctx, authRequest(api))
		assert.Equal(t, sdk.CodeClosed, sdk.CodeOf(err))
	})
	t.Run("connection refused", func(t *testing.T) {
		api, tr := transport(t, 0)
		req := authRequest(api)
		api.Close()
		_, err := tr.RoundTrip(t.Context(), req)
		e := sdk.AsError(err)
		assert.Equal(t, sdk.CodeNetwork, e.Code)
		assert.True(t, e.Retryable)
	})
	t.Run("connection dropped", func(t *testing.T) {
		api, tr := transport(t, 0)
		api.Fail("auth", authtest.Fault{Drop: true})
		_, err := tr.RoundTrip(t.Context(), authRequest(api))
		assert.Equal(t, sdk.CodeNetwork, sdk.CodeOf(err))
	})
}
