//go:build js && wasm

package jsbridge

import (
	"syscall/js"

	"github.com/inbenta-community/inbenta-auth/sdk"
)

// Options are the JS options of both factories: the data options, which
// sdk.ParseOptions validates, and the page's functions.
type Options struct {
	sdk.Options
	// Refresh is the page's refresh hook, OnRefreshError its replacement for
	// the notification; undefined when not given.
	Refresh        js.Value
	OnRefreshError js.Value
}

// ParseOptions reads the options object: its data through JSON-like
// conversion (so getters and Proxies that throw are contained), its
// functions directly.
func ParseOptions(v js.Value) (Options, error) {
	opts := Options{Refresh: js.Undefined(), OnRefreshError: js.Undefined()}
	if !isNullish(v) && !isObject(v) {
		return opts, invalidArgument("options must be an object")
	}
	tree, err := toGo(v)
	if err != nil {
		return opts, &sdk.Error{Code: sdk.CodeInvalidArgument, Message: "options could not be read", Cause: err}
	}
	if opts.Options, err = sdk.ParseOptions(tree); err != nil {
		return opts, err
	}
	if opts.Refresh, err = optionalFunc(v, "refresh"); err != nil {
		return opts, err
	}
	opts.OnRefreshError, err = optionalFunc(v, "onRefreshError")
	return opts, err
}

// optionalFunc reads options[name]: a function, or absent (null counts as
// absent).
func optionalFunc(v js.Value, name string) (js.Value, error) {
	f := prop(v, name)
	switch {
	case isNullish(f):
		return js.Undefined(), nil
	case f.Type() != js.TypeFunction:
		return js.Undefined(), invalidArgument("options." + name + " must be a function")
	}
	return f, nil
}

// StringArg returns args[i] as a non-empty string.
func StringArg(args []js.Value, i int, name string) (string, error) {
	if i >= len(args) || args[i].Type() != js.TypeString {
		return "", invalidArgument(name + " must be a string")
	}
	s := args[i].String()
	if s == "" {
		return "", invalidArgument(name + " is empty")
	}
	return s, nil
}

// TokenArg returns args[i], an access token, as bytes the SDK then owns
// (sdk.TokenBytes): no Go string of it is made.
func TokenArg(args []js.Value, i int, name string) (sdk.TokenBytes, error) {
	if i >= len(args) || args[i].Type() != js.TypeString {
		return nil, invalidArgument(name + " must be a string")
	}
	b, err := tokenBytes(args[i])
	if err == nil && len(b) == 0 {
		err = invalidArgument(name + " is empty")
	}
	return b, err
}

// Arg returns args[i], or undefined when it was not passed.
func Arg(args []js.Value, i int) js.Value {
	if i < len(args) {
		return args[i]
	}
	return js.Undefined()
}
