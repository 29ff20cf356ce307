//go:build js && wasm

package jsbridge

import (
	"syscall/js"

	"github.com/inbenta-community/inbenta-auth/sdk"
)

// toJSError turns any error into a JS Error with a stable `code`, plus
// `status` and `retryable` where they apply and `cause` when there is one.
func toJSError(err error) js.Value {
	e := sdk.AsError(err)
	v, cerr := construct(jsError, e.Error())
	if cerr != nil {
		return js.ValueOf(e.Error())
	}
	_ = try(func() {
		v.Set("name", "InbentaAuthError")
		v.Set("code", string(e.Code))
		v.Set("retryable", e.Retryable)
		if e.Status != 0 {
			v.Set("status", e.Status)
		}
		if e.Cause != nil {
			v.Set("cause", causeValue(e.Cause))
		}
	})
	return v
}

// causeValue keeps a JS exception as the original object so a page can
// inspect it; Go errors become plain Errors.
func causeValue(err error) js.Value {
	if je, ok := sdk.As[*jsException](err); ok {
		return je.v
	}
	if c, cerr := construct(jsError, err.Error()); cerr == nil {
		return c
	}
	return js.ValueOf(err.Error())
}

func invalidArgument(msg string) *sdk.Error {
	return &sdk.Error{Code: sdk.CodeInvalidArgument, Message: msg}
}

// fromJSFailure classifies an exception thrown by fetch or a Response method.
func fromJSFailure(err error, what string) *sdk.Error {
	if je, ok := sdk.As[*jsException](err); ok && je.name() == "AbortError" {
		return &sdk.Error{Code: sdk.CodeAborted, Message: what + " was aborted", Cause: err}
	}
	return &sdk.Error{Code: sdk.CodeNetwork, Message: what + " failed (network error, CORS refusal or blocked request)", Retryable: true, Cause: err}
}
