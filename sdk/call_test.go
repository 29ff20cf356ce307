package sdk

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Do and Replay, jsbridge's full fetch path, until it goes.

func TestKeeperDoReplaysOnceAfterRejection(t *testing.T) {
	clock := newFakeClock()
	src := &countingSource{clock: clock, life: Hour}
	k := newTestKeeper(t, src)

	var used []string
	err := k.Do(context.Background(), func(_ Context, tok *Token) (bool, error) {
		used = append(used, tok.AccessToken)
		return len(used) == 1, nil // the server rejects only the first
	})
	require.NoError(t, err)
	assert.Equal(t, []string{"tok-1", "tok-2"}, used)
	assert.EqualValues(t, 2, src.calls.Load())
}

func TestKeeperDoNeverReplaysTwice(t *testing.T) {
	clock := newFakeClock()
	src := &countingSource{clock: clock, life: Hour}
	k := newTestKeeper(t, src)

	calls := 0
	err := k.Do(context.Background(), func(Context, *Token) (bool, error) {
		calls++
		return true, nil // always rejected
	})
	require.NoError(t, err, "the caller gets the second answer as is")
	assert.Equal(t, 2, calls)
	assert.EqualValues(t, 2, src.calls.Load())
}

func TestKeeperDoDoesNotReplayAfterError(t *testing.T) {
	clock := newFakeClock()
	src := &countingSource{clock: clock, life: Hour}
	k := newTestKeeper(t, src)
	boom := errors.New("boom")
	calls := 0
	err := k.Do(context.Background(), func(Context, *Token) (bool, error) {
		calls++
		return false, boom
	})
	assert.ErrorIs(t, err, boom)
	assert.Equal(t, 1, calls)
}

func TestKeeperConcurrentRejectionsShareOneRenewal(t *testing.T) {
	clock := newFakeClock()
	src := &countingSource{clock: clock, life: Hour}
	k := newTestKeeper(t, src)
	first, _, err := k.Token(context.Background())
	require.NoError(t, err)

	var replays atomic.Int32
	var wg sync.WaitGroup
	for range 100 {
		wg.Go(func() {
			err := k.Do(context.Background(), func(_ Context, tok *Token) (bool, error) {
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

func TestKeeperReplayRefreshesPastTheRejectedToken(t *testing.T) {
	clock := newFakeClock()
	src := &countingSource{clock: clock, life: Hour}
	k := newTestKeeper(t, src)
	first, _, err := k.Token(context.Background())
	require.NoError(t, err)

	var used []string
	err = k.Replay(context.Background(), first, func(_ Context, tok *Token) (bool, error) {
		used = append(used, tok.AccessToken)
		return true, nil // rejected again: no third call
	})
	require.NoError(t, err)
	assert.Equal(t, []string{"tok-2"}, used)
	assert.EqualValues(t, 2, src.calls.Load())

	// A rejected token already replaced: the current one is used, no refresh.
	used = nil
	require.NoError(t, k.Replay(context.Background(), first, func(_ Context, tok *Token) (bool, error) {
		used = append(used, tok.AccessToken)
		return false, nil
	}))
	assert.Equal(t, []string{"tok-2"}, used)
	assert.EqualValues(t, 2, src.calls.Load())
}
