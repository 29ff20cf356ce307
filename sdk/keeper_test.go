package sdk

import (
	"context"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func newTestKeeper(t *testing.T, src *countingSource, opts ...Option) *Keeper {
	t.Helper()
	k := NewKeeper(src, src.clock, opts...)
	t.Cleanup(k.Close)
	return k
}

func TestKeeperReusesTokenUntilExpired(t *testing.T) {
	clock := newFakeClock()
	src := &countingSource{clock: clock, life: 20 * Minute}
	k := newTestKeeper(t, src)
	ctx := context.Background()

	first, _, err := k.Token(ctx)
	require.NoError(t, err)
	for range 30 {
		tok, _, err := k.Token(ctx)
		require.NoError(t, err)
		assert.Same(t, first, tok)
	}
	assert.EqualValues(t, 1, src.calls.Load())

	clock.Advance(20*Minute - DefaultLeeway - Second)
	_, _, err = k.Token(ctx)
	require.NoError(t, err)
	assert.EqualValues(t, 1, src.calls.Load(), "still outside the leeway")

	clock.Advance(Second)
	tok, _, err := k.Token(ctx)
	require.NoError(t, err)
	assert.NotSame(t, first, tok)
	assert.EqualValues(t, 2, src.calls.Load(), "inside the leeway: refreshed")
	assert.Same(t, first, src.stale[1], "the source is told which token it replaces")
}

func TestKeeperLeewayOption(t *testing.T) {
	clock := newFakeClock()
	src := &countingSource{clock: clock, life: Minute}
	k := newTestKeeper(t, src, WithLeeway(0))
	_, _, err := k.Token(context.Background())
	require.NoError(t, err)
	clock.Advance(Minute - Millisecond)
	_, _, err = k.Token(context.Background())
	require.NoError(t, err)
	assert.EqualValues(t, 1, src.calls.Load())
}

func TestKeeperDoesNotRefreshIdleToken(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		clock := newFakeClock()
		src := &countingSource{clock: clock, life: Minute}
		k := newTestKeeper(t, src)
		_, _, err := k.Token(context.Background())
		require.NoError(t, err)

		clock.Advance(Hour)
		synctest.Wait() // any background refresh would be running now
		assert.EqualValues(t, 1, src.calls.Load(), "no call needed it")
		assert.Empty(t, clock.live(), "nor is one scheduled")

		_, _, err = k.Token(context.Background())
		require.NoError(t, err)
		assert.EqualValues(t, 2, src.calls.Load())
	})
}

func TestKeeperSingleFlight(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		clock := newFakeClock()
		src := &countingSource{clock: clock, life: Minute, gate: make(chan struct{})}
		k := newTestKeeper(t, src)

		const callers = 200
		toks := make([]*Token, callers)
		gens := make([]uint64, callers)
		var wg sync.WaitGroup
		for i := range callers {
			wg.Go(func() {
				tok, gen, err := k.Token(context.Background())
				assert.NoError(t, err)
				toks[i], gens[i] = tok, gen
			})
		}
		synctest.Wait() // all of them wait behind the gate
		close(src.gate)
		wg.Wait()

		assert.EqualValues(t, 1, src.calls.Load())
		for i, tok := range toks {
			assert.Same(t, toks[0], tok)
			assert.Equal(t, uint64(1), gens[i])
		}
	})
}

func TestKeeperFailureIsNotCached(t *testing.T) {
	clock := newFakeClock()
	src := &countingSource{clock: clock, life: Minute, err: &Error{Code: CodeNetwork, Message: "down"}}
	k := newTestKeeper(t, src)
	_, _, err := k.Token(context.Background())
	assert.Equal(t, CodeNetwork, CodeOf(err))

	src.setErr(nil)
	tok, _, err := k.Token(context.Background())
	require.NoError(t, err)
	assert.NotEmpty(t, tok.AccessToken)
	assert.EqualValues(t, 2, src.calls.Load())
}

func TestKeeperClose(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		clock := newFakeClock()
		src := &countingSource{clock: clock, life: Hour, gate: make(chan struct{})}
		k := NewKeeper(src, clock)

		waiting := make(chan error)
		go func() {
			_, _, err := k.Token(context.Background())
			waiting <- err
		}()
		synctest.Wait()
		k.Close()
		assert.Equal(t, CodeClosed, CodeOf(<-waiting), "a waiting call is released")

		_, _, err := k.Token(context.Background())
		assert.Equal(t, CodeClosed, CodeOf(err))
		assert.Nil(t, k.Current(), "the token is dropped")
		k.Close()
	})
}

func TestKeeperRefreshTimeout(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		src := &countingSource{clock: newFakeClock(), life: Hour, gate: make(chan struct{})}
		k := NewKeeper(src, realClock, WithRefreshTimeout(10*Second))
		defer k.Close()
		begin := realClock.Now()
		_, _, err := k.Token(context.Background())
		require.Error(t, err)
		assert.Equal(t, CodeTimeout, CodeOf(err))
		assert.True(t, AsError(err).Retryable)
		assert.Equal(t, 10*Second, realClock.Now().Sub(begin), "cut at the timeout, on the keeper's clock")
	})
}

func TestKeeperCallerDeadline(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		clock := newFakeClock()
		src := &countingSource{clock: clock, life: Hour, gate: make(chan struct{})}
		k := newTestKeeper(t, src)
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
		defer cancel()
		_, _, err := k.Token(ctx)
		assert.Equal(t, CodeTimeout, CodeOf(err))
		close(src.gate)
	})
}

type panicSource struct{}

func (panicSource) Token(Context, *Token, Reason) (*Token, error) { panic("bad source") }

func TestKeeperSurvivesPanickingSource(t *testing.T) {
	k := NewKeeper(panicSource{}, newFakeClock())
	defer k.Close()
	_, _, err := k.Token(context.Background())
	require.Error(t, err)
	assert.Equal(t, CodeInternal, CodeOf(err))
	assert.Contains(t, err.Error(), "bad source")
}

type nilSource struct{}

func (nilSource) Token(Context, *Token, Reason) (*Token, error) { return nil, nil }

func TestKeeperRejectsNilToken(t *testing.T) {
	k := NewKeeper(nilSource{}, newFakeClock())
	defer k.Close()
	_, _, err := k.Token(context.Background())
	assert.Equal(t, CodeBadResponse, CodeOf(err))
}

func TestKeeperReadyOnlyWhenNoRefreshIsNeeded(t *testing.T) {
	clock := newFakeClock()
	src := &countingSource{clock: clock, life: 20 * Minute}
	k := newTestKeeper(t, src, WithRefreshWindow(2*Minute))
	ready := func() *Token { tok, _ := k.Ready(); return tok }
	tok, gen := k.Ready()
	assert.Nil(t, tok, "no token yet")
	assert.Zero(t, gen)
	tok, gen, err := k.Token(context.Background())
	require.NoError(t, err)
	rtok, rgen := k.Ready()
	assert.Same(t, tok, rtok)
	assert.Equal(t, gen, rgen)

	clock.Advance(20*Minute - Minute) // inside the refresh window
	assert.Nil(t, ready(), "due: a call must go through Token, which refreshes")
	assert.EqualValues(t, 1, src.calls.Load(), "Ready itself never refreshes")

	_, _, err = k.Token(context.Background())
	require.NoError(t, err)
	rtok, rgen = k.Ready()
	assert.NotNil(t, rtok, "renewed")
	assert.Equal(t, gen+1, rgen)
	k.Close()
	assert.Nil(t, ready(), "closed")
}
