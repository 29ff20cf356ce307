//go:build !(js && wasm)

package loader

import (
	"bytes"
	"fmt"
)

// wasmExecUses is what the toolchain's wasm_exec.js must still contain for
// BindWasmExec's prelude to cover it: each is used on every call between
// Go and JS. A toolchain whose wasm_exec.js changed fails the build here,
// rather than shipping a prelude that binds nothing.
var wasmExecUses = []string{
	`new TextEncoder("utf-8")`, `new TextDecoder("utf-8")`, `decoder.decode(`, `encoder.encode(`,
	`Reflect.get(`, `Reflect.set(`, `Reflect.apply(`, `Reflect.construct(`, `Reflect.deleteProperty(`,
	`new DataView(`, `this.mem.getUint32(`, `this.mem.setUint32(`, `String(loadValue(`,
}

// wasmExecPrelude shadows, inside the file's own scope, the globals
// wasm_exec.js calls on every crossing, with copies bound when it loads:
// a script the page runs later that patches TextDecoder.prototype.decode,
// Reflect.get, a DataView method or String cannot steer or break what Go
// and JS say to each other. The toolchain's code below it is unchanged.
const wasmExecPrelude = `"use strict";
// inbenta-auth: the Go toolchain's wasm_exec.js (unchanged, below), with the built-ins it
// uses on every call between Go and JS bound when it loads (web/loader/wasmexec.go).
(() => {
const { Reflect, TextEncoder, TextDecoder, DataView, String } = ((G) => {
  const R = G.Reflect;
  const apply = R.apply;
  const bound = (proto, names) => {
    const out = {};
    for (const name of names) out[name] = proto[name];
    return out;
  };
  const codec = (C, method) => {
    const fn = C.prototype[method];
    return class { constructor(label) { const c = new C(label); this[method] = (x) => apply(fn, c, [x]); } };
  };
  const views = bound(G.DataView.prototype, ['getFloat64', 'setFloat64', 'getInt32', 'setInt32', 'getUint32', 'setUint32', 'getUint8', 'setUint8']);
  class View extends G.DataView {}
  for (const name of Object.keys(views)) Object.defineProperty(View.prototype, name, { value: views[name] });
  return Object.freeze({
    Reflect: Object.freeze(bound(R, ['apply', 'construct', 'deleteProperty', 'get', 'set'])),
    TextEncoder: codec(G.TextEncoder, 'encode'),
    TextDecoder: codec(G.TextDecoder, 'decode'),
    DataView: View,
    String: G.String,
  });
})(globalThis);
`

const wasmExecEnd = "\n})();\n"

// BindWasmExec is the toolchain's wasm_exec.js as the bundle ships it:
// wrapped in wasmExecPrelude's scope.
func BindWasmExec(src []byte) ([]byte, error) {
	for _, use := range wasmExecUses {
		if !bytes.Contains(src, []byte(use)) {
			return nil, fmt.Errorf("wasm_exec.js no longer has %s: check web/loader/wasmexec.go's prelude against this toolchain's wasm_exec.js", use)
		}
	}
	out := make([]byte, 0, len(wasmExecPrelude)+len(src)+len(wasmExecEnd))
	out = append(out, wasmExecPrelude...)
	out = append(out, src...)
	return append(out, wasmExecEnd...), nil
}
