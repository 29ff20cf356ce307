//go:build !(js && wasm)

package sdk

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestNativeClockIsTheWallClock(t *testing.T) {
	// time.Now carries a monotonic reading that stops while a laptop
	// sleeps; an Instant is the wall clock alone.
	slept := time.Now().Add(2 * time.Hour)
	assert.Equal(t, slept.UnixNano(), int64(ClockOf(func() time.Time { return slept }).Now()))
	assert.Equal(t, Instant(0), At(time.Time{}))
	assert.True(t, TimeOf(0).IsZero())
	assert.True(t, TimeOf(At(slept)).Equal(slept))
}

func TestNativeClockTimers(t *testing.T) {
	ran := make(chan struct{})
	SystemClock.AfterFunc(Millisecond, func() { close(ran) })
	<-ran
	stop := SystemClock.AfterFunc(Hour, func() { t.Error("must not run") })
	assert.True(t, stop())
}
