package sdk

import "math"

// Options are the data options a page passes to createFromDomainKey and
// createFromAccessToken (functions such as refresh are read by the bridge).
// Durations are given in seconds, like Inbenta's expiration and expires_in.
type Options struct {
	// AuthURL is the Auth API base, normalized once here (AuthBase), the
	// default when the page gave none: what every request and the tab
	// group are made from.
	AuthURL string
	// Negative durations mean "the SDK default".
	Leeway         Duration
	RefreshTimeout Duration
	RefreshWindow  Duration
	// Expiration of a given access token; zero when unknown.
	Expiration Instant
	// APIs given with an access token; nil when not given.
	APIs map[string]string
	// Lang of the notification; "" to detect it from the page.
	Lang   string
	Labels LabelConfig
	// ShareAcrossTabs shares tokens with the other pages of the origin that
	// keep the same one (see Shared); true unless the page says false.
	ShareAcrossTabs bool
	// Headers are the product headers of environment, userType and source.
	Headers ProductHeaders
	// Persist is where the client keeps its token: in memory only (the
	// default) or also in the tab's sessionStorage (see Store).
	Persist Persistence
}

// Persistence is options.persist.
type Persistence string

const (
	PersistMemory  Persistence = "memory"  // the page's memory only: gone with the page
	PersistSession Persistence = "session" // also the tab's sessionStorage: the tab's next pages restore it
)

// ParseOptions validates the options as decoded JSON (functions decode to
// nil and are ignored here). Any option named like a Secret is refused
// before anything is sent: a Secret must never leave the customer's server.
func ParseOptions(v any) (Options, error) {
	opts := Options{AuthURL: DefaultAuthURL, Leeway: -1, RefreshTimeout: -1, RefreshWindow: -1, ShareAcrossTabs: true,
		Headers: ProductHeaders{Environment: EnvProduction}, Persist: PersistMemory}
	if v == nil {
		return opts, nil
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return opts, newError(CodeInvalidArgument, "options must be an object")
	}
	for k := range obj {
		if index(lowerASCII(k), "secret") >= 0 {
			return opts, &Error{Code: CodeSecretInBrowser,
				Message: "options." + k + " refused: a Secret must stay on your server; use a Domain Key or createFromAccessToken"}
		}
	}
	r := optionReader{obj: obj}
	base, err := AuthBase(r.str("authURL"))
	if err != nil {
		return opts, err
	}
	opts.AuthURL = base
	opts.Leeway = r.seconds("leeway", 0, 3600, "0 to 3600")
	opts.RefreshTimeout = r.seconds("refreshTimeout", 0.001, 600, "0.001 to 600")
	opts.RefreshWindow = r.seconds("refreshWindow", 0, 3600, "0 to 3600")
	if exp, ok := r.number("expiration", 1, maxExpiration, "1 to 9e9 (Unix seconds, not milliseconds)"); ok {
		opts.Expiration, _ = unixToInstant(exp)
	}
	opts.ShareAcrossTabs = r.boolean("shareAcrossTabs", true)
	if p := Persistence(r.str("persist")); p == PersistSession {
		opts.Persist = p
	} else if p != PersistMemory && obj["persist"] != nil {
		r.fail("options.persist must be 'memory' (the default) or 'session' (the tab's sessionStorage)")
	}
	opts.Headers = r.productHeaders()
	opts.Lang = r.str("lang")
	if len(opts.Lang) > 64 {
		r.fail("options.lang is too long")
	}
	if raw := obj["apis"]; raw != nil && r.err == nil {
		apis, err := ParseAPIs(raw)
		if err != nil {
			r.fail("options.apis must map product names to http(s) URLs")
		}
		opts.APIs = apis
	}
	if r.err != nil {
		return opts, r.err
	}
	labels, err := ParseLabelConfig(obj["labels"])
	opts.Labels = labels
	return opts, err
}

// optionReader reads typed options, keeping the first error.
type optionReader struct {
	obj map[string]any
	err error
}

func (r *optionReader) fail(msg string) {
	if r.err == nil {
		r.err = newError(CodeInvalidArgument, msg)
	}
}

func (r *optionReader) str(name string) string {
	raw, present := r.obj[name]
	if !present || raw == nil {
		return ""
	}
	s, ok := raw.(string)
	if !ok {
		r.fail("options." + name + " must be a string")
	}
	return s
}

// boolean reads a boolean; def when absent.
func (r *optionReader) boolean(name string, def bool) bool {
	raw, present := r.obj[name]
	if !present || raw == nil {
		return def
	}
	b, ok := raw.(bool)
	if !ok {
		r.fail("options." + name + " must be true or false")
	}
	return b && ok
}

// number reads a number in [lo, hi] (span says so in words); ok is false
// when absent or invalid.
func (r *optionReader) number(name string, lo, hi float64, span string) (float64, bool) {
	raw, present := r.obj[name]
	if !present || raw == nil {
		return 0, false
	}
	f, ok := raw.(float64)
	if !ok || math.IsNaN(f) || f < lo || f > hi {
		r.fail("options." + name + " must be a number from " + span)
		return 0, false
	}
	return f, true
}

// seconds reads a duration in seconds within [lo, hi]; -1 when absent.
func (r *optionReader) seconds(name string, lo, hi float64, span string) Duration {
	s, ok := r.number(name, lo, hi, span)
	if !ok {
		return -1
	}
	return Duration(s * float64(Second))
}
