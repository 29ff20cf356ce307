package sdk

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLatchReleasesItsWaiters(t *testing.T) {
	l := NewLatch()
	waited := make(chan error, 2)
	for range 2 {
		go func() { waited <- l.Wait(Background) }()
	}
	l.Open()
	assert.NoError(t, <-waited)
	assert.NoError(t, <-waited)
	assert.NoError(t, l.Wait(Background), "open is open for later waits too")
	l.Open() // twice is fine
	assert.Empty(t, l.s.children, "the waits left nothing behind")
}

func TestLatchWaitEndsWithItsContext(t *testing.T) {
	l := NewLatch()
	ctx, cancel := WithTimeout(Background, newFakeClock(), Second)
	sig := ctx.(*signal)
	waited := make(chan error, 1)
	go func() { waited <- l.Wait(ctx) }()
	sig.cancel(DeadlineExceeded)
	assert.Equal(t, DeadlineExceeded, <-waited, "the context's own error")
	cancel()
	assert.Empty(t, l.s.children, "an abandoned wait leaves nothing in the latch")

	live, stop := WithCancel(Background)
	defer stop()
	l.Open()
	require.NoError(t, l.Wait(live))
	assert.Empty(t, live.(*signal).children, "nor in a context that lives on")
}

func TestLatchWaitWithAForeignContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	l := NewLatch()
	waited := make(chan error, 1)
	go func() { waited <- l.Wait(ctx) }()
	cancel()
	assert.Equal(t, context.Canceled, <-waited)

	opened := NewLatch()
	opened.Open()
	assert.NoError(t, opened.Wait(context.Background()))
}

func TestAfterFuncIsNotRunOnceStopped(t *testing.T) {
	ctx, cancel := WithCancel(Background)
	stop := AfterFunc(ctx, func() { t.Error("must not run") })
	assert.True(t, stop())
	assert.Empty(t, ctx.(*signal).children, "a stopped AfterFunc leaves nothing in its context")
	cancel()
}
