package sdk

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestSignalCancel(t *testing.T) {
	ctx, cancel := WithCancel(Background)
	child, cancelChild := WithTimeout(ctx, realClock, Hour)
	defer cancelChild()
	assert.NoError(t, ctx.Err())
	cancel()
	<-child.Done()
	assert.Equal(t, Canceled, ctx.Err())
	assert.Equal(t, Canceled, child.Err(), "children follow their parent")
	assert.False(t, IsTimeout(ctx.Err()))
	cancel() // twice is fine
}

func TestSignalTimeout(t *testing.T) {
	clock := newFakeClock()
	ctx, cancel := WithTimeout(Background, clock, 10*Millisecond)
	defer cancel()
	assert.Equal(t, []Duration{10 * Millisecond}, clock.live(), "the deadline is the clock's timer")
	assert.NoError(t, ctx.Err())
	clock.fire()
	<-ctx.Done()
	assert.Equal(t, DeadlineExceeded, ctx.Err())
	assert.True(t, IsTimeout(ctx.Err()))
}

func TestSignalFollowsAForeignParent(t *testing.T) {
	parent, cancel := context.WithCancel(context.Background())
	ctx, stop := WithTimeout(parent, realClock, Hour)
	defer stop()
	cancel()
	<-ctx.Done()
	assert.Equal(t, context.Canceled, ctx.Err())

	done, stopDone := WithCancel(parent)
	defer stopDone()
	<-done.Done()
	assert.Equal(t, context.Canceled, done.Err(), "an already cancelled parent")
}

func TestContextErrorsAreRecognised(t *testing.T) {
	assert.True(t, IsTimeout(context.DeadlineExceeded))
	assert.True(t, isCanceled(context.Canceled))
	assert.False(t, isCanceled(errors.New("other")))
	assert.Equal(t, CodeTimeout, AsError(context.DeadlineExceeded).Code)
	assert.Equal(t, CodeClosed, AsError(context.Canceled).Code)
	assert.Equal(t, CodeClosed, AsError(Canceled).Code)
}

func TestAfterFunc(t *testing.T) {
	ctx, cancel := WithCancel(Background)
	ran := make(chan struct{})
	stop := AfterFunc(ctx, func() { close(ran) })
	cancel()
	<-ran
	assert.False(t, stop(), "f ran: stop prevented nothing")

	ctx2, cancel2 := WithCancel(Background)
	defer cancel2()
	stop2 := AfterFunc(ctx2, func() { t.Error("must not run") })
	assert.True(t, stop2())
}
