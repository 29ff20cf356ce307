package sdk

import (
	"context"
	"testing"
	"testing/synctest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	gatewayDeny         = `{"Message":"User is not authorized to access this resource with an explicit deny"}`
	gatewayUnauthorized = `{"message":"Unauthorized"}`
)

func TestSessionStartRequests(t *testing.T) {
	r := newSessionRig(t, Options{Headers: ProductHeaders{Environment: EnvDevelopment, UserType: 3, Source: "help center"}})
	ctx := context.Background()
	for _, product := range []string{"chatbot", "search", "knowledge"} {
		_, err := r.m.Session(ctx, product)
		require.NoError(t, err)
	}
	require.Equal(t, 3, r.api.count())
	for i, url := range []string{testAPIs + "chatbot/v1/conversation", testAPIs + "search/v1/tracking/session",
		testAPIs + "knowledge/v1/tracking/session"} {
		req := r.api.request(i)
		assert.Equal(t, "POST", req.Method)
		assert.Equal(t, url, req.URL)
		assert.Equal(t, map[string]string{"x-inbenta-key": "api-key-1", "x-inbenta-env": "development",
			"x-inbenta-user-type": "3", "x-inbenta-source": "help center"}, req.Header)
		require.NotNil(t, req.Bearer)
		assert.Equal(t, "tok-1", req.Bearer.AccessToken, "the Keeper's token")
	}
}

func TestSessionStartSendsDefaultProductHeaders(t *testing.T) {
	r := newSessionRig(t, Options{})
	_, err := r.m.Session(context.Background(), "chatbot")
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"x-inbenta-key": "api-key-1", "x-inbenta-env": "production",
		"x-inbenta-user-type": "0"}, r.api.request(0).Header)
}

func TestRefusedTokenDuringStart(t *testing.T) {
	for name, refusal := range map[string]answer{
		"gateway 403": {status: 403, body: gatewayDeny},
		"gateway 401": {status: 401, body: gatewayUnauthorized},
	} {
		t.Run(name, func(t *testing.T) {
			r := newSessionRig(t, Options{})
			r.api.answer(refusal)
			s, err := r.m.Session(context.Background(), "chatbot")
			require.NoError(t, err)
			assert.Equal(t, "chatbot-1", s.ID)
			assert.Equal(t, []Reason{ReasonInitial, ReasonRejected}, r.src.reasons(), "one refresh for the refused token")
			require.Equal(t, 2, r.api.count(), "the start, and one retry")
			assert.Equal(t, "tok-1", r.api.request(0).Bearer.AccessToken)
			assert.Equal(t, "tok-2", r.api.request(1).Bearer.AccessToken)
		})
	}
}

func TestRefusedTokenTwiceFailsTheStart(t *testing.T) {
	r := newSessionRig(t, Options{})
	r.api.answer(answer{status: 403, body: gatewayDeny}, answer{status: 401, body: gatewayUnauthorized}, answer{status: 403, body: gatewayDeny})
	_, err := r.m.Session(context.Background(), "chatbot")
	e := AsError(err)
	assert.Equal(t, CodeSessionFailed, e.Code)
	assert.Equal(t, 401, e.Status)
	assert.False(t, e.Retryable)
	assert.Equal(t, "Unauthorized", e.Message)
	assert.Equal(t, 2, r.api.count(), "never a loop")
	assert.EqualValues(t, 2, r.src.calls.Load(), "one refresh")
}

func TestSessionStartRetries(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newSessionRig(t, Options{})
		r.api.answer(answer{status: 503}, answer{status: 429, header: map[string]string{"retry-after": "2"}},
			answer{err: &Error{Code: CodeNetwork, Message: "offline", Retryable: true}})
		s, err := r.m.Session(context.Background(), "search")
		require.NoError(t, err)
		assert.Equal(t, "search-session-1", s.Token())
		assert.Equal(t, 4, r.api.count(), "503, 429 and a network failure are retried")
		assert.EqualValues(t, 1, r.src.calls.Load(), "with the same token")
	})
}

func TestSessionStartFailures(t *testing.T) {
	cases := map[string]struct {
		answers   []answer
		requests  int
		status    int
		retryable bool
		message   string
	}{
		"outage": {answers: []answer{{status: 503}, {status: 502}, {status: 500}, {status: 504, body: `{"message":"Endpoint request timed out"}`}},
			requests: 4, status: 504, retryable: true, message: "Endpoint request timed out"},
		"bad request": {answers: []answer{{status: 400, body: `{"errors":[{"code":400,"message":"Invalid lang"}]}`}},
			requests: 1, status: 400, message: "Invalid lang"},
		"not found": {answers: []answer{{status: 404, body: `<html>`}}, requests: 1, status: 404, message: "HTTP 404"},
		"no token":  {answers: []answer{{status: 200, body: `{"sessionId":"x"}`}}, requests: 1, message: "could not be started"},
		"bad token": {answers: []answer{{status: 200, body: `{"sessionToken":"a b"}`}}, requests: 1, message: "could not be started"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				r := newSessionRig(t, Options{})
				r.api.answer(c.answers...)
				_, err := r.m.Session(context.Background(), "chatbot")
				e := AsError(err)
				assert.Equal(t, CodeSessionFailed, e.Code)
				assert.Equal(t, c.status, e.Status)
				assert.Equal(t, c.retryable, e.Retryable)
				assert.Contains(t, e.Error(), c.message)
				assert.Equal(t, c.requests, r.api.count())

				// The next call tries again.
				s, err := r.m.Session(context.Background(), "chatbot")
				require.NoError(t, err)
				assert.Equal(t, uint64(1), s.Gen)
			})
		})
	}
}

func TestSessionStartKeepsTokenErrors(t *testing.T) {
	r := newSessionRig(t, Options{})
	r.src.err = &Error{Code: CodeOriginNotAllowed, Message: "origin not allowed"}
	_, err := r.m.Session(context.Background(), "chatbot")
	assert.Equal(t, CodeOriginNotAllowed, CodeOf(err), "a token failure keeps its code")
	assert.Zero(t, r.api.count())
}

func TestSessionStartNeedsTheProductInApis(t *testing.T) {
	api := newProductAPI()
	src := SourceFunc(func(Context, *Token, Reason) (*Token, error) {
		return &Token{AccessToken: "t", APIs: map[string]string{"search": testAPIs + "search"}}, nil
	})
	k := NewKeeper(src, realClock)
	defer k.Close()
	m := (&Config{APIKey: "k", Transport: api, Clock: realClock}).NewSessions(k)
	defer m.Close()
	_, err := m.Session(context.Background(), "chatbot")
	assert.Equal(t, CodeSessionFailed, CodeOf(err))
	assert.Contains(t, err.Error(), "the chatbot session could not be started: the token's apis have no URL for it")
	assert.Zero(t, api.count())
}
