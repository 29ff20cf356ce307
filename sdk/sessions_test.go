package sdk

import (
	"context"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const chatURL = testAPIs + "chatbot/v1/conversation/message"

func TestConcurrentFirstCallsStartOneSession(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newSessionRig(t, Options{})
		r.api.gate = make(chan struct{})
		const callers = 20
		got := make([]*ProductSession, callers)
		var wg sync.WaitGroup
		for i := range callers {
			wg.Go(func() {
				s, err := r.m.Session(context.Background(), "chatbot")
				assert.NoError(t, err)
				got[i] = s
			})
		}
		synctest.Wait() // every caller waits for the one start
		assert.Equal(t, 1, r.api.count(), "one start in flight")
		s, err := r.m.Ready("chatbot", chatURL)
		assert.NoError(t, err)
		assert.Nil(t, s, "nothing is ready while the start is in flight")
		close(r.api.gate)
		wg.Wait()

		assert.Equal(t, 1, r.api.started("chatbot"), "20 first calls, one conversation")
		assert.EqualValues(t, 1, r.src.calls.Load(), "and one token")
		require.NotNil(t, got[0])
		for _, s := range got {
			assert.Same(t, got[0], s)
		}
		assert.Equal(t, uint64(1), got[0].Gen)
		assert.Equal(t, "chatbot-1", got[0].ID)
		assert.Equal(t, StartInitial, got[0].Reason)
		assert.Equal(t, "Bearer chatbot-session-1", got[0].HeaderValue())
		assert.Empty(t, r.ev.changes(), "a first session is no renewal")
	})
}

func TestReadyIsTheFastPath(t *testing.T) {
	r := newSessionRig(t, Options{})
	s, err := r.m.Ready("chatbot", chatURL)
	require.NoError(t, err)
	assert.Nil(t, s, "none yet: go through Session")
	_, err = r.m.Ready("faq", chatURL)
	assert.Equal(t, CodeInvalidArgument, CodeOf(err))

	started, err := r.m.Session(context.Background(), "chatbot")
	require.NoError(t, err)
	s, err = r.m.Ready("chatbot", chatURL)
	require.NoError(t, err)
	assert.Same(t, started, s)

	_, err = r.m.Ready("chatbot", testAPIs+"search/v1/tracking/events")
	assert.Equal(t, CodeInvalidArgument, CodeOf(err), "never to another product")
	assert.Contains(t, err.Error(), "use client.fetch")
	s, err = r.m.Ready("search", testAPIs+"search/v1/tracking/events")
	assert.NoError(t, err)
	assert.Nil(t, s, "each product has its own session")

	allocs := testing.AllocsPerRun(100, func() { _, _ = r.m.Ready("chatbot", chatURL) })
	assert.Zero(t, allocs, "the per-call path allocates nothing")
	assert.Equal(t, 1, r.api.count(), "and sends nothing")
}

func TestIdleSessionIsRenewedBeforeTheNextCall(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newSessionRig(t, Options{})
		first, err := r.m.Session(context.Background(), "chatbot")
		require.NoError(t, err)

		// Use slides the lifetime: 1,000 s, a call, 1,000 s more.
		time.Sleep(1000 * time.Second)
		r.m.Touch("chatbot", first.Gen, 0)
		time.Sleep(1000 * time.Second)
		s, err := r.m.Ready("chatbot", chatURL)
		require.NoError(t, err)
		assert.Same(t, first, s, "2,000 s old, 1,000 s idle: still good")

		// Idle 1,440 s less the leeway: renewed before the call is sent.
		time.Sleep(time.Duration(1440*Second-SessionLeeway) - 1000*time.Second)
		s, err = r.m.Ready("chatbot", chatURL)
		require.NoError(t, err)
		assert.Nil(t, s, "idle: the call goes through Session")
		second, err := r.m.Session(context.Background(), "chatbot")
		require.NoError(t, err)
		assert.Equal(t, uint64(2), second.Gen)
		assert.Equal(t, StartIdle, second.Reason)
		assert.Equal(t, 2, r.api.count(), "two starts and no failed call")
		assert.Equal(t, []SessionChange{{Product: "chatbot", Reason: StartIdle, PreviousID: "chatbot-1", ID: "chatbot-2"}}, r.ev.changes())
		assert.Equal(t, strings.Repeat("\x00", len("chatbot-session-1")), first.Token(), "the idle session's token is wiped")
	})
}

func TestSearchAndKnowledgeIdleAfterThirtyMinutes(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newSessionRig(t, Options{})
		for _, product := range []string{"search", "knowledge"} {
			s, err := r.m.Session(context.Background(), product)
			require.NoError(t, err)
			assert.False(t, s.Bearer)
			assert.Equal(t, product+"-session-1", s.HeaderValue(), "the raw form")
		}
		time.Sleep(29 * time.Minute)
		s, _ := r.m.Ready("search", testAPIs+"search/v1/tracking/events")
		assert.NotNil(t, s, "29 minutes idle")
		time.Sleep(time.Minute)
		s, _ = r.m.Ready("knowledge", testAPIs+"knowledge/v1/tracking/events")
		assert.Nil(t, s, "30 minutes idle")
	})
}

func TestSessionExpiredStartsOneNewSession(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newSessionRig(t, Options{})
		first, err := r.m.Session(context.Background(), "chatbot")
		require.NoError(t, err)
		r.m.Touch("chatbot", first.Gen, 0)
		r.api.gate = make(chan struct{})

		const callers = 20
		got := make([]*ProductSession, callers)
		var wg sync.WaitGroup
		for i := range callers {
			wg.Go(func() {
				s, err := r.m.Expired(context.Background(), "chatbot", first.Gen)
				assert.NoError(t, err)
				got[i] = s
			})
		}
		synctest.Wait()
		s, _ := r.m.Ready("chatbot", chatURL)
		assert.Nil(t, s, "the expired session is never handed out again")
		close(r.api.gate)
		wg.Wait()

		assert.Equal(t, 2, r.api.started("chatbot"), "20 expired answers, one new session")
		require.NotNil(t, got[0])
		for _, s := range got {
			assert.Same(t, got[0], s)
		}
		assert.Equal(t, uint64(2), got[0].Gen)
		assert.Equal(t, StartExpired, got[0].Reason)
		assert.Equal(t, []SessionChange{{Product: "chatbot", Reason: StartExpired, PreviousID: "chatbot-1", ID: "chatbot-2"}}, r.ev.changes())

		// A call sent with generation 1 comes back expired after 2 replaced
		// it and served a replay.
		r.m.Touch("chatbot", got[0].Gen, 0)
		late, err := r.m.Expired(context.Background(), "chatbot", first.Gen)
		require.NoError(t, err)
		assert.Same(t, got[0], late, "a stale generation gets the current session")
		assert.Equal(t, 2, r.api.started("chatbot"), "and starts nothing")
		assert.Len(t, r.ev.changes(), 1)
	})
}

func TestExpiredReplayBudget(t *testing.T) {
	r := newSessionRig(t, Options{})
	ctx := context.Background()
	first, err := r.m.Session(ctx, "chatbot")
	require.NoError(t, err)
	second, err := r.m.Expired(ctx, "chatbot", first.Gen)
	require.NoError(t, err)

	// The replay with the new session is answered expired too: no loop.
	_, err = r.m.Expired(ctx, "chatbot", second.Gen)
	require.Error(t, err)
	assert.Equal(t, 2, r.api.started("chatbot"), "no third session")
	e := AsError(err)
	assert.Equal(t, CodeSessionFailed, e.Code)
	assert.Equal(t, 400, e.Status)
	assert.False(t, e.Retryable)
	assert.Contains(t, e.Message, "end()")
	_, err = r.m.Expired(ctx, "chatbot", second.Gen)
	assert.Equal(t, CodeSessionFailed, CodeOf(err), "however often it is asked")
	assert.Equal(t, 2, r.api.started("chatbot"))

	// Once a call got through with it, it may expire like any session.
	r.m.Touch("chatbot", second.Gen, 0)
	third, err := r.m.Expired(ctx, "chatbot", second.Gen)
	require.NoError(t, err)
	assert.Equal(t, uint64(3), third.Gen)
	assert.Equal(t, 3, r.api.started("chatbot"))

	_, err = r.m.Expired(ctx, "chatbot", 0)
	assert.Equal(t, CodeInvalidArgument, CodeOf(err))
}

func TestTouchIgnoresOtherGenerations(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newSessionRig(t, Options{})
		first, err := r.m.Session(context.Background(), "chatbot")
		require.NoError(t, err)
		time.Sleep(1400 * time.Second)
		r.m.Touch("chatbot", first.Gen+1, 0)
		r.m.Touch("faq", first.Gen, 0)
		r.m.Touch("chatbot", first.Gen, Instant(time.Now().Add(-1400*time.Second).UnixNano())) // sent long ago
		time.Sleep(30 * time.Second)
		s, _ := r.m.Ready("chatbot", chatURL)
		assert.Nil(t, s, "only a call with the current session, sent later, slides it")
	})
}

func TestEndWipesAndStartsAfresh(t *testing.T) {
	r := newSessionRig(t, Options{})
	ctx := context.Background()
	first, err := r.m.Session(ctx, "chatbot")
	require.NoError(t, err)
	search, err := r.m.Session(ctx, "search")
	require.NoError(t, err)

	require.NoError(t, r.m.End("chatbot"))
	assert.Equal(t, strings.Repeat("\x00", len("chatbot-session-1")), first.Token(), "wiped from Go memory")
	s, err := r.m.Ready("chatbot", chatURL)
	assert.NoError(t, err)
	assert.Nil(t, s)
	assert.Equal(t, "search-session-1", search.Token(), "the other products keep theirs")

	next, err := r.m.Session(ctx, "chatbot")
	require.NoError(t, err)
	assert.Equal(t, uint64(2), next.Gen)
	assert.Equal(t, StartInitial, next.Reason)
	assert.Empty(t, r.ev.changes(), "the page ended it: no event")
	assert.Equal(t, CodeInvalidArgument, CodeOf(r.m.End("faq")))
}

func TestCloseWipesEverySession(t *testing.T) {
	r := newSessionRig(t, Options{})
	ctx := context.Background()
	var all []*ProductSession
	for _, product := range []string{"chatbot", "search", "knowledge"} {
		s, err := r.m.Session(ctx, product)
		require.NoError(t, err)
		all = append(all, s)
	}
	r.m.Close()
	for _, s := range all {
		assert.NotContains(t, s.Token(), "session", "wiped from Go memory")
	}
	_, err := r.m.Ready("chatbot", chatURL)
	assert.Equal(t, CodeClosed, CodeOf(err))
	_, err = r.m.Session(ctx, "chatbot")
	assert.Equal(t, CodeClosed, CodeOf(err))
	_, err = r.m.Expired(ctx, "chatbot", all[0].Gen)
	assert.Equal(t, CodeClosed, CodeOf(err))
	r.m.Close()
	assert.Equal(t, 3, r.api.count(), "nothing sent after close")
}

func TestEndOrCloseDuringAStart(t *testing.T) {
	for name, stop := range map[string]func(*Sessions){
		"end":   func(m *Sessions) { _ = m.End("chatbot") },
		"close": (*Sessions).Close,
	} {
		t.Run(name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				r := newSessionRig(t, Options{})
				r.api.gate = make(chan struct{})
				done := make(chan error)
				go func() {
					_, err := r.m.Session(context.Background(), "chatbot")
					done <- err
				}()
				synctest.Wait()
				stop(r.m)
				assert.Equal(t, CodeClosed, CodeOf(<-done), "the abandoned start's callers are told")
				close(r.api.gate)
				synctest.Wait()
				s, _ := r.m.Ready("chatbot", chatURL)
				assert.Nil(t, s, "its session is not adopted")
			})
		})
	}
}

func TestSessionWaitEndsWithItsContext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newSessionRig(t, Options{})
		r.api.gate = make(chan struct{})
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		_, err := r.m.Session(ctx, "chatbot")
		assert.Equal(t, CodeTimeout, CodeOf(err))
		close(r.api.gate)
		s, err := r.m.Session(context.Background(), "chatbot")
		require.NoError(t, err, "the start went on for the others")
		assert.Equal(t, uint64(1), s.Gen)
	})
}
