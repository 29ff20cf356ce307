package sdk

import (
	"context"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The pages of these tests live in one synctest bubble: a fakeOrigin stands
// for what the browser gives them (one Web Lock, a BroadcastChannel), and
// a fakeAPI counts the exchanges, as the browser tests count them at the
// emulated API.

// fakeAPI hands out numbered tokens, counting them. An exchange takes
// exchangeTime, as a request does: pages that need a token at once overlap.
type fakeAPI struct {
	life      Duration
	exchanges atomic.Int32
}

const exchangeTime = 50 * Millisecond

func (a *fakeAPI) Token(ctx Context, _ *Token, _ Reason) (*Token, error) {
	n := a.exchanges.Add(1)
	if err := sleep(ctx, realClock, exchangeTime); err != nil {
		return nil, err
	}
	now := realClock.Now()
	return &Token{AccessToken: "tok-" + strconv.Itoa(int(n)), Expiry: now.Add(a.life), Obtained: now,
		APIs: map[string]string{"chatbot": "https://api.test/prod/chatbot"}}, nil
}

// fakeOrigin is what same-origin pages share: one lock, the pages' marks,
// and a channel that delivers each message to every other page on its own
// goroutine (a BroadcastChannel delivers in a later task), late by late.
type fakeOrigin struct {
	lock  chan struct{} // full while some page holds the lock
	late  atomic.Int64  // a time.Duration; past PeerWait, no answer comes in time
	mu    sync.Mutex
	pages []*fakePeers
}

func newFakeOrigin() *fakeOrigin { return &fakeOrigin{lock: make(chan struct{}, 1)} }

type fakePeers struct {
	origin *fakeOrigin
	l      PeerListener
	silent bool          // present, but never answers (a page frozen in the background)
	mark   *Mark         // of the token this page announced last
	joined map[Mark]bool // the other pages' marks when this one joined
}

func (o *fakeOrigin) join() *fakePeers {
	p := &fakePeers{origin: o, joined: map[Mark]bool{}}
	o.mu.Lock()
	for _, other := range o.pages {
		if other.mark != nil {
			p.joined[*other.mark] = true
		}
	}
	o.pages = append(o.pages, p)
	o.mu.Unlock()
	return p
}

// deliver runs f on its own goroutine, late by the origin's delay.
func (p *fakePeers) deliver(f func()) {
	go func() {
		time.Sleep(time.Duration(p.origin.late.Load()))
		f()
	}()
}

func (p *fakePeers) others() []*fakePeers {
	p.origin.mu.Lock()
	defer p.origin.mu.Unlock()
	var out []*fakePeers
	for _, o := range p.origin.pages {
		if o != p {
			out = append(out, o)
		}
	}
	return out
}

func (p *fakePeers) Listen(l PeerListener) {
	p.origin.mu.Lock()
	p.l = l
	p.origin.mu.Unlock()
}

func (p *fakePeers) listener() PeerListener {
	p.origin.mu.Lock()
	defer p.origin.mu.Unlock()
	return p.l
}

func (p *fakePeers) Lock(ctx Context) (func(), error) {
	select {
	case p.origin.lock <- struct{}{}:
		var once sync.Once
		return func() { once.Do(func() { <-p.origin.lock }) }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func (p *fakePeers) Ask(ctx Context) Answers {
	var toks []*Token
	var marks []Mark
	unanswered := false
	others := p.others()
	for _, o := range others {
		p.origin.mu.Lock()
		if o.mark != nil && !p.joined[*o.mark] {
			marks = append(marks, *o.mark)
		}
		p.origin.mu.Unlock()
		if o.silent || p.origin.late.Load() >= int64(PeerWait) {
			unanswered = true
			continue
		}
		if t := o.listener().Held(); t != nil {
			if c := cross(t); c != nil {
				toks = append(toks, c)
			}
		}
	}
	if unanswered {
		_ = sleep(ctx, realClock, PeerWait) // waits for them, as long as Ask may
	}
	return Answers{Tokens: toks, Marks: marks, AllAnswered: len(others) > 0 && !unanswered}
}

func (p *fakePeers) Announce(tok *Token) {
	m := MarkOf(tok)
	p.origin.mu.Lock()
	p.mark = &m
	p.origin.mu.Unlock()
	for _, o := range p.others() {
		if l := o.listener(); l != nil {
			if c := cross(tok); c != nil {
				p.deliver(func() { l.Heard(c) })
			}
		}
	}
}

func (p *fakePeers) Refused(fp Fingerprint) {
	for _, o := range p.others() {
		if l := o.listener(); l != nil {
			p.deliver(func() { l.HeardRefused(fp) })
		}
	}
}

// copyToken is a copy of t that its receiver may wipe.
func copyToken(t *Token) *Token {
	c := *t
	c.AccessToken = strings.Clone(t.AccessToken)
	c.owned = nil
	return &c
}

// cross is what crossing to another page makes of a token: the record one
// page writes (PeerRecord), as the other reads it (ParsePeerToken), or nil
// when that one refuses it, as jsbridge drops it.
func cross(t *Token) *Token {
	kv := PeerRecord(t)
	record := map[string]any{}
	for i := 0; i < len(kv); i += 2 {
		v := kv[i+1]
		if apis, ok := v.(map[string]string); ok {
			m := map[string]any{}
			for k, u := range apis {
				m[k] = u
			}
			v = m
		}
		record[kv[i].(string)] = v
	}
	tok, err := ParsePeerToken(record, realClock.Now())
	if err != nil {
		return nil
	}
	return tok
}

// newPage opens a page of origin whose keeper gets its tokens from api.
func newPage(t *testing.T, origin *fakeOrigin, api Source, opts ...Option) (*Keeper, *fakePeers) {
	t.Helper()
	peers := origin.join()
	s := NewShared(api, peers, realClock)
	k := NewKeeper(s, realClock, opts...)
	s.Bind(k)
	t.Cleanup(k.Close)
	return k, peers
}

// pagesWithToken opens n pages of one origin and has them get their first
// token at once (one exchange, as the first test shows).
func pagesWithToken(t *testing.T, n int) (*fakeAPI, []*Keeper) {
	t.Helper()
	api := &fakeAPI{life: 20 * Minute}
	origin := newFakeOrigin()
	pages := make([]*Keeper, n)
	for i := range pages {
		pages[i], _ = newPage(t, origin, api)
	}
	tokensAtOnce(t, pages...)
	return api, pages
}

// tokensAtOnce asks every keeper for a token at the same time.
func tokensAtOnce(t *testing.T, keepers ...*Keeper) []string {
	t.Helper()
	got := make([]string, len(keepers))
	var wg sync.WaitGroup
	for i, k := range keepers {
		wg.Go(func() {
			tok, _, err := k.Token(context.Background())
			if assert.NoError(t, err) {
				got[i] = tok.AccessToken
			}
		})
	}
	wg.Wait()
	return got
}

func TestSharedPagesCreatedAtOnceMakeOneExchange(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		api := &fakeAPI{life: 20 * Minute}
		origin := newFakeOrigin()
		a, _ := newPage(t, origin, api)
		b, _ := newPage(t, origin, api)
		c, _ := newPage(t, origin, api)

		got := tokensAtOnce(t, a, b, c)
		assert.EqualValues(t, 1, api.exchanges.Load())
		assert.Equal(t, []string{"tok-1", "tok-1", "tok-1"}, got)
	})
}

func TestSharedPageOpenedLaterAdoptsALiveToken(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		api := &fakeAPI{life: 20 * Minute}
		origin := newFakeOrigin()
		a, _ := newPage(t, origin, api)
		tokensAtOnce(t, a)

		time.Sleep(5 * time.Minute)
		var seen []EventKind
		late, _ := newPage(t, origin, api, WithObserver(func(ev Event) { seen = append(seen, ev.Kind) }))
		assert.Equal(t, []string{"tok-1"}, tokensAtOnce(t, late))
		assert.EqualValues(t, 1, api.exchanges.Load(), "the later page exchanged nothing")
		assert.Equal(t, []EventKind{EventToken}, seen, "adopting a token is a token event")
	})
}

func TestSharedPagesAfterExpiryMakeOneExchange(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		api, pages := pagesWithToken(t, 3)
		a, b, c := pages[0], pages[1], pages[2]

		time.Sleep(21 * time.Minute) // every page's token has expired
		got := tokensAtOnce(t, a, b, c)
		assert.EqualValues(t, 2, api.exchanges.Load())
		assert.Equal(t, []string{"tok-2", "tok-2", "tok-2"}, got)
	})
}

func TestSharedRefusalIsAnnouncedAndReplacedOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		api, pages := pagesWithToken(t, 3)
		a, b, c := pages[0], pages[1], pages[2]

		// The API refuses tok-1 to a; b and c hear it.
		tok, _, err := a.Rejected(context.Background(), 1)
		require.NoError(t, err)
		assert.Equal(t, "tok-2", tok.AccessToken)
		synctest.Wait()
		for _, k := range []*Keeper{b, c} {
			got, gen := k.Ready()
			require.NotNil(t, got, "the announced token was adopted")
			assert.Equal(t, "tok-2", got.AccessToken)
			assert.EqualValues(t, 2, gen)
		}
		assert.EqualValues(t, 2, api.exchanges.Load(), "one exchange replaced the refused token for all pages")
	})
}

func TestSharedRefusalSeenByAllPagesAtOnceIsReplacedOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		api, pages := pagesWithToken(t, 3)
		a, b, c := pages[0], pages[1], pages[2]

		got := make([]string, 3)
		var wg sync.WaitGroup
		for i, k := range []*Keeper{a, b, c} {
			wg.Go(func() {
				tok, _, err := k.Rejected(context.Background(), 1)
				if assert.NoError(t, err) {
					got[i] = tok.AccessToken
				}
			})
		}
		wg.Wait()
		assert.EqualValues(t, 2, api.exchanges.Load())
		assert.Equal(t, []string{"tok-2", "tok-2", "tok-2"}, got)
	})
}

// A page that hears another page's refusal keeps its token (the refusal
// may be forged: its next call is the check) but shares it no more; once
// the API refuses it here too, the page does not take it back from a page
// that has not heard.
func TestSharedRefusalHeardIsARumourNotADrop(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		api, pages := pagesWithToken(t, 2)
		a := pages[0]
		s := a.src.(*Shared)
		s.HeardRefused(FingerprintOf(&Token{AccessToken: "tok-1"}))
		tok, gen := a.Ready()
		require.NotNil(t, tok, "a page that hears of a refusal still sends its token")
		assert.Equal(t, "tok-1", tok.AccessToken)
		assert.Nil(t, s.Held(), "but does not share it")
		assert.EqualValues(t, 1, api.exchanges.Load())

		// The API refuses it here: b still holds tok-1 (it has not heard).
		tok, _, err := a.Rejected(context.Background(), gen)
		require.NoError(t, err)
		assert.Equal(t, "tok-2", tok.AccessToken)
	})
}

func TestSharedPageGoesAloneWhenTheLockIsNeverReleased(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		api := &fakeAPI{life: 20 * Minute}
		origin := newFakeOrigin()
		origin.lock <- struct{}{} // a hung page holds it for good
		a, _ := newPage(t, origin, api)
		start := time.Now()
		assert.Equal(t, []string{"tok-1"}, tokensAtOnce(t, a))
		assert.Equal(t, time.Duration(LockWait+exchangeTime), time.Since(start), "it waited LockWait, then exchanged alone")
	})
}

// nothingHeld is a page that answers asks, holding no token.
type nothingHeld struct{}

func (nothingHeld) Heard(*Token)             {}
func (nothingHeld) HeardRefused(Fingerprint) {}
func (nothingHeld) Held() *Token             { return nil }

// holding is a page that answers asks with a copy of its token.
type holding struct{ tok *Token }

func (holding) Heard(*Token)             {}
func (holding) HeardRefused(Fingerprint) {}
func (h holding) Held() *Token           { return copyToken(h.tok) }

// A refused token is replaced by a peer's even when that one seems to
// expire a little sooner: the refused one's expiry means nothing then, and
// a server's rounded-up expiration and an expires_in read by another
// page's clock differ by up to a second, or by the clocks' skew.
func TestSharedRefusedTokenIsReplacedByAPeersThatExpiresSooner(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		api := &fakeAPI{life: 20 * Minute}
		origin := newFakeOrigin()
		now := realClock.Now()
		origin.join().Listen(holding{&Token{AccessToken: "theirs", Expiry: now.Add(20 * Minute), Obtained: now,
			APIs: map[string]string{"chatbot": "https://x"}}})
		a, _ := newPage(t, origin, api, WithToken(&Token{AccessToken: "given", Expiry: now.Add(20*Minute + 900*Millisecond)}))

		tok, _, err := a.Rejected(context.Background(), 1)
		require.NoError(t, err)
		assert.Equal(t, "theirs", tok.AccessToken)
		assert.Zero(t, api.exchanges.Load())
	})
}

// A live holder that never releases the lock is waited for half the
// refresh timeout: the other half is for the page's own token.
func TestSharedPageWaitsForALiveHolderAtMostHalfItsRefreshTimeout(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		api := &fakeAPI{life: 20 * Minute}
		origin := newFakeOrigin()
		origin.join().Listen(nothingHeld{})
		origin.lock <- struct{}{}
		a, _ := newPage(t, origin, api)
		start := time.Now()
		assert.Equal(t, []string{"tok-1"}, tokensAtOnce(t, a))
		assert.Equal(t, time.Duration(DefaultRefreshTimeout/2+exchangeTime), time.Since(start))
	})
}

// A page that does not answer may be the hung holder: past LockWait the
// page goes alone.
func TestSharedPageGoesAloneWhenAPeerDoesNotAnswer(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		api := &fakeAPI{life: 20 * Minute}
		origin := newFakeOrigin()
		origin.join().silent = true
		origin.lock <- struct{}{}
		a, _ := newPage(t, origin, api)
		start := time.Now()
		assert.Equal(t, []string{"tok-1"}, tokensAtOnce(t, a))
		assert.Equal(t, time.Duration(LockWait+2*PeerWait+exchangeTime), time.Since(start),
			"LockWait, the ask no page fully answered, its own ask, its exchange")
	})
}

func TestSharedSilentPageCostsAtMostPeerWait(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		api := &fakeAPI{life: 20 * Minute}
		origin := newFakeOrigin()
		frozen := origin.join()
		frozen.silent = true
		a, _ := newPage(t, origin, api)
		start := time.Now()
		assert.Equal(t, []string{"tok-1"}, tokensAtOnce(t, a))
		assert.Equal(t, time.Duration(PeerWait+exchangeTime), time.Since(start))
	})
}

// A page waiting for the lock takes the token its holder announces: one
// announced while it waits, though the holder answers no ask (busy); and,
// past LockWait, a slow holder's (a slow hook or Auth API), since every
// page answers: no page hangs.
func TestSharedPageTakesTheLockHoldersToken(t *testing.T) {
	for name, c := range map[string]struct {
		answers bool
		holds   time.Duration
	}{
		"announced while it waits": {false, 0},
		"slow holder that answers": {true, 7 * time.Second},
	} {
		t.Run(name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				api := &fakeAPI{life: 20 * Minute}
				origin := newFakeOrigin()
				holder := origin.join()
				holder.silent = !c.answers
				holder.Listen(nothingHeld{})
				origin.lock <- struct{}{} // the holder is getting a token
				a, _ := newPage(t, origin, api)
				done := make(chan string)
				go func() { done <- tokensAtOnce(t, a)[0] }()
				time.Sleep(c.holds)
				synctest.Wait()

				now := realClock.Now()
				holder.Announce(&Token{AccessToken: "theirs", Expiry: now.Add(20 * Minute), Obtained: now, APIs: map[string]string{"chatbot": "https://x"}})
				<-origin.lock // the holder releases
				assert.Equal(t, "theirs", <-done)
				assert.Zero(t, api.exchanges.Load(), "the page took the holder's token")
			})
		})
	}
}

func TestSharedOfferAdoptsOnlyNewerUsableTokens(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		api := &fakeAPI{life: 20 * Minute}
		origin := newFakeOrigin()
		var tokens int
		k, _ := newPage(t, origin, api, WithObserver(func(ev Event) {
			if ev.Kind == EventToken {
				tokens++
			}
		}))
		tokensAtOnce(t, k)
		now := realClock.Now()
		apis := map[string]string{"chatbot": "https://api.test/prod/chatbot"} // the page's own
		s := k.src.(*Shared)

		s.Heard(&Token{AccessToken: "older", Expiry: now.Add(10 * Minute), APIs: apis})
		s.Heard(&Token{AccessToken: "expiring", Expiry: now.Add(5 * Second), APIs: apis})
		s.HeardRefused(FingerprintOf(&Token{AccessToken: "refused"}))
		s.Heard(&Token{AccessToken: "refused", Expiry: now.Add(30 * Minute), APIs: apis})
		tok, gen := k.Ready()
		assert.Equal(t, "tok-1", tok.AccessToken, "older, expiring and refused tokens are not adopted")

		s.Heard(&Token{AccessToken: "newer", Expiry: now.Add(25 * Minute), APIs: apis})
		tok, next := k.Ready()
		assert.Equal(t, "newer", tok.AccessToken)
		assert.Equal(t, gen+1, next)
		assert.Equal(t, 2, tokens, "token fires for the adopted one")

		k.Close()
		assert.Nil(t, s.Held(), "a closed page shares nothing")
	})
}

func TestSharedAccessTokenPagesRunTheHookOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var hooks atomic.Int32
		hook := SourceFunc(func(Context, *Token, Reason) (*Token, error) {
			n := hooks.Add(1)
			now := realClock.Now()
			return &Token{AccessToken: "hooked-" + strconv.Itoa(int(n)), Expiry: now.Add(20 * Minute), Obtained: now,
				APIs: map[string]string{"chatbot": "https://x"}}, nil
		})
		origin := newFakeOrigin()
		var keepers []*Keeper
		for i := range 3 {
			cfg := Config{APIKey: "key", Clock: realClock, Transport: &fakeTransport{}, Peers: origin.join()}
			cfg.Options.RefreshWindow = -1
			src, err := NewAccessTokenSource(cfg, hook)
			require.NoError(t, err)
			expiry := realClock.Now().Add(Duration(10+i) * Minute) // each page's server gave its own
			cfg.Options.Expiration = expiry
			cfg.Options.APIs = map[string]string{"chatbot": "https://x"}
			k, err := NewAccessTokenKeeper(context.Background(), cfg, "given-"+strconv.Itoa(i), src)
			require.NoError(t, err)
			t.Cleanup(k.Close)
			keepers = append(keepers, k)
		}
		time.Sleep(13 * time.Minute) // every page's token is expired
		got := tokensAtOnce(t, keepers...)
		assert.EqualValues(t, 1, hooks.Load(), "one page ran the hook; the others adopted its token")
		assert.Equal(t, []string{"hooked-1", "hooked-1", "hooked-1"}, got)
	})
}

// A page that took the lock after the one that exchanged, but reads that
// page's messages only after its ask timed out (a busy main thread), waits
// for the token it finds marked rather than getting another.
func TestSharedPagesWaitForATokenAnnouncedLate(t *testing.T) {
	for name, lose := range map[string]func(pages []*Keeper){
		"expired": func([]*Keeper) { time.Sleep(21 * time.Minute) },
		"refused": func(pages []*Keeper) {
			for _, k := range pages {
				k.mu.Lock()
				k.rejected = k.gen
				k.mu.Unlock()
			}
		},
	} {
		t.Run(name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				api, pages := pagesWithToken(t, 3)
				pages[0].src.(*Shared).peers.(*fakePeers).origin.late.Store(int64(time.Second))
				lose(pages)

				start := time.Now()
				got := tokensAtOnce(t, pages...)
				assert.EqualValues(t, 2, api.exchanges.Load(), "one exchange for the three pages")
				assert.Equal(t, []string{"tok-2", "tok-2", "tok-2"}, got)
				// The last page to get the lock may hear the token before
				// it holds the lock, or ask once more first.
				assert.LessOrEqual(t, time.Since(start), time.Duration(2*PeerWait+exchangeTime)+time.Second,
					"the others waited for the announcement, not LockWait")
			})
		})
	}
}

// A page that joins after a token was announced never hears that
// announcement: it does not wait for it, and its peers' answers decide.
func TestSharedPageJoiningLaterDoesNotWaitForOldAnnouncements(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		api, pages := pagesWithToken(t, 1)
		origin := pages[0].src.(*Shared).peers.(*fakePeers).origin
		origin.late.Store(int64(time.Second)) // its peer's answer comes too late
		late, _ := newPage(t, origin, api)

		start := time.Now()
		assert.Equal(t, []string{"tok-2"}, tokensAtOnce(t, late))
		assert.Equal(t, time.Duration(PeerWait+exchangeTime), time.Since(start), "it waited for the ask only")
		time.Sleep(time.Second) // its announcement reaches the first page
	})
}

// A mark whose token the page saw refused, or that expired, or that is
// older than the token being replaced, is not waited for; nor one whose
// token the page would not believe (no expiry, or past MaxSharedLife).
func TestSharedAwaitsOnlyMarksThatCouldReplaceTheStaleToken(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		_, pages := pagesWithToken(t, 1)
		s := pages[0].src.(*Shared)
		now := realClock.Now()
		stale := &Token{AccessToken: "stale", Expiry: now.Add(10 * Minute)}
		refused := &Token{AccessToken: "refused", Expiry: now.Add(30 * Minute)}
		s.HeardRefused(FingerprintOf(refused))
		fresh := Mark{FP: 1, Expiry: now.Add(20 * Minute)}
		unknown := Mark{FP: 2} // expiry unknown: its token would not be believed
		far := Mark{FP: 5, Expiry: now.Add(MaxSharedLife + Second)}
		marks := []Mark{MarkOf(stale), MarkOf(refused), {FP: 3, Expiry: now.Add(-Minute)}, {FP: 4, Expiry: now.Add(5 * Minute)}, fresh, unknown, far}
		assert.Equal(t, []Mark{fresh}, s.awaited(marks, stale))
		assert.Len(t, s.awaited([]Mark{MarkOf(stale)}, nil), 1, "a first token waits for any live one")
	})
}

func TestMarkCrossesAsHex(t *testing.T) {
	tok := &Token{AccessToken: "tok-1", Expiry: Instant(1_800_000_000*Second + 700*Millisecond)}
	m := MarkOf(tok)
	assert.Equal(t, Mark{FP: FingerprintOf(tok), Expiry: Instant(1_800_000_001 * Second)}, m, "rounded up")
	got, ok := ParseMark(m.String())
	assert.True(t, ok)
	assert.Equal(t, m, got)
	for _, bad := range []string{"", m.String()[:31], m.String() + "0", FingerprintOf(tok).String() + "ffffffffffffffff"} {
		_, ok := ParseMark(bad)
		assert.False(t, ok, bad)
	}
}

func TestFingerprintCrossesAsHex(t *testing.T) {
	for _, fp := range []Fingerprint{0, 1, 0xfedcba9876543210, FingerprintOf(&Token{AccessToken: "tok-1"})} {
		got, ok := ParseFingerprint(fp.String())
		assert.True(t, ok)
		assert.Equal(t, fp, got)
	}
	assert.Equal(t, "00000000000000ff", Fingerprint(255).String())
	for _, bad := range []string{"", "ff", "00000000000000FF", "00000000000000fg", "000000000000000000"} {
		_, ok := ParseFingerprint(bad)
		assert.False(t, ok, bad)
	}
}

func TestParsePeerToken(t *testing.T) {
	now := Instant(1_800_000_000 * Second)
	tok, err := ParsePeerToken(map[string]any{"accessToken": TokenBytes("abc"), "expiration": 1_800_001_200.0,
		"obtained": 1_799_999_990.0, "apis": map[string]any{"chatbot": "https://x/prod/chatbot"}}, now)
	require.NoError(t, err)
	assert.Equal(t, "abc", tok.AccessToken)
	assert.Equal(t, Instant(1_800_001_200*Second), tok.Expiry)
	assert.Equal(t, Instant(1_799_999_990*Second), tok.Obtained)

	tok, err = ParsePeerToken(map[string]any{"accessToken": "abc", "expiration": 1_800_001_200.0, "obtained": 1_900_000_000.0,
		"apis": map[string]any{"chatbot": "https://x"}}, now)
	require.NoError(t, err)
	assert.Equal(t, now, tok.Obtained, "an obtained time in the future is not believed")

	for _, bad := range []any{
		nil, "abc",
		map[string]any{"accessToken": "abc", "expiration": 1_800_001_200.0},
		map[string]any{"accessToken": "abc", "apis": map[string]any{"chatbot": "ftp://x"}},
		map[string]any{"accessToken": "a b", "apis": map[string]any{"chatbot": "https://x"}},
		map[string]any{"accessToken": "abc", "expiration": "soon", "apis": map[string]any{"chatbot": "https://x"}},
	} {
		_, err := ParsePeerToken(bad, now)
		assert.Error(t, err, "%v", bad)
	}
}

// forgedToken is a well-formed token a script of the origin could post,
// naming apis, newer than any the fake API issues.
func forgedToken(name string, apis map[string]string) *Token {
	now := realClock.Now()
	return &Token{AccessToken: name, Expiry: now.Add(30 * Minute), Obtained: now, APIs: apis}
}

// Any script of the origin can speak on the pages' channel. A token it
// announces with no expiration, or naming other origins than the page's,
// is not believed: the pages keep theirs, and exchange nothing.
func TestSharedPagesDoNotBelieveLyingTokens(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		api, pages := pagesWithToken(t, 3)
		forger := pages[0].src.(*Shared).peers.(*fakePeers).origin.join()

		noExpiry := forgedToken("no-expiration", map[string]string{"chatbot": "https://api.test/prod/chatbot"})
		noExpiry.Expiry = 0
		forger.Announce(noExpiry)
		forger.Announce(forgedToken("foreign", map[string]string{"chatbot": "https://evil.test/prod/chatbot"}))
		forger.Announce(forgedToken("more-products", map[string]string{
			"chatbot": "https://api.test/prod/chatbot", "search": "https://evil.test/prod/search"}))
		synctest.Wait()

		assert.Equal(t, []string{"tok-1", "tok-1", "tok-1"}, tokensAtOnce(t, pages...))
		for _, k := range pages {
			assert.Equal(t, map[string]string{"chatbot": "https://api.test/prod/chatbot"}, k.Current().APIs)
		}
		assert.EqualValues(t, 1, api.exchanges.Load())

		// Nor when a page asks: its peers' answers are judged the same way.
		time.Sleep(21 * time.Minute)
		forger.Listen(holding{forgedToken("foreign-answer", map[string]string{"chatbot": "https://evil.test/prod/chatbot"})})
		assert.Equal(t, []string{"tok-2", "tok-2", "tok-2"}, tokensAtOnce(t, pages...))
		assert.EqualValues(t, 2, api.exchanges.Load())
	})
}

// A refusal needs only the token's fingerprint, and any script of the
// origin can ask for the token: forged refusals, many more than the
// breaker allows in a minute, make no page drop its token, exchange, or
// count a refresh.
func TestSharedForgedRefusalsCauseNoExchangeNorTripTheBreaker(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		api, pages := pagesWithToken(t, 3)
		forger := pages[0].src.(*Shared).peers.(*fakePeers).origin.join()
		fp := FingerprintOf(&Token{AccessToken: "tok-1"})
		for range 3 * DefaultBreakerMax {
			forger.Refused(fp)
			synctest.Wait()
			assert.Equal(t, []string{"tok-1", "tok-1", "tok-1"}, tokensAtOnce(t, pages...))
		}
		assert.EqualValues(t, 1, api.exchanges.Load())
		for i, k := range pages {
			k.mu.Lock()
			assert.Empty(t, k.breaker.starts, "page %d counted no refresh", i)
			k.mu.Unlock()
		}
	})
}

// A page that knows no product origins yet (a Domain Key page before its
// first token) believes its peers' (that is the point of sharing), unless
// they disagree: then it believes none and exchanges for itself.
func TestSharedPageKnowingNoOriginsBelievesOnlyAgreeingPeers(t *testing.T) {
	genuine := map[string]string{"chatbot": "https://api.test/prod/chatbot"}
	for name, c := range map[string]struct {
		peers []map[string]string
		want  string
	}{
		"one peer":                         {[]map[string]string{genuine}, "peer-0"},
		"peers that agree":                 {[]map[string]string{genuine, genuine}, "peer-1"},
		"peers that disagree":              {[]map[string]string{genuine, {"chatbot": "https://evil.test/prod/chatbot"}}, "tok-1"},
		"a lone liar (trust on first use)": {[]map[string]string{{"chatbot": "https://evil.test/prod/chatbot"}}, "peer-0"},
	} {
		t.Run(name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				api := &fakeAPI{life: 20 * Minute}
				origin := newFakeOrigin()
				for i, apis := range c.peers {
					tok := forgedToken("peer-"+strconv.Itoa(i), apis)
					tok.Expiry = tok.Expiry.Add(Duration(i) * Second) // the last is the newest
					origin.join().Listen(holding{tok})
				}
				late, _ := newPage(t, origin, api)
				assert.Equal(t, []string{c.want}, tokensAtOnce(t, late))
			})
		})
	}
}

// A page that adopted a lying peer's origins (see above) learns the API's
// own at its next exchange: from then on it believes the pages that hold
// the API's tokens again.
func TestSharedPageLearnsTheOriginsOfItsOwnExchange(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		api := &fakeAPI{life: 20 * Minute}
		origin := newFakeOrigin()
		liar := origin.join()
		liar.Listen(holding{forgedToken("lie", map[string]string{"chatbot": "https://evil.test/prod/chatbot"})})
		a, _ := newPage(t, origin, api)
		assert.Equal(t, []string{"lie"}, tokensAtOnce(t, a))

		liar.Listen(nothingHeld{})
		time.Sleep(31 * time.Minute) // the lie expired
		assert.Equal(t, []string{"tok-1"}, tokensAtOnce(t, a))
		b, _ := newPage(t, origin, api)
		assert.Equal(t, []string{"tok-1"}, tokensAtOnce(t, b))

		time.Sleep(21 * time.Minute)
		now := realClock.Now()
		b.src.(*Shared).peers.Announce(&Token{AccessToken: "genuine", Expiry: now.Add(20 * Minute), Obtained: now,
			APIs: map[string]string{"chatbot": "https://api.test/prod/chatbot"}})
		synctest.Wait()
		got, _ := a.Ready()
		require.NotNil(t, got, "a adopted the token announced with the API's origins")
		assert.Equal(t, "genuine", got.AccessToken)
	})
}
