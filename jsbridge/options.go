//go:build js && wasm

package jsbridge

import (
	"math"
	"strconv"
	"strings"
	"syscall/js"
	"time"

	"github.com/inbenta-community/inbenta-auth/sdk"
)

// Options are the JS options of both factories. Durations are given in
// seconds, like Inbenta's own expiration and expires_in.
type Options struct {
	AuthURL string
	// Negative durations mean "the SDK default".
	Leeway         time.Duration
	RefreshTimeout time.Duration
	RefreshWindow  time.Duration
	// Expiration of a given access token; zero when unknown.
	Expiration time.Time
	// APIs given with an access token; nil when not given.
	APIs map[string]string
	// Refresh is the page's refresh hook, OnRefreshError its replacement for
	// the notification; undefined when not given.
	Refresh        js.Value
	OnRefreshError js.Value
	// Lang is the language of the notification; "" to detect it from the
	// page when it is shown.
	Lang   string
	Labels sdk.LabelConfig
}

// ParseOptions reads the options object. It refuses any option named like
// a Secret before anything is sent: the Secret must never leave the
// customer's server, and refusing loudly beats ignoring it silently.
func ParseOptions(v js.Value) (Options, error) {
	opts := Options{Leeway: -1, RefreshTimeout: -1, RefreshWindow: -1, Refresh: js.Undefined(), OnRefreshError: js.Undefined()}
	if isNullish(v) {
		return opts, nil
	}
	if !isObject(v) {
		return opts, invalidArgument("options must be an object")
	}
	err := parseOptions(v, &opts)
	if err != nil && sdk.CodeOf(err) == sdk.CodeInternal {
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
	r := optionReader{v: v}
	opts.AuthURL = r.str("authURL")
	opts.Leeway = r.seconds("leeway", 0, 3600)
	opts.RefreshTimeout = r.seconds("refreshTimeout", 0.001, 600)
	opts.RefreshWindow = r.seconds("refreshWindow", 0, 3600)
	if exp, ok := r.number("expiration", 1, 1e11); ok {
		whole, frac := math.Modf(exp)
		opts.Expiration = time.Unix(int64(whole), int64(frac*1e9))
	}
	opts.Refresh = r.function("refresh")
	opts.OnRefreshError = r.function("onRefreshError")
	opts.Lang = r.str("lang")
	if labels := r.value("labels"); !isNullish(labels) {
		tree, err := toGo(labels)
		if err != nil {
			return invalidArgument("options.labels could not be read")
		}
		if opts.Labels, err = sdk.ParseLabelConfig(tree); err != nil {
			return err
		}
	}
	if apis := r.value("apis"); !isNullish(apis) {
		tree, err := toGo(apis)
		if err != nil {
			return invalidArgument("options.apis could not be read")
		}
		if opts.APIs, err = sdk.ParseAPIs(tree); err != nil {
			return invalidArgument("options.apis must map product names to http(s) URLs")
		}
	}
	return r.err
}

// optionReader reads typed options, keeping the first error.
type optionReader struct {
	v   js.Value
	err error
}

func (r *optionReader) value(name string) js.Value {
	if r.err != nil {
		return js.Undefined()
	}
	x, err := get(r.v, name)
	if err != nil {
		r.err = err
		return js.Undefined()
	}
	return x
}

func (r *optionReader) fail(msg string) {
	if r.err == nil {
		r.err = invalidArgument(msg)
	}
}

func (r *optionReader) str(name string) string {
	x := r.value(name)
	if x.IsUndefined() {
		return ""
	}
	if x.Type() != js.TypeString {
		r.fail("options." + name + " must be a string")
		return ""
	}
	return x.String()
}

// number reads a number in [lo, hi]; ok is false when absent or invalid.
func (r *optionReader) number(name string, lo, hi float64) (float64, bool) {
	x := r.value(name)
	if x.IsUndefined() {
		return 0, false
	}
	if x.Type() != js.TypeNumber || math.IsNaN(x.Float()) || x.Float() < lo || x.Float() > hi {
		r.fail("options." + name + " must be a number from " + formatFloat(lo) + " to " + formatFloat(hi))
		return 0, false
	}
	return x.Float(), true
}

// seconds reads a duration in seconds within [lo, hi]; -1 when absent.
func (r *optionReader) seconds(name string, lo, hi float64) time.Duration {
	s, ok := r.number(name, lo, hi)
	if !ok {
		return -1
	}
	return time.Duration(s * float64(time.Second))
}

func formatFloat(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }

// function reads an optional function; null counts as absent.
func (r *optionReader) function(name string) js.Value {
	x := r.value(name)
	if isNullish(x) {
		return js.Undefined()
	}
	if x.Type() != js.TypeFunction {
		r.fail("options." + name + " must be a function")
		return js.Undefined()
	}
	return x
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
