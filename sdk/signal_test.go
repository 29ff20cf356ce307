package sdk

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSignalCancel(t *testing.T) {
	ctx, cancel := WithCancel(context.Background())
	child, cancelChild := WithTimeout(ctx, time.Hour)
	defer cancelChild()
	assert.NoError(t, ctx.Err())
	cancel()
	<-child.Done()
	assert.Equal(t, context.Canceled, ctx.Err())
	assert.Equal(t, context.Canceled, child.Err(), "children follow their parent")
	cancel() // twice is fine
}

func TestSignalTimeout(t *testing.T) {
	ctx, cancel := WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	dl, ok := ctx.Deadline()
	require.True(t, ok)
	assert.WithinDuration(t, time.Now().Add(10*time.Millisecond), dl, 10*time.Millisecond)
	<-ctx.Done()
	assert.Equal(t, context.DeadlineExceeded, ctx.Err())
}

func TestSignalFollowsAForeignParent(t *testing.T) {
	parent, cancel := context.WithCancel(context.WithValue(context.Background(), "k", "v"))
	ctx, stop := WithTimeout(parent, time.Hour)
	defer stop()
	assert.Equal(t, "v", ctx.Value("k"))
	cancel()
	<-ctx.Done()
	assert.Equal(t, context.Canceled, ctx.Err())

	done, stopDone := WithCancel(parent)
	defer stopDone()
	<-done.Done()
	assert.Equal(t, context.Canceled, done.Err(), "an already cancelled parent")
}

func TestSignalDeadlineIsTheParentsWhenEarlier(t *testing.T) {
	parent, cancel := WithTimeout(context.Background(), time.Second)
	defer cancel()
	child, stop := WithTimeout(parent, time.Hour)
	defer stop()
	pd, _ := parent.Deadline()
	cd, _ := child.Deadline()
	assert.Equal(t, pd, cd)
}

func TestAfterFunc(t *testing.T) {
	ctx, cancel := WithCancel(context.Background())
	ran := make(chan struct{})
	stop := AfterFunc(ctx, func() { close(ran) })
	cancel()
	<-ran
	assert.False(t, stop(), "f ran: stop prevented nothing")

	ctx2, cancel2 := WithCancel(context.Background())
	defer cancel2()
	stop2 := AfterFunc(ctx2, func() { t.Error("must not run") })
	assert.True(t, stop2())
}
