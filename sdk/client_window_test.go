package sdk

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRefreshWindowOnCall(t *testing.T) {
	clock := newFakeClock()
	src := &countingSource{clock: clock, life: 20 * time.Minute}
	c := newTestClient(t, src, WithRefreshWindow(2*time.Minute), WithTimer((&fakeTimer{}).after))
	first, err := c.Token(context.Background())
	require.NoError(t, err)

	clock.Advance(18*time.Minute - time.Second)
	tok, err := c.Token(context.Background())
	require.NoError(t, err)
	assert.Same(t, first, tok, "not yet in the window")

	clock.Advance(time.Second)
	tok, err = c.Token(context.Background())
	require.NoError(t, err)
	assert.NotSame(t, first, tok, "in the window: refreshed before use")
	assert.Equal(t, []Reason{ReasonInitial, ReasonExpiring}, src.reasons())
}

func TestRefreshWindowByTimer(t *testing.T) {
	clock := newFakeClock()
	timer := &fakeTimer{}
	src := &countingSource{clock: clock, life: 20 * time.Minute}
	c := newTestClient(t, src, WithRefreshWindow(2*time.Minute), WithTimer(timer.after))
	first, err := c.Token(context.Background())
	require.NoError(t, err)
	assert.Equal(t, 18*time.Minute, timer.last())

	clock.Advance(18 * time.Minute)
	timer.fire()
	require.Eventually(t, func() bool { return c.Current() != first }, time.Second, time.Millisecond)
	assert.EqualValues(t, 2, src.calls.Load(), "refreshed with no call waiting")
	assert.Equal(t, 18*time.Minute, timer.last(), "re-armed for the new token")
}

func TestTimerFiringEarlyOnlyReArms(t *testing.T) {
	clock := newFakeClock()
	timer := &fakeTimer{}
	src := &countingSource{clock: clock, life: 20 * time.Minute}
	c := newTestClient(t, src, WithRefreshWindow(2*time.Minute), WithTimer(timer.after))
	_, err := c.Token(context.Background())
	require.NoError(t, err)
	clock.Advance(10 * time.Minute)
	timer.fire()
	assert.EqualValues(t, 1, src.calls.Load())
	assert.Equal(t, 8*time.Minute, timer.last())
}

func TestTimersNeverExceedTheBrowserLimit(t *testing.T) {
	clock := newFakeClock()
	timer := &fakeTimer{}
	src := &countingSource{clock: clock, life: 90 * 24 * time.Hour}
	c := newTestClient(t, src, WithRefreshWindow(2*time.Minute), WithTimer(timer.after))
	_, err := c.Token(context.Background())
	require.NoError(t, err)
	assert.Equal(t, MaxTimerDelay, timer.last())
	assert.Equal(t, int64(1<<31-1), MaxTimerDelay.Milliseconds())

	// The capped timer fires ~24.8 days in; the token is not due yet.
	clock.Advance(MaxTimerDelay)
	timer.fire()
	assert.EqualValues(t, 1, src.calls.Load())
	assert.Equal(t, MaxTimerDelay, timer.last(), "still more than the cap away: capped again")

	clock.Advance(2 * MaxTimerDelay)
	timer.fire()
	remaining := 90*24*time.Hour - 2*time.Minute - 3*MaxTimerDelay
	assert.Equal(t, remaining, timer.last())
}

func TestGivenTokenAlreadyInWindowRefreshesAtOnce(t *testing.T) {
	clock := newFakeClock()
	timer := &fakeTimer{}
	src := &countingSource{clock: clock, life: 20 * time.Minute}
	given := &Token{AccessToken: "given", Expiry: At(clock.Now().Add(30 * time.Second))}
	newTestClient(t, src, WithToken(given), WithRefreshWindow(2*time.Minute), WithTimer(timer.after))
	assert.Equal(t, time.Duration(0), timer.last())
	timer.fire()
	require.Eventually(t, func() bool { return src.calls.Load() == 1 }, time.Second, time.Millisecond)
	assert.Equal(t, []Reason{ReasonExpiring}, src.reasons())
}

func TestWindowIsCappedAtHalfALife(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	tok := &Token{Expiry: At(now.Add(2 * time.Minute)), Obtained: At(now)}
	assert.False(t, tok.Due(now.Add(59*time.Second), 3*time.Minute))
	assert.True(t, tok.Due(now.Add(time.Minute), 3*time.Minute))
	unknown := &Token{AccessToken: "a"}
	assert.False(t, unknown.Due(now.Add(1000*time.Hour), time.Minute))
}

func TestFailedWindowRefreshKeepsUsingTheValidToken(t *testing.T) {
	clock := newFakeClock()
	ev := &events{}
	src := &countingSource{clock: clock, life: 20 * time.Minute}
	c := newTestClient(t, src, WithRefreshWindow(2*time.Minute), WithTimer((&fakeTimer{}).after), WithObserver(ev.add))
	first, err := c.Token(context.Background())
	require.NoError(t, err)

	src.setErr(&Error{Code: CodeRefreshFailed, Message: "hook rejected"})
	clock.Advance(19 * time.Minute)
	tok, err := c.Token(context.Background())
	require.NoError(t, err, "the token is still valid for a minute")
	assert.Same(t, first, tok)
	assert.Equal(t, []EventKind{EventToken}, ev.kinds(), "no refresh error while the token works")
}

func TestOneRefreshErrorPerEpisode(t *testing.T) {
	clock := newFakeClock()
	ev := &events{}
	src := &countingSource{clock: clock, life: 20 * time.Minute, gate: make(chan struct{})}
	c := newTestClient(t, src, WithObserver(ev.add), WithBreaker(0, 0))
	go func() { src.gate <- struct{}{} }()
	_, err := c.Token(context.Background())
	require.NoError(t, err)

	src.setErr(&Error{Code: CodeRefreshFailed, Message: "hook rejected"})
	clock.Advance(time.Hour)
	var wg sync.WaitGroup
	for range 100 {
		wg.Go(func() {
			_, err := c.Token(context.Background())
			assert.Equal(t, CodeRefreshFailed, CodeOf(err))
		})
	}
	time.Sleep(20 * time.Millisecond)
	close(src.gate) // release the one refresh they all wait on
	wg.Wait()
	for range 5 { // later failures belong to the same episode
		_, err := c.Token(context.Background())
		assert.Equal(t, CodeRefreshFailed, CodeOf(err))
	}
	assert.Equal(t, []EventKind{EventToken, EventExpired, EventRefreshError}, ev.kinds(), "expired once, one error")

	src.setErr(nil)
	_, err = c.Token(context.Background())
	require.NoError(t, err)
	assert.Equal(t, []EventKind{EventToken, EventExpired, EventRefreshError, EventToken, EventRecovered}, ev.kinds())
}

func TestPassingNetworkErrorsAreNotRefreshErrors(t *testing.T) {
	clock := newFakeClock()
	ev := &events{}
	src := &countingSource{clock: clock, life: 20 * time.Minute}
	c := newTestClient(t, src, WithObserver(ev.add))
	_, err := c.Token(context.Background())
	require.NoError(t, err)
	src.setErr(&Error{Code: CodeNetwork, Retryable: true})
	clock.Advance(time.Hour)
	_, err = c.Token(context.Background())
	assert.Equal(t, CodeNetwork, CodeOf(err))
	src.setErr(&Error{Code: CodeOriginNotAllowed})
	_, err = c.Token(context.Background())
	assert.Equal(t, CodeOriginNotAllowed, CodeOf(err))
	assert.Equal(t, []EventKind{EventToken, EventExpired, EventRefreshError}, ev.kinds(), "only the unfixable one")
}

func TestFirstTokenFailureIsNotARefreshError(t *testing.T) {
	clock := newFakeClock()
	ev := &events{}
	src := &countingSource{clock: clock, life: time.Minute, err: &Error{Code: CodeInvalidKey}}
	c := newTestClient(t, src, WithObserver(ev.add))
	_, err := c.Token(context.Background())
	assert.Equal(t, CodeInvalidKey, CodeOf(err))
	assert.Empty(t, ev.kinds(), "creation reports its own error")
}

func TestBreakerStopsRefreshStorms(t *testing.T) {
	clock := newFakeClock()
	src := &countingSource{clock: clock, life: time.Hour}
	c := newTestClient(t, src, WithBreaker(3, time.Minute))
	alwaysRejected := func(Context, *Token) (bool, error) { return true, nil }

	require.NoError(t, c.Do(context.Background(), alwaysRejected)) // first token (not counted) + refresh 1
	require.NoError(t, c.Do(context.Background(), alwaysRejected)) // refresh 2
	require.NoError(t, c.Do(context.Background(), alwaysRejected)) // refresh 3: 3 in the minute
	err := c.Do(context.Background(), alwaysRejected)
	require.Error(t, err)
	assert.Equal(t, CodeRefreshFailed, CodeOf(err))
	assert.Contains(t, err.Error(), "too many refreshes")
	assert.EqualValues(t, 4, src.calls.Load(), "the source was not called again")

	clock.Advance(time.Minute)
	require.NoError(t, c.Do(context.Background(), alwaysRejected), "the breaker closes after its period")
	assert.EqualValues(t, 6, src.calls.Load(), "the refused token is replaced, and replaced once more on rejection")
}

func TestReasons(t *testing.T) {
	clock := newFakeClock()
	src := &countingSource{clock: clock, life: 20 * time.Minute}
	c := newTestClient(t, src, WithBreaker(0, 0))
	tok, err := c.Token(context.Background())
	require.NoError(t, err)
	_ = c.Do(context.Background(), func(_ Context, t *Token) (bool, error) { return t == tok, nil })
	clock.Advance(time.Hour)
	_, err = c.Token(context.Background())
	require.NoError(t, err)
	_, err = c.Refresh(context.Background())
	require.NoError(t, err)
	assert.Equal(t, []Reason{ReasonInitial, ReasonRejected, ReasonExpired, ReasonExpiring}, src.reasons())
	assert.Equal(t, "rejected", ReasonRejected.String())
}

func TestCloseStopsTheTimer(t *testing.T) {
	clock := newFakeClock()
	timer := &fakeTimer{}
	src := &countingSource{clock: clock, life: 20 * time.Minute}
	c := NewClient(src, WithClock(clock.Now), WithRefreshWindow(time.Minute), WithTimer(timer.after))
	_, err := c.Token(context.Background())
	require.NoError(t, err)
	c.Close()
	assert.Equal(t, 1, timer.stops)
	clock.Advance(time.Hour)
	timer.fire() // a timer that fires anyway does nothing
	assert.EqualValues(t, 1, src.calls.Load())
}
