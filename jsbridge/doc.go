//go:build js && wasm

// Package jsbridge is the browser edge of the SDK: the fetch transport, Go
// <-> Promise bridging, panic-proof exported functions, option parsing and
// the JavaScript client object.
//
// It wraps syscall/js itself instead of using github.com/hack-pad/safejs:
// safejs links fmt and stack capture, which measured +720 KB raw and
// +159 KB brotli on Go 1.26 (1.38x the empty-main floor on its own), more
// than the whole size budget. The wrappers here do the same job (a JS
// exception becomes a Go error, never a panic) for the few calls we make.
package jsbridge
