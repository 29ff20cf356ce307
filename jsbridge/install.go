//go:build js && wasm

package jsbridge

import "syscall/js"

// Install hands the implementation to the loader (inbenta-auth.js), which
// set __inbentaAuthBoot before running the program; without a loader it
// becomes the InbentaAuth global directly.
func Install(impl map[string]any) error {
	return try(func() {
		obj := jsObject.Call("freeze", impl)
		boot := global.Get("__inbentaAuthBoot")
		if isObject(boot) && prop(boot, "ready").Type() == js.TypeFunction {
			boot.Call("ready", obj)
			return
		}
		global.Set("InbentaAuth", obj)
	})
}
