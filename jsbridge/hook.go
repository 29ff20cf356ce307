//go:build js && wasm

package jsbridge

import (
	"syscall/js"

	"github.com/inbenta-community/inbenta-auth/sdk"
)

// HookSource is the page's refresh function as an sdk.Source. The function
// gets {reason} ("expiring", "expired" or "rejected") and returns a token
// object, or a Promise of one: {accessToken, expiration?, apis?}.
type HookSource struct{ fn js.Value }

// NewHookSource wraps fn, which must be a function.
func NewHookSource(fn js.Value) *HookSource { return &HookSource{fn: fn} }

// HookOf is options.refresh as a Source: nil (until setRefresh) when the
// page gave none.
func HookOf(fn js.Value) sdk.Source {
	if fn.Type() != js.TypeFunction {
		return nil
	}
	return NewHookSource(fn)
}

func (h *HookSource) Token(ctx sdk.Context, stale *sdk.Token, why sdk.Reason) (*sdk.Token, error) {
	res, err := call(kit, "hook", h.fn, why.String())
	if err != nil {
		return nil, &sdk.Error{Code: sdk.CodeRefreshFailed, Message: "the refresh hook could not be called", Cause: err}
	}
	v, err := await(ctx, res)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, &sdk.Error{Code: sdk.CodeRefreshFailed, Message: "the refresh hook rejected", Cause: err}
	}
	// Not plain data: the page's to fix, as any answer that is not a token.
	var tree any
	if v, err = call(kit, "plain", v, "the refresh hook's answer"); err == nil {
		tree, err = toGo(v)
	}
	if err != nil {
		return nil, &sdk.Error{Code: sdk.CodeInvalidArgument, Message: "the refresh hook's answer could not be read: resolve with a plain {accessToken, expiration}", Cause: err}
	}
	return sdk.ParseHookAnswer(tree, stale, Clock{}.Now())
}
