//go:build !(js && wasm)

package backend

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"

	"github.com/inbenta-community/inbenta-auth/sdk"
)

// HTTPTransport is sdk.Transport over net/http. Client nil means
// http.DefaultClient.
type HTTPTransport struct {
	Client *http.Client
}

// RoundTrip sends req and decodes the answer. Failures are *sdk.Error:
// TIMEOUT when ctx's deadline or the client's timeout passed, CLOSED when
// ctx was cancelled, NETWORK for any other failure to get an answer, and
// BAD_RESPONSE for a body over sdk.MaxAnswerBytes.
func (t HTTPTransport) RoundTrip(ctx sdk.Context, req *sdk.Request) (*sdk.Response, error) {
	var body io.Reader
	if req.Body != "" {
		body = strings.NewReader(req.Body)
	}
	hctx, stop := stdContext(ctx)
	defer stop()
	hr, err := http.NewRequestWithContext(hctx, req.Method, req.URL, body)
	if err != nil {
		return nil, &sdk.Error{Code: sdk.CodeInvalidArgument, Message: "cannot build the request", Cause: err}
	}
	for k, v := range req.Header {
		hr.Header.Set(k, v)
	}
	if req.Bearer != nil {
		hr.Header.Set("Authorization", "Bearer "+req.Bearer.AccessToken)
	}
	client := t.Client
	if client == nil {
		client = http.DefaultClient
	}
	resp, err := client.Do(hr)
	if err != nil {
		return nil, failure(ctx, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, sdk.MaxAnswerBytes+1))
	if err != nil {
		return nil, failure(ctx, err)
	}
	if len(b) > sdk.MaxAnswerBytes {
		return nil, &sdk.Error{Code: sdk.CodeBadResponse, Status: resp.StatusCode,
			Message: "answer larger than " + strconv.Itoa(sdk.MaxAnswerBytes) + " bytes"}
	}
	out := &sdk.Response{Status: resp.StatusCode, Header: map[string]string{}}
	for _, name := range sdk.RetryHeaders {
		if v := resp.Header.Get(name); v != "" {
			out.Header[name] = v
		}
	}
	// A body that is not JSON leaves JSON nil, which the callers reject.
	_ = json.Unmarshal(b, &out.JSON)
	return out, nil
}

// stdContext is ctx as a context.Context for net/http: itself when it is
// one, else a context cancelled when ctx is done (the SDK's own contexts
// leave out Deadline to keep the wasm small).
func stdContext(ctx sdk.Context) (context.Context, func()) {
	if c, ok := ctx.(context.Context); ok {
		return c, func() {}
	}
	c, cancel := context.WithCancel(context.Background())
	stop := sdk.AfterFunc(ctx, cancel)
	return c, func() { stop(); cancel() }
}

// failure classifies an error of sending or reading.
func failure(ctx sdk.Context, err error) *sdk.Error {
	var ne net.Error
	switch {
	case ctx.Err() != nil && !sdk.IsTimeout(ctx.Err()):
		return &sdk.Error{Code: sdk.CodeClosed, Message: "the request was cancelled", Cause: err}
	case ctx.Err() != nil, errors.Is(err, context.DeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return &sdk.Error{Code: sdk.CodeTimeout, Message: "the request timed out", Retryable: true, Cause: err}
	}
	return &sdk.Error{Code: sdk.CodeNetwork, Message: "the request failed", Retryable: true, Cause: err}
}
