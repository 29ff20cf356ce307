package sdk

import "sync"

// Defaults of a Keeper.
const (
	// DefaultLeeway keeps a token from expiring between the check and the
	// API's own check.
	DefaultLeeway = 10 * Second
	// DefaultRefreshTimeout bounds one refresh of a Keeper, and one run of
	// a page's refresh hook. Refreshes at the Auth API are bounded by their
	// RetryPolicy's Bound instead (see NewDomainKeyKeeper).
	DefaultRefreshTimeout = 15 * Second
	// DefaultRefreshWindow is how long before expiry a token from a Secret
	// is renewed: Inbenta asks for 1 to 3 minutes.
	DefaultRefreshWindow = 2 * Minute
)

// Keeper keeps one token and gets a new one when it is needed: when a call
// finds it expired or rejected, or, with a refresh window, shortly before it
// expires. Refreshes are single-flight: any number of concurrent callers
// cause one Source call and all get its token. The package doc has its
// state table.
//
// Every token a Keeper adopts gets a generation, counting from 1: callers
// that hold no Go pointers (the browser's loader) name a token by it.
type Keeper struct {
	src      Source
	clock    Clock
	leeway   Duration
	timeout  Duration
	window   Duration // 0: refresh only when expired (Domain Key rule)
	observer func(Event)
	breaker  breaker
	persist  *persister // its client's Store and key; nil: memory only

	life   Context // cancelled by Close; parent of every refresh
	cancel func()

	mu       sync.Mutex
	tok      *Token
	gen      uint64 // tok's generation; 0 while there is none
	rejected uint64 // the generation the API refused: never handed out again
	flight   *flight
	failing  bool   // inside a failure episode (already reported)
	expired  uint64 // the last generation reported as expired
	stop     func() bool
	closed   bool
}

// Option configures a Keeper.
type Option func(*Keeper)

// WithLeeway sets how long before expiry a token counts as expired.
func WithLeeway(d Duration) Option { return func(k *Keeper) { k.leeway = max(d, 0) } }

// WithRefreshTimeout bounds each call to the Source.
func WithRefreshTimeout(d Duration) Option {
	return func(k *Keeper) {
		if d > 0 {
			k.timeout = d
		}
	}
}

// WithToken starts the keeper with a token it already has.
func WithToken(t *Token) Option { return func(k *Keeper) { k.tok = t } }

// WithRefreshWindow makes the keeper refresh a token d before it expires
// (never more than half its life), by timer and on any call, instead of
// waiting for it to expire.
func WithRefreshWindow(d Duration) Option { return func(k *Keeper) { k.window = max(d, 0) } }

// WithObserver receives the keeper's events, outside its locks: an
// observer may call the Keeper.
func WithObserver(fn func(Event)) Option { return func(k *Keeper) { k.observer = fn } }

// NewKeeper returns a keeper that obtains tokens from src and reads the
// time and sets its timers on clock.
func NewKeeper(src Source, clock Clock, opts ...Option) *Keeper {
	k := &Keeper{src: src, clock: clock, leeway: DefaultLeeway, timeout: DefaultRefreshTimeout,
		breaker: breaker{max: DefaultBreakerMax, period: DefaultBreakerPeriod}}
	for _, o := range opts {
		o(k)
	}
	k.life, k.cancel = WithCancel(Background)
	now := clock.Now()
	k.mu.Lock()
	if k.tok != nil {
		k.gen = 1
	}
	k.scheduleLocked(now)
	k.mu.Unlock()
	return k
}

// Current returns the token held now, possibly expired, or nil. It never
// refreshes: it is for showing state.
func (k *Keeper) Current() *Token {
	k.mu.Lock()
	tok := k.tok
	k.mu.Unlock()
	return tok
}

// Ready returns the token and its generation when a call can use it at
// once, or nil, 0 when it must go through Token (see StateFresh). It never
// refreshes: it is the browser's fast path, which asks without waiting.
func (k *Keeper) Ready() (*Token, uint64) {
	now := k.clock.Now()
	k.mu.Lock()
	tok, gen := k.tok, k.gen
	if k.stateLocked(now) != StateFresh {
		tok, gen = nil, 0
	}
	k.mu.Unlock()
	return tok, gen
}

// Token returns a usable token and its generation, refreshing first when
// needed.
func (k *Keeper) Token(ctx Context) (*Token, uint64, error) { return k.get(ctx, 0) }

// Rejected reports that the API just refused the token of generation gen
// (a 401, or the gateway's 403), and returns a usable token of another
// generation. If gen is still current it is never handed out again and a
// refresh begins; if it was already replaced, its successor is returned
// without a new refresh.
func (k *Keeper) Rejected(ctx Context, gen uint64) (*Token, uint64, error) {
	if gen == 0 {
		return nil, 0, newError(CodeInvalidArgument, "no token generation 0")
	}
	return k.get(ctx, gen)
}

// Refresh gets a new token now, as after a refresh failure the user chose to
// retry. Concurrent callers share one refresh.
func (k *Keeper) Refresh(ctx Context) (*Token, error) {
	now := k.clock.Now()
	k.mu.Lock()
	f, ev, err := k.beginLocked(now)
	k.mu.Unlock()
	k.emit(ev)
	if err != nil {
		return nil, err
	}
	tok, _, err := k.wait(ctx, f)
	return tok, err
}

// get returns a usable token; rejected, when not 0, is a generation the API
// just refused.
//
// A call made while a refresh is in flight waits for it. If that refresh
// fails while the old token is still usable (a refresh ahead of expiry),
// the call goes on with the old token instead of failing.
func (k *Keeper) get(ctx Context, rejected uint64) (*Token, uint64, error) {
	now := k.clock.Now()
	k.mu.Lock()
	refused := k.rejectLocked(rejected)
	switch k.stateLocked(now) {
	case StateClosed:
		k.mu.Unlock()
		return nil, 0, ClosedError()
	case StateFresh:
		tok, gen := k.tok, k.gen
		k.mu.Unlock()
		return tok, gen, nil
	}
	cur, gen := k.tok, k.gen
	f, ev, err := k.beginLocked(now)
	k.mu.Unlock()
	k.emit(append(refused, ev...))
	if err == nil {
		var tok *Token
		var got uint64
		if tok, got, err = k.wait(ctx, f); err == nil {
			return tok, got, nil
		}
	}
	now = k.clock.Now()
	k.mu.Lock()
	usable := k.gen == gen && !k.closed && k.tokenStateLocked(now).usable()
	k.mu.Unlock()
	if usable {
		return cur, gen, nil
	}
	return nil, 0, err
}

// rejectLocked marks generation gen refused when it is the current one
// and reports it, once.
func (k *Keeper) rejectLocked(gen uint64) []Event {
	if gen == 0 || gen != k.gen || k.rejected == gen || k.tok == nil {
		return nil
	}
	k.rejected = gen
	return []Event{{Kind: EventRejected, Token: k.tok}}
}

// Wake re-checks the token by the wall clock, as when a page becomes
// visible again after a laptop slept: timers did not run meanwhile. A
// token inside its refresh window is refreshed now; one that cannot be
// saved is reported now, not at the next call.
func (k *Keeper) Wake() { k.onTimer() }

// Close drops the token; every later call and every waiting one fails with
// CLOSED. It is safe to call more than once.
func (k *Keeper) Close() {
	k.mu.Lock()
	k.closed = true
	k.tok.Wipe()
	k.tok = nil
	if k.stop != nil {
		k.stop()
		k.stop = nil
	}
	k.mu.Unlock()
	k.cancel()
}

// emit tells the observer, once k.mu is unlocked: it may run page code
// that calls the client. The Keeper reads its Clock unlocked too, for the
// same reason (a page may have wrapped Date.now before the SDK loaded).
func (k *Keeper) emit(events []Event) {
	if k.observer == nil {
		return
	}
	for _, ev := range events {
		k.observer(ev)
	}
}

// ClosedError is what every call of a closed client fails with.
func ClosedError() *Error { return newError(CodeClosed, "the client is closed") }
