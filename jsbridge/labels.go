//go:build js && wasm

package jsbridge

import (
	"syscall/js"

	"github.com/inbenta-community/inbenta-auth/sdk"
)

// pageLang is the language to show the notification in when the page did
// not choose one: <html lang>, then the browser's language, then English.
// Read when the notification is shown, since a page may switch languages.
func pageLang() string {
	if l := prop(prop(prop(global, "document"), "documentElement"), "lang"); l.Type() == js.TypeString && l.String() != "" {
		return l.String()
	}
	if l := prop(prop(global, "navigator"), "language"); l.Type() == js.TypeString && l.String() != "" {
		return l.String()
	}
	return "en"
}

// labelsObject is labels as a frozen JS object for info.labels.
func labelsObject(l sdk.Labels) js.Value { return stringRecord(l, true) }
