//go:build js && wasm

package jsbridge

import (
	"syscall/js"

	"github.com/inbenta-community/inbenta-auth/sdk"
)

// Install hands the implementation to the loader (inbenta-auth.js or .mjs),
// which set __inbentaAuthBoot, with ready() and the bridge's kit, before
// running the program.
func Install(impl map[string]any) error {
	boot := global.Get("__inbentaAuthBoot")
	if err := useKit(prop(boot, "kit")); err != nil {
		return err
	}
	if prop(boot, "ready").Type() != js.TypeFunction {
		return sdk.TextError("inbenta-auth.wasm must be started by inbenta-auth.js or inbenta-auth.mjs (__inbentaAuthBoot.ready is missing)")
	}
	return try(func() { boot.Call("ready", jsObject.Call("freeze", impl)) })
}
