//go:build !(js && wasm)

package testsite

import (
	"strings"

	"github.com/chromedp/cdproto/runtime"
)

// PageEvent is what a page said: a console call or an uncaught exception.
type PageEvent struct {
	Kind  string // "console.log", "console.error"..., or "uncaught"
	Text  string
	Error bool // console.error or uncaught
}

// Console reads a tab event as what the page said; ok is false for other
// events.
func Console(ev any) (e PageEvent, ok bool) {
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		parts := make([]string, 0, len(ev.Args))
		for _, a := range ev.Args {
			if a.Value != nil {
				parts = append(parts, string(a.Value))
			} else {
				parts = append(parts, a.Description)
			}
		}
		return PageEvent{Kind: "console." + string(ev.Type), Text: strings.Join(parts, " "),
			Error: ev.Type == runtime.ConsoleAPICalledTypeError}, true
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		text := d.Text
		if d.Exception != nil {
			text += " " + d.Exception.Description
		}
		return PageEvent{Kind: "uncaught", Text: text, Error: true}, true
	}
	return PageEvent{}, false
}
