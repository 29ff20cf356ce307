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

func TestRefreshWindowOnCall(t *testing.T) {
	clock := newFakeClock()
	src := &countingSource{clock: clock, life: 20 * Minute}
	k := newTestKeeper(t, src, WithRefreshWindow(2*Minute))
	first, _, err := k.Token(context.Background())
	require.NoError(t, err)

	clock.Advance(18*Minute - Second)
	tok, _, err := k.Token(context.Background())
	require.NoError(t, err)
	assert.Same(t, first, tok, "not yet in the window")

	clock.Advance(Second)
	tok, _, err = k.Token(context.Background())
	require.NoError(t, err)
	assert.NotSame(t, first, tok, "in the window: refreshed before use")
	assert.Equal(t, []Reason{ReasonInitial, ReasonExpiring}, src.reasons())
}

func TestRefreshWindowByTimer(t *testing.T) {
	clock := newFakeClock()
	src := &countingSource{clock: clock, life: 20 * Minute}
	k := newTestKeeper(t, src, WithRefreshWindow(2*Minute))
	first, _, err := k.Token(context.Background())
	require.NoError(t, err)
	assert.Equal(t, 18*Minute, clock.last())

	clock.Advance(18 * Minute)
	clock.fire()
	require.Eventually(t, func() bool { return k.Current() != first }, time.Second, time.Millisecond)
	assert.EqualValues(t, 2, src.calls.Load(), "refreshed with no call waiting")
	assert.Equal(t, 18*Minute, clock.last(), "re-armed for the new token")
}

func TestTimerFiringEarlyOnlyReArms(t *testing.T) {
	clock := newFakeClock()
	src := &countingSource{clock: clock, life: 20 * Minute}
	k := newTestKeeper(t, src, WithRefreshWindow(2*Minute))
	_, _, err := k.Token(context.Background())
	require.NoError(t, err)
	clock.Advance(10 * Minute)
	clock.fire()
	assert.EqualValues(t, 1, src.calls.Load())
	assert.Equal(t, 8*Minute, clock.last())
}

func TestTimersNeverExceedTheBrowserLimit(t *testing.T) {
	clock := newFakeClock()
	src := &countingSource{clock: clock, life: 90 * 24 * Hour}
	k := newTestKeeper(t, src, WithRefreshWindow(2*Minute))
	_, _, err := k.Token(context.Background())
	require.NoError(t, err)
	assert.Equal(t, MaxTimerDelay, clock.last())

	// The capped timer fires ~24.8 days in; the token is not due yet.
	clock.Advance(MaxTimerDelay)
	clock.fire()
	assert.EqualValues(t, 1, src.calls.Load())
	assert.Equal(t, MaxTimerDelay, clock.last(), "still more than the cap away: capped again")

	clock.Advance(2 * MaxTimerDelay)
	clock.fire()
	remaining := 90*24*Hour - 2*Minute - 3*MaxTimerDelay
	assert.Equal(t, remaining, clock.last())
}

func TestGivenTokenAlreadyInWindowRefreshesAtOnce(t *testing.T) {
	clock := newFakeClock()
	src := &countingSource{clock: clock, life: 20 * Minute}
	given := &Token{AccessToken: "given", Expiry: clock.Now().Add(30 * Second)}
	newTestKeeper(t, src, WithToken(given), WithRefreshWindow(2*Minute))
	assert.Equal(t, Duration(0), clock.last())
	clock.fire()
	require.Eventually(t, func() bool { return src.calls.Load() == 1 }, time.Second, time.Millisecond)
	assert.Equal(t, []Reason{ReasonExpiring}, src.reasons())
}

func TestWindowIsCappedAtHalfALife(t *testing.T) {
	now := Instant(1_800_000_000 * Second)
	tok := &Token{Expiry: now.Add(2 * Minute), Obtained: now}
	assert.False(t, tok.Due(now.Add(59*Second), 3*Minute))
	assert.True(t, tok.Due(now.Add(Minute), 3*Minute))
	unknown := &Token{AccessToken: "a"}
	assert.False(t, unknown.Due(now.Add(1000*Hour), Minute))
}

func TestFailedWindowRefreshKeepsUsingTheValidToken(t *testing.T) {
	clock := newFakeClock()
	ev := &events{}
	src := &countingSource{clock: clock, life: 20 * Minute}
	k := newTestKeeper(t, src, WithRefreshWindow(2*Minute), WithObserver(ev.add))
	first, _, err := k.Token(context.Background())
	require.NoError(t, err)

	src.setErr(&Error{Code: CodeRefreshFailed, Message: "hook rejected"})
	clock.Advance(19 * Minute)
	tok, _, err := k.Token(context.Background())
	require.NoError(t, err, "the token is still valid for a minute")
	assert.Same(t, first, tok)
	assert.Equal(t, []EventKind{EventToken}, ev.kinds(), "no refresh error while the token works")
}

func TestOneRefreshErrorPerEpisode(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		clock := newFakeClock()
		ev := &events{}
		src := &countingSource{clock: clock, life: 20 * Minute, gate: make(chan struct{})}
		k := newTestKeeper(t, src, WithObserver(ev.add), withBreaker(0, 0))
		go func() { src.gate <- struct{}{} }()
		_, _, err := k.Token(context.Background())
		require.NoError(t, err)

		src.setErr(&Error{Code: CodeRefreshFailed, Message: "hook rejected"})
		clock.Advance(Hour)
		var wg sync.WaitGroup
		for range 100 {
			wg.Go(func() {
				_, _, err := k.Token(context.Background())
				assert.Equal(t, CodeRefreshFailed, CodeOf(err))
			})
		}
		synctest.Wait() // all of them wait for the one refresh
		close(src.gate)
		wg.Wait()
		assert.EqualValues(t, 2, src.calls.Load(), "the first token, and one refresh for 100 calls")
		for range 5 { // later failures belong to the same episode
			_, _, err := k.Token(context.Background())
			assert.Equal(t, CodeRefreshFailed, CodeOf(err))
		}
		assert.Equal(t, []EventKind{EventToken, EventExpired, EventRefreshError}, ev.kinds(), "expired once, one error")

		src.setErr(nil)
		_, _, err = k.Token(context.Background())
		require.NoError(t, err)
		assert.Equal(t, []EventKind{EventToken, EventExpired, EventRefreshError, EventToken, EventRecovered}, ev.kinds())
	})
}

func TestPassingNetworkErrorsAreNotRefreshErrors(t *testing.T) {
	clock := newFakeClock()
	ev := &events{}
	src := &countingSource{clock: clock, life: 20 * Minute}
	k := newTestKeeper(t, src, WithObserver(ev.add))
	_, _, err := k.Token(context.Background())
	require.NoError(t, err)
	src.setErr(&Error{Code: CodeNetwork, Retryable: true})
	clock.Advance(Hour)
	_, _, err = k.Token(context.Background())
	assert.Equal(t, CodeNetwork, CodeOf(err))
	src.setErr(&Error{Code: CodeOriginNotAllowed})
	_, _, err = k.Token(context.Background())
	assert.Equal(t, CodeOriginNotAllowed, CodeOf(err))
	assert.Equal(t, []EventKind{EventToken, EventExpired, EventRefreshError}, ev.kinds(), "only the unfixable one")
}

func TestFirstTokenFailureIsNotARefreshError(t *testing.T) {
	clock := newFakeClock()
	ev := &events{}
	src := &countingSource{clock: clock, life: Minute, err: &Error{Code: CodeInvalidKey}}
	k := newTestKeeper(t, src, WithObserver(ev.add))
	_, _, err := k.Token(context.Background())
	assert.Equal(t, CodeInvalidKey, CodeOf(err))
	assert.Empty(t, ev.kinds(), "creation reports its own error")
}

func TestBreakerStopsRefreshStorms(t *testing.T) {
	clock := newFakeClock()
	src := &countingSource{clock: clock, life: Hour}
	k := newTestKeeper(t, src, withBreaker(3, Minute))
	_, gen, err := k.Token(context.Background()) // the first token: not counted
	require.NoError(t, err)
	for i := range 3 { // refreshes 1 to 3: 3 in the minute
		_, gen, err = k.Rejected(context.Background(), gen)
		require.NoError(t, err, "refresh %d", i+1)
	}
	_, _, err = k.Rejected(context.Background(), gen)
	require.Error(t, err)
	assert.Equal(t, CodeRefreshFailed, CodeOf(err))
	assert.Contains(t, err.Error(), "too many refreshes: at most 3 per 60 s")
	assert.EqualValues(t, 4, src.calls.Load(), "the source was not called again")

	clock.Advance(Minute)
	_, gen2, err := k.Rejected(context.Background(), gen)
	require.NoError(t, err, "the breaker closes after its period")
	assert.Equal(t, gen+1, gen2)
	assert.EqualValues(t, 5, src.calls.Load())
}

func TestReasons(t *testing.T) {
	clock := newFakeClock()
	src := &countingSource{clock: clock, life: 20 * Minute}
	k := newTestKeeper(t, src, withBreaker(0, 0))
	_, gen, err := k.Token(context.Background())
	require.NoError(t, err)
	_, _, err = k.Rejected(context.Background(), gen)
	require.NoError(t, err)
	clock.Advance(Hour)
	_, _, err = k.Token(context.Background())
	require.NoError(t, err)
	_, err = k.Refresh(context.Background())
	require.NoError(t, err)
	assert.Equal(t, []Reason{ReasonInitial, ReasonRejected, ReasonExpired, ReasonExpiring}, src.reasons())
	assert.Equal(t, "rejected", ReasonRejected.String())
}

func TestCloseStopsTheTimer(t *testing.T) {
	clock := newFakeClock()
	src := &countingSource{clock: clock, life: 20 * Minute}
	k := NewKeeper(src, clock, WithRefreshWindow(Minute))
	_, _, err := k.Token(context.Background())
	require.NoError(t, err)
	assert.Equal(t, []Duration{19 * Minute}, clock.live())
	k.Close()
	assert.Empty(t, clock.live(), "Close stopped the window timer")
	clock.Advance(Hour)
	clock.fire() // a timer that fires anyway does nothing
	assert.EqualValues(t, 1, src.calls.Load())
}
