package sdk

import (
	"context"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// reentrantClock is a fakeClock whose Now calls back into the Keeper, as a
// page's wrapped Date.now can in a browser (a Keeper's Clock there is the
// page's). Were the Keeper to read it holding its lock, the call back would
// never return. (Its timers may not call back at once: see Clock.)
type reentrantClock struct {
	*fakeClock
	k      atomic.Pointer[Keeper]
	inside atomic.Bool // not from inside itself: Ready reads the clock too
	calls  atomic.Int32
}

func (c *reentrantClock) reenter() {
	k := c.k.Load()
	if k == nil || !c.inside.CompareAndSwap(false, true) {
		return
	}
	defer c.inside.Store(false)
	c.calls.Add(1)
	k.Current()
	k.Ready()
}

func (c *reentrantClock) Now() Instant {
	c.reenter()
	return c.fakeClock.Now()
}

// The Keeper reads its clock and tells its observer outside its lock, in
// every transition: page code run by either may call the client.
func TestKeeperCallsOutOnlyUnlocked(t *testing.T) {
	clock := &reentrantClock{fakeClock: newFakeClock()}
	src := &countingSource{clock: clock.fakeClock, life: 20 * Minute}
	var heard atomic.Int32
	observer := func(Event) {
		heard.Add(1)
		k := clock.k.Load()
		k.Current()
		k.Ready()
	}
	k := NewKeeper(src, clock, WithRefreshWindow(2*Minute), WithObserver(observer))
	clock.k.Store(k)
	done := make(chan struct{})
	go func() {
		defer close(done)
		ctx := context.Background()
		_, _, err := k.Token(ctx) // the first token; its window's timer
		assert.NoError(t, err)
		clock.Advance(19 * Minute) // inside the window: a refresh, a new timer
		_, gen, err := k.Token(ctx)
		assert.NoError(t, err)
		clock.fire() // the timer, early: it re-arms
		_, _, err = k.Rejected(ctx, gen)
		assert.NoError(t, err)
		_, err = k.Refresh(ctx)
		assert.NoError(t, err)
		clock.Advance(Hour)
		k.Wake()
		src.setErr(newError(CodeRefreshFailed, "refused"))
		_, _, err = k.Token(ctx) // a failure episode
		assert.Error(t, err)
		k.Close()
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		require.FailNow(t, "the Keeper called out holding its lock: the call back into it never returned")
	}
	assert.Positive(t, clock.calls.Load())
	assert.Positive(t, heard.Load())
	assert.Empty(t, clock.live(), "no timer is left armed")
}

// An observer may close the client: a page's token listener may. The calls
// that waited for the token it heard of then fail with CLOSED; they never
// get the token Close wiped (in a browser, a header of zero bytes).
func TestWaitersOfAKeeperClosedByItsObserverGetClosed(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var k *Keeper
		observer := func(ev Event) {
			if ev.Kind == EventToken {
				k.Close()
			}
		}
		k = NewKeeper(&apisSource{}, realClock, WithObserver(observer))
		tok, gen, err := k.Token(context.Background())
		assert.Equal(t, CodeClosed, CodeOf(err), "got %v, generation %d", tok, gen)
		assert.Nil(t, tok)
	})
}

// The same for sessions: an observer of the session's replacement that
// ends it or closes the client leaves the calls waiting for it CLOSED.
func TestWaitersOfASessionEndedByItsObserverGetClosed(t *testing.T) {
	for name, drop := range map[string]func(*Sessions){
		"ended":  func(m *Sessions) { _ = m.End("chatbot") },
		"closed": func(m *Sessions) { m.Close() },
	} {
		t.Run(name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				var m *Sessions
				observer := func(ev Event) {
					if ev.Kind == EventSession {
						drop(m)
					}
				}
				k := NewKeeper(&apisSource{}, realClock)
				defer k.Close()
				cfg := Config{APIKey: "k", Transport: newProductAPI(), Clock: realClock, Observer: observer}
				m = cfg.NewSessions(k)
				defer m.Close()
				first, err := m.Session(context.Background(), "chatbot")
				require.NoError(t, err)
				s, err := m.Expired(context.Background(), "chatbot", first.Gen)
				assert.Equal(t, CodeClosed, CodeOf(err), "got %v", s)
				assert.Nil(t, s)
			})
		})
	}
}
