package sdk

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func newTestClient(t *testing.T, src *countingSource, opts ...Option) *Client {
	t.Helper()
	c := NewClient(src, append([]Option{WithClock(src.clock.Now)}, opts...)...)
	t.Cleanup(c.Close)
	return c
}

func TestClientReusesTokenUntilExpired(t *testing.T) {
	clock := newFakeClock()
	src := &countingSource{clock: clock, life: 20 * time.Minute}
	c := newTestClient(t, src)
	ctx := context.Background()

	first, err := c.Token(ctx)
	require.NoError(t, err)
	for range 30 {
		tok, err := c.Token(ctx)
		require.NoError(t, err)
		assert.Same(t, first, tok)
	}
	assert.EqualValues(t, 1, src.calls.Load())

	clock.Advance(20*time.Minute - DefaultLeeway - time.Second)
	_, err = c.Token(ctx)
	require.NoError(t, err)
	assert.EqualValues(t, 1, src.calls.Load(), "still outside the leeway")

	clock.Advance(time.Second)
	tok, err := c.Token(ctx)
	require.NoError(t, err)
	assert.NotSame(t, first, tok)
	assert.EqualValues(t, 2, src.calls.Load(), "inside the leeway: refreshed")
	assert.Same(t, first, src.stale[1], "the source is told which token it replaces")
}

func TestClientLeewayOption(t *testing.T) {
	clock := newFakeClock()
	src := &countingSource{clock: clock, life: time.Minute}
	c := newTestClient(t, src, WithLeeway(0))
	_, err := c.Token(context.Background())
	require.NoError(t, err)
	clock.Advance(time.Minute - time.Millisecond)
	_, err = c.Token(context.Background())
	require.NoError(t, err)
	assert.EqualValues(t, 1, src.calls.Load())
}

func TestClientDoesNotRefreshIdleToken(t *testing.T) {
	clock := newFakeClock()
	src := &countingSource{clock: clock, life: time.Minute}
	c := newTestClient(t, src)
	_, err := c.Token(context.Background())
	require.NoError(t, err)

	clock.Advance(time.Hour)
	time.Sleep(20 * time.Millisecond) // would let any background refresh run
	assert.EqualValues(t, 1, src.calls.Load(), "no call needed it")
	assert.True(t, c.Current().Expired(clock.Now(), 0))

	_, err = c.Token(context.Background())
	require.NoError(t, err)
	assert.EqualValues(t, 2, src.calls.Load())
}

func TestClientSingleFlight(t *testing.T) {
	clock := newFakeClock()
	src := &countingSource{clock: clock, life: time.Minute, gate: make(chan struct{})}
	c := newTestClient(t, src)

	const callers = 200
	toks := make([]*Token, callers)
	var wg sync.WaitGroup
	for i := range callers {
		wg.Go(func() {
			tok, err := c.Token(context.Background())
			assert.NoError(t, err)
			toks[i] = tok
		})
	}
	time.Sleep(20 * time.Millisecond) // let them all pile up behind the gate
	close(src.gate)
	wg.Wait()

	assert.EqualValues(t, 1, src.calls.Load())
	for _, tok := range toks {
		assert.Same(t, toks[0], tok)
	}
}

func TestClientFailureIsNotCached(t *testing.T) {
	clock := newFakeClock()
	src := &countingSource{clock: clock, life: time.Minute, err: &Error{Code: CodeNetwork, Message: "down"}}
	c := newTestClient(t, src)
	_, err := c.Token(context.Background())
	assert.Equal(t, CodeNetwork, CodeOf(err))

	src.setErr(nil)
	tok, err := c.Token(context.Background())
	require.NoError(t, err)
	assert.NotEmpty(t, tok.AccessToken)
	assert.EqualValues(t, 2, src.calls.Load())
}

func TestClientDoReplaysOnceAfterRejection(t *testing.T) {
	clock := newFakeClock()
	src := &countingSource{clock: clock, life: time.Hour}
	c := newTestClient(t, src)

	var used []string
	err := c.Do(context.Background(), func(_ Context, tok *Token) (bool, error) {
		used = append(used, tok.AccessToken)
		return len(used) == 1, nil // the server rejects only the first
	})
	require.NoError(t, err)
	assert.Equal(t, []string{"tok-1", "tok-2"}, used)
	assert.EqualValues(t, 2, src.calls.Load())
}

func TestClientDoNeverReplaysTwice(t *testing.T) {
	clock := newFakeClock()
	src := &countingSource{clock: clock, life: time.Hour}
	c := newTestClient(t, src)

	calls := 0
	err := c.Do(context.Background(), func(Context, *Token) (bool, error) {
		calls++
		return true, nil // always rejected
	})
	require.NoError(t, err, "the caller gets the second answer as is")
	assert.Equal(t, 2, calls)
	assert.EqualValues(t, 2, src.calls.Load())
}

func TestClientDoDoesNotReplayAfterError(t *testing.T) {
	clock := newFakeClock()
	src := &countingSource{clock: clock, life: time.Hour}
	c := newTestClient(t, src)
	boom := errors.New("boom")
	calls := 0
	err := c.Do(context.Background(), func(Context, *Token) (bool, error) {
		calls++
		return false, boom
	})
	assert.ErrorIs(t, err, boom)
	assert.Equal(t, 1, calls)
}

func TestClientConcurrentRejectionsShareOneRenewal(t *testing.T) {
	clock := newFakeClock()
	src := &countingSource{clock: clock, life: time.Hour}
	c := newTestClient(t, src)
	first, err := c.Token(context.Background())
	require.NoError(t, err)

	var replays atomic.Int32
	var wg sync.WaitGroup
	for range 100 {
		wg.Go(func() {
			err := c.Do(context.Background(), func(_ Context, tok *Token) (bool, error) {
				if tok == first {
					return true, nil // server-side expiry of the first token
				}
				replays.Add(1)
				return false, nil
			})
			assert.NoError(t, err)
		})
	}
	wg.Wait()
	assert.EqualValues(t, 100, replays.Load())
	assert.EqualValues(t, 2, src.calls.Load(), "one exchange, one re-exchange")
}

func TestClientClose(t *testing.T) {
	clock := newFakeClock()
	src := &countingSource{clock: clock, life: time.Hour, gate: make(chan struct{})}
	c := NewClient(src, WithClock(clock.Now))

	waiting := make(chan error)
	go func() {
		_, err := c.Token(context.Background())
		waiting <- err
	}()
	time.Sleep(10 * time.Millisecond)
	c.Close()
	assert.Equal(t, CodeClosed, CodeOf(<-waiting), "a waiting call is released")

	_, err := c.Token(context.Background())
	assert.Equal(t, CodeClosed, CodeOf(err))
	assert.Nil(t, c.Current(), "the token is dropped")
	c.Close()
}

func TestClientRefreshTimeout(t *testing.T) {
	clock := newFakeClock()
	src := &countingSource{clock: clock, life: time.Hour, gate: make(chan struct{})}
	c := newTestClient(t, src, WithRefreshTimeout(10*time.Millisecond))
	_, err := c.Token(context.Background())
	require.Error(t, err)
	assert.Equal(t, CodeTimeout, CodeOf(err))
	assert.True(t, AsError(err).Retryable)
}

func TestClientCallerDeadline(t *testing.T) {
	clock := newFakeClock()
	src := &countingSource{clock: clock, life: time.Hour, gate: make(chan struct{})}
	c := newTestClient(t, src)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	_, err := c.Token(ctx)
	assert.Equal(t, CodeTimeout, CodeOf(err))
	close(src.gate)
}

type panicSource struct{}

func (panicSource) Token(Context, *Token, Reason) (*Token, error) { panic("bad source") }

func TestClientSurvivesPanickingSource(t *testing.T) {
	c := NewClient(panicSource{})
	defer c.Close()
	_, err := c.Token(context.Background())
	require.Error(t, err)
	assert.Equal(t, CodeInternal, CodeOf(err))
	assert.Contains(t, err.Error(), "bad source")
}

type nilSource struct{}

func (nilSource) Token(Context, *Token, Reason) (*Token, error) { return nil, nil }

func TestClientRejectsNilToken(t *testing.T) {
	c := NewClient(nilSource{})
	defer c.Close()
	_, err := c.Token(context.Background())
	assert.Equal(t, CodeBadResponse, CodeOf(err))
}

func TestClientReadyOnlyWhenNoRefreshIsNeeded(t *testing.T) {
	clock := newFakeClock()
	src := &countingSource{clock: clock, life: 20 * time.Minute}
	c := newTestClient(t, src, WithRefreshWindow(2*time.Minute), WithTimer((&fakeTimer{}).after))
	assert.Nil(t, c.Ready(), "no token yet")
	tok, err := c.Token(context.Background())
	require.NoError(t, err)
	assert.Same(t, tok, c.Ready())

	clock.Advance(20*time.Minute - time.Minute) // inside the refresh window
	assert.Nil(t, c.Ready(), "due: a call must go through Token, which refreshes")
	assert.EqualValues(t, 1, src.calls.Load(), "Ready itself never refreshes")

	_, err = c.Token(context.Background())
	require.NoError(t, err)
	assert.NotNil(t, c.Ready(), "renewed")
	c.Close()
	assert.Nil(t, c.Ready(), "closed")
}

func TestClientReplayRefreshesPastTheRejectedToken(t *testing.T) {
	clock := newFakeClock()
	src := &countingSource{clock: clock, life: time.Hour}
	c := newTestClient(t, src)
	first, err := c.Token(context.Background())
	require.NoError(t, err)

	var used []string
	err = c.Replay(context.Background(), first, func(_ Context, tok *Token) (bool, error) {
		used = append(used, tok.AccessToken)
		return true, nil // rejected again: no third call
	})
	require.NoError(t, err)
	assert.Equal(t, []string{"tok-2"}, used)
	assert.EqualValues(t, 2, src.calls.Load())

	// A rejected token already replaced: the current one is used, no refresh.
	used = nil
	require.NoError(t, c.Replay(context.Background(), first, func(_ Context, tok *Token) (bool, error) {
		used = append(used, tok.AccessToken)
		return false, nil
	}))
	assert.Equal(t, []string{"tok-2"}, used)
	assert.EqualValues(t, 2, src.calls.Load())
}
