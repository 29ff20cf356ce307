//go:build js && wasm

package jsbridge

import (
	"math"
	"strings"
	"syscall/js"
	"time"

	"github.com/inbenta-community/inbenta-auth/sdk"
)

// Options are the JS options shared by both factories.
type Options struct {
	AuthURL string
	// Leeway is how long before expiry a token counts as expired; negative
	// means the SDK default.
	Leeway time.Duration
}

// ParseOptions reads the options object. It refuses any option named like
// a Secret before anything is sent: the Secret must never leave the
// customer's server, and refusing loudly beats ignoring it silently.
func ParseOptions(v js.Value) (opts Options, err error) {
	opts.Leeway = -1
	if isNullish(v) {
		return opts, nil
	}
	if !isObject(v) {
		return opts, invalidArgument("options must be an object")
	}
	if err = parseOptions(v, &opts); err != nil && sdk.CodeOf(err) == sdk.CodeInternal {
		// A getter or Proxy trap threw while we read the options.
		return opts, &sdk.Error{Code: sdk.CodeInvalidArgument, Message: "options could not be read", Cause: err}
	}
	return opts, err
}

func parseOptions(v js.Value, opts *Options) error {
	keys, err := invoke(objectKeys, v)
	if err != nil {
		return err
	}
	for i := range keys.Length() { // a real array: Object.keys made it
		if k := keys.Index(i).String(); strings.Contains(strings.ToLower(k), "secret") {
			return secretInBrowser(k)
		}
	}
	u, err := get(v, "authURL")
	if err != nil {
		return err
	}
	if !u.IsUndefined() {
		if u.Type() != js.TypeString {
			return invalidArgument("options.authURL must be a string")
		}
		opts.AuthURL = u.String()
	}
	l, err := get(v, "leeway")
	if err != nil {
		return err
	}
	if !l.IsUndefined() {
		if l.Type() != js.TypeNumber || math.IsNaN(l.Float()) || l.Float() < 0 || l.Float() > 3600 {
			return invalidArgument("options.leeway must be a number of seconds from 0 to 3600")
		}
		opts.Leeway = time.Duration(l.Float() * float64(time.Second))
	}
	return nil
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

// Arg returns args[i], or undefined when it was not passed.
func Arg(args []js.Value, i int) js.Value {
	if i < len(args) {
		return args[i]
	}
	return js.Undefined()
}
