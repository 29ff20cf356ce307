//go:build js && wasm

package jsbridge

import (
	"syscall/js"

	"github.com/inbenta-community/inbenta-auth/sdk"
)

// toJSError turns any error into the SDK's JS Error (made by the kit, as
// the loader makes its own): a stable `code`, plus `status` and `retryable`
// where they apply and `cause` when there is one.
func toJSError(err error) js.Value {
	e := sdk.AsError(err)
	cause := js.Undefined()
	if e.Cause != nil {
		cause = causeValue(e.Cause)
	}
	v, kerr := call(kit, "error", string(e.Code), e.Error(), e.Retryable, e.Status, cause)
	if kerr != nil {
		return js.ValueOf(e.Error())
	}
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
