//go:build js && wasm

package jsbridge

import (
	"syscall/js"

	"github.com/inbenta-community/inbenta-auth/sdk"
)

// Transport is sdk.Transport over the browser's fetch. Credentials
// (cookies) are never sent: the Auth API needs none, and a token must not
// depend on ambient state.
type Transport struct{}

func (Transport) RoundTrip(ctx sdk.Context, req *sdk.Request) (*sdk.Response, error) {
	ctrl, err := construct(jsAbortCtrl)
	if err != nil {
		return nil, &sdk.Error{Code: sdk.CodeInternal, Message: "AbortController is unavailable", Cause: err}
	}
	body := js.Undefined()
	if req.Body != "" {
		body = js.ValueOf(req.Body)
	}
	headers := stringRecord(req.Header, false)
	if req.Bearer != nil {
		_, _ = call(kit, "bearer", headers, req.Bearer.AccessToken)
	}
	init := record(false,
		"method", req.Method,
		"headers", headers,
		"body", body,
		"signal", prop(ctrl, "signal"),
		"credentials", "omit",
		"cache", "no-store",
		// A redirect would re-send the keys to wherever it points.
		"redirect", "manual")
	// The SDK's deadline aborts the request itself, not just the wait.
	stop := sdk.AfterFunc(ctx, func() { _, _ = call(ctrl, "abort") })
	defer stop()

	answer, err := invoke(jsFetch, req.URL, init)
	if err == nil {
		answer, err = call(kit, "answer", answer)
	}
	if err != nil {
		return nil, whyFailed(ctx, req.URL, fromJSFailure(err, "fetch"))
	}
	v, err := await(ctx, answer)
	resp, err := plainResponse(ctx, v, err)
	if err != nil {
		return nil, whyFailed(ctx, req.URL, err)
	}
	return resp, nil
}

// whyFailed tells a refusal of the page's origin from a network failure,
// which fetch reports alike (a TypeError), with two GETs of the server's
// root that need no preflight. When a no-cors one gets an answer but a
// CORS one does not, the server answers, but not to this page's origin:
// retrying cannot fix that. When both get one, the failure was the
// request's own (a gateway's error page without CORS headers), retried as
// a network failure; when neither does, it is the network.
func whyFailed(ctx sdk.Context, url string, err error) error {
	e := sdk.AsError(err)
	if e.Code != sdk.CodeNetwork || ctx.Err() != nil {
		return err
	}
	origin := sdk.OriginOf(url)
	e.Message = "fetch of " + url + " failed (network error, or a request the browser blocked)"
	if !answers(ctx, origin, "no-cors") || answers(ctx, origin, "cors") {
		return e
	}
	refused := origin + " answered " + url + ", but not to this page: "
	// The origin requests carry is the global's; location's is the URL's,
	// which a sandboxed frame's opaque origin is not.
	page := str(global, "origin")
	if page == "" {
		page = str(prop(global, "location"), "origin")
	}
	if page == "null" {
		return &sdk.Error{Code: sdk.CodeOriginNotAllowed, Cause: e.Cause, Message: refused + "its origin is opaque " +
			"(a sandboxed frame without allow-same-origin, or a data: or file: page), which the Auth API can allow for no one: " +
			"use the SDK in a page of a registered origin"}
	}
	what := "allowed by the Auth API: ask Inbenta to allow it"
	if len(url) > 5 && url[len(url)-5:] == "/auth" {
		what = "registered for this Domain Key: register it with Inbenta (a new one takes 5-20 minutes to work), or use a registered one"
	}
	return &sdk.Error{Code: sdk.CodeOriginNotAllowed, Cause: e.Cause, Message: refused + "its origin " + page + " is not " + what}
}

// answers reports whether a GET of origin's root in mode gets an answer
// the page may have (any status).
func answers(ctx sdk.Context, origin, mode string) bool {
	p, err := invoke(jsFetch, origin+"/", record(false, "mode", mode, "credentials", "omit", "cache", "no-store"))
	if err != nil {
		return false
	}
	_, err = await(ctx, p)
	return err == nil
}

// plainResponse reads an answer as the kit hands it over (body.js's
// plainAnswer), both the early /auth's and Transport's, or classifies why
// waiting for it failed (err).
func plainResponse(ctx sdk.Context, v js.Value, err error) (*sdk.Response, error) {
	v, err = checkedResponse(ctx, v, err)
	if err != nil {
		return nil, err
	}
	out := &sdk.Response{Status: statusOf(v)}
	if at := prop(v, "sentAt"); at.Type() == js.TypeNumber {
		out.Sent = sdk.Instant(at.Float() * float64(sdk.Millisecond))
	}
	if out.Status != 200 {
		headers := prop(v, "headers")
		out.Header = map[string]string{}
		for _, name := range sdk.RetryHeaders {
			if h := str(headers, name); h != "" {
				out.Header[name] = h
			}
		}
	}
	if prop(v, "tooLarge").Truthy() {
		return nil, tooLarge(sdk.MaxAnswerBytes)
	}
	out.JSON, _ = toGo(prop(v, "json"))
	return out, nil
}

// checkedResponse classifies how waiting for an answer (the kit's plain
// values of it) ended.
func checkedResponse(ctx sdk.Context, resp js.Value, err error) (js.Value, error) {
	if err != nil {
		if ctx.Err() != nil {
			return js.Undefined(), ctxFailure(ctx)
		}
		return js.Undefined(), fromJSFailure(err, "fetch")
	}
	if t := prop(resp, "type"); t.Type() == js.TypeString && t.String() == "opaqueredirect" {
		return js.Undefined(), &sdk.Error{Code: sdk.CodeBadResponse, Message: "the Auth API answered with a redirect, which is not followed: check authURL"}
	}
	// A page may have wrapped fetch: the kit answers status 0 for what is
	// not a Response.
	if statusOf(resp) == 0 {
		return js.Undefined(), &sdk.Error{Code: sdk.CodeBadResponse, Message: "fetch did not return a Response"}
	}
	return resp, nil
}

// statusOf is an answer's status, or 0 when it has none.
func statusOf(resp js.Value) int {
	if s := prop(resp, "status"); s.Type() == js.TypeNumber {
		return s.Int()
	}
	return 0
}

func ctxFailure(ctx sdk.Context) *sdk.Error { return sdk.ContextError(ctx.Err(), nil) }

func tooLarge(limit int) *sdk.Error {
	return &sdk.Error{Code: sdk.CodeBadResponse, Message: "answer larger than " + sdk.Itoa(limit) + " bytes"}
}
