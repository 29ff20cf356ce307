//go:build js && wasm

// Command crossing moves strings and values between Go and JS both ways,
// for web/loader's test of the bound wasm_exec.js.
package main

import "syscall/js"

func main() {
	in := js.Global().Get("crossingIn")
	obj := js.Global().Get("Object").New()
	obj.Set("echo", in.String()+" ✓")
	obj.Set("n", len(in.String()))
	js.Global().Set("crossingOut", obj)
}
