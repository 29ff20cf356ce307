//go:build js && wasm

package jsbridge

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/inbenta-community/inbenta-auth/sdk"
)

func TestClockReadsDateNow(t *testing.T) {
	got := time.Duration(Clock{}.Now()) - time.Duration(time.Now().UnixNano())
	assert.Less(t, got.Abs(), time.Second)
}

func TestClockTimers(t *testing.T) {
	ran := make(chan struct{})
	stop := Clock{}.AfterFunc(sdk.Millisecond, func() { close(ran) })
	<-ran
	assert.False(t, stop(), "it fired: nothing to stop")

	never := Clock{}.AfterFunc(sdk.Hour, func() { t.Error("must not run") })
	assert.True(t, never())
	assert.False(t, never(), "stopped once")

	// Beyond the browser's limit setTimeout would fire at once.
	far := Clock{}.AfterFunc(100*24*sdk.Hour, func() { t.Error("must not run") })
	time.Sleep(20 * time.Millisecond)
	assert.True(t, far())
}
