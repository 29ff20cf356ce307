//go:build js && wasm

package jsbridge

import (
	"errors"
	"syscall/js"
)

// Values looked up once: globals a page could replace later are captured at
// start so a page that monkey-patches them after loading cannot swap them.
var (
	global       = js.Global()
	jsObject     = global.Get("Object")
	jsArray      = global.Get("Array")
	jsJSON       = global.Get("JSON")
	jsPromise    = global.Get("Promise")
	jsError      = global.Get("Error")
	jsHeaders    = global.Get("Headers")
	jsRequest    = global.Get("Request")
	jsURL        = global.Get("URL")
	jsFetch      = global.Get("fetch")
	jsAbortCtrl  = global.Get("AbortController")
	objectKeys   = jsObject.Get("keys")
	arrayIsArray = jsArray.Get("isArray")
)

// jsException is a JavaScript exception or rejection reason seen from Go.
type jsException struct{ v js.Value }

func (e *jsException) Error() string {
	name, msg := "Error", ""
	_ = try(func() {
		if e.v.Type() == js.TypeObject {
			if n := e.v.Get("name"); n.Type() == js.TypeString {
				name = n.String()
			}
			msg = e.v.Get("message").String()
		} else {
			name, msg = "thrown", e.v.String()
		}
	})
	return name + ": " + msg
}

// name is the JS error's name ("TypeError", "AbortError", ...).
func (e *jsException) name() string {
	var n string
	_ = try(func() {
		if e.v.Type() == js.TypeObject {
			n = e.v.Get("name").String()
		}
	})
	return n
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
	switch v := r.(type) {
	case js.Error:
		return &jsException{v.Value}
	case error:
		return v
	case string:
		return errors.New(v)
	}
	return errors.New("panic")
}

// call is v[method](args...) with exceptions as errors.
func call(v js.Value, method string, args ...any) (res js.Value, err error) {
	err = try(func() { res = v.Call(method, args...) })
	return res, err
}

// construct is new ctor(args...) with exceptions as errors.
func construct(ctor js.Value, args ...any) (res js.Value, err error) {
	err = try(func() { res = ctor.New(args...) })
	return res, err
}

// invoke is fn(args...) with exceptions as errors.
func invoke(fn js.Value, args ...any) (res js.Value, err error) {
	err = try(func() { res = fn.Invoke(args...) })
	return res, err
}

// isObject reports whether v is a non-null object (functions excluded).
func isObject(v js.Value) bool { return v.Type() == js.TypeObject }

// isNullish reports whether v is undefined or null.
func isNullish(v js.Value) bool { return v.IsUndefined() || v.IsNull() }
