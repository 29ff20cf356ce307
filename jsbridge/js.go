//go:build js && wasm

package jsbridge

import (
	"syscall/js"

	"github.com/inbenta-community/inbenta-auth/sdk"
)

// Values looked up once: globals a page could replace later are captured at
// start so a page that monkey-patches them after loading cannot swap them.
var (
	global       = js.Global()
	jsObject     = global.Get("Object")
	jsArray      = global.Get("Array")
	jsError      = global.Get("Error")
	jsRequest    = global.Get("Request")
	jsFetch      = global.Get("fetch")
	jsAbortCtrl  = global.Get("AbortController")
	objectKeys   = jsObject.Get("keys")
	arrayIsArray = jsArray.Get("isArray")
	reflectGet   = global.Get("Reflect").Get("get")
)

// jsException is a JavaScript exception or rejection reason seen from Go.
type jsException struct{ v js.Value }

func (e *jsException) Error() string {
	if !isObject(e.v) {
		return "thrown: " + e.v.String()
	}
	name := e.name()
	if name == "" {
		name = "Error"
	}
	msg := prop(e.v, "message")
	if msg.Type() != js.TypeString {
		return name
	}
	return name + ": " + msg.String()
}

// name is the JS error's name ("TypeError", "AbortError", ...).
func (e *jsException) name() string {
	if n := prop(e.v, "name"); n.Type() == js.TypeString {
		return n.String()
	}
	return ""
}

// try runs fn and turns a panic (syscall/js panics on JS exceptions) into an
// error.
func try(fn func()) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = recoveredError(r)
		}
	}()
	fn()
	return nil
}

func recoveredError(r any) error {
	if v, ok := r.(js.Error); ok {
		return &jsException{v.Value}
	}
	return sdk.PanicError(r)
}

// call is v[method](args...) with exceptions as errors. It, construct and
// invoke are not inlined: each inlined copy of the closure costs the wasm
// ~0.4 KB, and a JS call costs far more than a Go call.
//
//go:noinline
func call(v js.Value, method string, args ...any) (res js.Value, err error) {
	err = try(func() { res = v.Call(method, args...) })
	return res, err
}

// construct is new ctor(args...) with exceptions as errors.
//
//go:noinline
func construct(ctor js.Value, args ...any) (res js.Value, err error) {
	err = try(func() { res = ctor.New(args...) })
	return res, err
}

// invoke is fn(args...) with exceptions as errors.
//
//go:noinline
func invoke(fn js.Value, args ...any) (res js.Value, err error) {
	err = try(func() { res = fn.Invoke(args...) })
	return res, err
}

// get reads v[key] through Reflect.get. syscall/js's Value.Get does not
// catch JS exceptions: a throwing getter or Proxy trap on a page's object
// would unwind straight through the Go stack and wreck the runtime. Invoke
// does catch them, so every read of a value the page could have made goes
// through here.
func get(v js.Value, key string) (js.Value, error) {
	if !isObject(v) && v.Type() != js.TypeFunction {
		return js.Undefined(), nil
	}
	return invoke(reflectGet, v, key)
}

// prop is get for reads where a throwing property counts as absent.
func prop(v js.Value, key string) js.Value {
	r, err := get(v, key)
	if err != nil {
		return js.Undefined()
	}
	return r
}

// str is v[key] when it is a string, else "".
func str(v js.Value, key string) string {
	if s := prop(v, key); s.Type() == js.TypeString {
		return s.String()
	}
	return ""
}

// length reads v.length safely; -1 when it is not a number.
func length(v js.Value) int {
	if n := prop(v, "length"); n.Type() == js.TypeNumber {
		return n.Int()
	}
	return -1
}

// isObject reports whether v is a non-null object (functions excluded).
func isObject(v js.Value) bool { return v.Type() == js.TypeObject }

// isNullish reports whether v is undefined or null.
func isNullish(v js.Value) bool { return v.IsUndefined() || v.IsNull() }
