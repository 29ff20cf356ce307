//go:build js && wasm

package jsbridge

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// WaitOnline waits only when navigator.onLine is the boolean false, as the
// loader reads it: anything else, a throwing getter included, is online.
func TestWaitOnlineWaitsOnlyForFalse(t *testing.T) {
	saved := jsObject.Call("getOwnPropertyDescriptor", global, "navigator")
	t.Cleanup(func() {
		if saved.IsUndefined() {
			global.Get("Reflect").Call("deleteProperty", global, "navigator")
			return
		}
		jsObject.Call("defineProperty", global, "navigator", saved)
	})
	for _, tc := range []struct {
		navigator string // JS expression
		waits     bool
	}{
		{"({onLine: false})", true},
		{"({onLine: true})", false},
		{"({})", false},
		{"undefined", false},
		{"({onLine: null})", false},
		{"({onLine: 0})", false},
		{"({get onLine() { throw new Error('trapped'); }})", false},
	} {
		t.Run(tc.navigator, func(t *testing.T) {
			nav := jsFunc(t, "", "return "+tc.navigator).Invoke()
			jsObject.Call("defineProperty", global, "navigator", map[string]any{"value": nav, "configurable": true, "writable": true})
			ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
			defer cancel()
			err := WaitOnline(ctx)
			if tc.waits {
				assert.ErrorIs(t, err, context.DeadlineExceeded, "offline: it waits for the online event")
			} else {
				assert.NoError(t, err)
			}
		})
	}
}
