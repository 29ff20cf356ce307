package sdk

import (
	"context"
	"sync"
	"testing"
	"testing/synctest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRejectedCurrentGenerationRefreshes(t *testing.T) {
	clock := newFakeClock()
	ev := &events{}
	src := &countingSource{clock: clock, life: Hour}
	k := newTestKeeper(t, src, WithObserver(ev.add))
	first, gen, err := k.Token(context.Background())
	require.NoError(t, err)
	assert.Equal(t, uint64(1), gen)

	tok, gen2, err := k.Rejected(context.Background(), gen)
	require.NoError(t, err)
	assert.NotSame(t, first, tok)
	assert.Equal(t, uint64(2), gen2)
	assert.Equal(t, []Reason{ReasonInitial, ReasonRejected}, src.reasons())
	assert.Same(t, first, src.stale[1], "the source is told which token it replaces")
	assert.Equal(t, []EventKind{EventToken, EventRejected, EventToken}, ev.kinds(), "the refusal, once, before the new token")
	_, _, err = k.Rejected(context.Background(), gen)
	require.NoError(t, err)
	assert.Len(t, ev.kinds(), 3, "a refusal of a replaced token reports nothing")
}

func TestRejectedStaleGenerationMakesNoRefresh(t *testing.T) {
	clock := newFakeClock()
	src := &countingSource{clock: clock, life: Hour}
	k := newTestKeeper(t, src)
	_, gen, err := k.Token(context.Background())
	require.NoError(t, err)
	second, gen2, err := k.Rejected(context.Background(), gen)
	require.NoError(t, err)

	// A call sent with generation 1 comes back refused after 2 replaced it.
	tok, got, err := k.Rejected(context.Background(), gen)
	require.NoError(t, err)
	assert.Same(t, second, tok)
	assert.Equal(t, gen2, got)
	assert.EqualValues(t, 2, src.calls.Load(), "no refresh for a token already replaced")

	for _, bogus := range []uint64{0, gen2 + 5} {
		_, _, err = k.Rejected(context.Background(), bogus)
		if bogus == 0 {
			assert.Equal(t, CodeInvalidArgument, CodeOf(err))
		} else {
			assert.NoError(t, err)
		}
	}
	assert.EqualValues(t, 2, src.calls.Load(), "nor for a generation never handed out")
}

func TestConcurrentRejectionsMakeOneRefresh(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		clock := newFakeClock()
		src := &countingSource{clock: clock, life: Hour}
		k := newTestKeeper(t, src)
		_, gen, err := k.Token(context.Background())
		require.NoError(t, err)
		src.gate = make(chan struct{})

		const callers = 100
		gens := make([]uint64, callers)
		var wg sync.WaitGroup
		for i := range callers {
			wg.Go(func() {
				_, g, err := k.Rejected(context.Background(), gen)
				assert.NoError(t, err)
				gens[i] = g
			})
		}
		synctest.Wait() // all of them wait for one refresh
		close(src.gate)
		wg.Wait()
		assert.EqualValues(t, 2, src.calls.Load(), "the first token and one refresh")
		for _, g := range gens {
			assert.Equal(t, gen+1, g)
		}
	})
}

func TestRejectedTokenIsNeverReturnedAgain(t *testing.T) {
	clock := newFakeClock()
	src := &countingSource{clock: clock, life: Hour, err: nil}
	k := newTestKeeper(t, src, withBreaker(0, 0))
	first, gen, err := k.Token(context.Background())
	require.NoError(t, err)

	// The refresh fails: the rejected token is not a fallback, though it
	// has not expired.
	src.setErr(&Error{Code: CodeNetwork, Retryable: true})
	_, _, err = k.Rejected(context.Background(), gen)
	assert.Equal(t, CodeNetwork, CodeOf(err))
	for range 3 {
		tok, _, err := k.Token(context.Background())
		assert.Nil(t, tok)
		assert.Error(t, err)
		tok, g := k.Ready()
		assert.Nil(t, tok)
		assert.Zero(t, g)
	}

	src.setErr(nil)
	tok, g, err := k.Token(context.Background())
	require.NoError(t, err)
	assert.NotSame(t, first, tok)
	assert.Equal(t, gen+1, g)
	assert.Equal(t, []Reason{ReasonInitial, ReasonRejected, ReasonRejected, ReasonRejected, ReasonRejected, ReasonRejected}, src.reasons())
}
