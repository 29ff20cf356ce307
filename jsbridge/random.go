//go:build js && wasm

package jsbridge

import "syscall/js"

var jsRandom = global.Get("Math").Get("random") // captured at start, like the other globals

// Random is sdk.Config.Random on the page's Math.random, which is seeded
// apart in every page: pages that fail together retry apart. Anything but
// a number in [0, 1) from it (a page's replacement) reads 0.5.
func Random() float64 {
	if v, err := invoke(jsRandom); err == nil && v.Type() == js.TypeNumber {
		if f := v.Float(); f >= 0 && f < 1 {
			return f
		}
	}
	return 0.5
}
