package sdk

import (
	"errors"
	"strconv"
	"sync"
	"time"
)

// Defaults of a Client.
const (
	// DefaultLeeway keeps a token from expiring between the check and the
	// API's own check.
	DefaultLeeway = 10 * time.Second
	// DefaultRefreshTimeout bounds one attempt to obtain a token.
	DefaultRefreshTimeout = 15 * time.Second
	// DefaultBreakerMax refreshes per DefaultBreakerPeriod at most: a server
	// that keeps refusing tokens must not turn every call into a refresh.
	DefaultBreakerMax    = 3
	DefaultBreakerPeriod = time.Minute
	// MaxTimerDelay is the longest timer a browser honours (2^31-1 ms);
	// setTimeout fires at once for anything longer.
	MaxTimerDelay = (1<<31 - 1) * time.Millisecond
)

// Client keeps one token and gets a new one when it is needed: when a call
// finds it expired or rejected, or, with a refresh window, shortly before it
// expires. Refreshes are single-flight: any number of concurrent callers
// cause one Source call and all get its token.
type Client struct {
	src      Source
	now      func() time.Time
	leeway   time.Duration
	timeout  time.Duration
	window   time.Duration // 0: refresh only when expired (Domain Key rule)
	timer    func(time.Duration, func()) (stop func())
	observer func(Event)

	breakerMax    int
	breakerPeriod time.Duration

	life   Context // cancelled by Close; parent of every refresh
	cancel func()

	mu        sync.Mutex
	tok       *Token
	rejected  *Token // the API refused it; never handed out again
	flight    *flight
	starts    []time.Time // recent refresh starts, for the breaker
	failing   bool        // inside a failure episode (already reported)
	expired   *Token      // the last token reported as expired
	stopTimer func()
	closed    bool
}

// flight is one refresh in progress; done closes when tok/err are set.
type flight struct {
	done chan struct{}
	tok  *Token
	err  error
}

// Option configures a Client.
type Option func(*Client)

// WithClock replaces time.Now; tests move time with it.
func WithClock(now func() time.Time) Option { return func(c *Client) { c.now = now } }

// WithLeeway sets how long before expiry a token counts as expired.
func WithLeeway(d time.Duration) Option { return func(c *Client) { c.leeway = max(d, 0) } }

// WithRefreshTimeout bounds each call to the Source.
func WithRefreshTimeout(d time.Duration) Option {
	return func(c *Client) {
		if d > 0 {
			c.timeout = d
		}
	}
}

// WithToken starts the client with a token it already has.
func WithToken(t *Token) Option { return func(c *Client) { c.tok = t } }

// WithRefreshWindow makes the client refresh a token d before it expires
// (never more than half its life), by timer and on any call, instead of
// waiting for it to expire.
func WithRefreshWindow(d time.Duration) Option { return func(c *Client) { c.window = max(d, 0) } }

// WithTimer replaces time.AfterFunc for the refresh-window timer.
// Correctness never depends on it firing on time: every call checks too.
func WithTimer(after func(time.Duration, func()) (stop func())) Option {
	return func(c *Client) { c.timer = after }
}

// WithBreaker allows at most n refreshes per period; more fail with
// REFRESH_FAILED without reaching the Source.
func WithBreaker(n int, per time.Duration) Option {
	return func(c *Client) { c.breakerMax, c.breakerPeriod = n, per }
}

// WithObserver receives the client's events, outside its locks.
func WithObserver(fn func(Event)) Option { return func(c *Client) { c.observer = fn } }

// NewClient returns a client that obtains tokens from src.
func NewClient(src Source, opts ...Option) *Client {
	c := &Client{
		src: src, now: time.Now, leeway: DefaultLeeway, timeout: DefaultRefreshTimeout,
		timer:      func(d time.Duration, f func()) func() { t := time.AfterFunc(d, f); return func() { t.Stop() } },
		breakerMax: DefaultBreakerMax, breakerPeriod: DefaultBreakerPeriod,
	}
	for _, o := range opts {
		o(c)
	}
	c.life, c.cancel = WithCancel(Background)
	c.mu.Lock()
	c.scheduleLocked()
	c.mu.Unlock()
	return c
}

// Current returns the token held now, possibly expired, or nil. It never
// refreshes: it is for showing state.
func (c *Client) Current() *Token {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.tok
}

// Token returns a usable token, refreshing first when needed.
func (c *Client) Token(ctx Context) (*Token, error) { return c.get(ctx, nil) }

// Refresh gets a new token now, as after a refresh failure the user chose to
// retry. Concurrent callers share one refresh.
func (c *Client) Refresh(ctx Context) (*Token, error) {
	c.mu.Lock()
	f, err := c.startLocked()
	ev := c.failedLocked(err)
	c.mu.Unlock()
	c.emit(ev)
	if err != nil {
		return nil, err
	}
	return c.wait(ctx, f)
}

// get returns a usable token. rejected, when set, is a token the API just
// refused: it is never returned again.
//
// A call made while a refresh is in flight waits for it. If that refresh
// fails while the old token is still usable (a refresh ahead of expiry),
// the call goes on with the old token instead of failing.
func (c *Client) get(ctx Context, rejected *Token) (*Token, error) {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return nil, errClosed()
	}
	if rejected != nil && rejected == c.tok {
		c.rejected = rejected
	}
	now := c.now()
	cur := c.tok
	if c.readyLocked(now) {
		c.mu.Unlock()
		return cur, nil
	}
	ev := c.noticeExpiryLocked(now)
	f, err := c.startLocked()
	ev = append(ev, c.failedLocked(err)...)
	c.mu.Unlock()
	c.emit(ev)
	if err == nil {
		var tok *Token
		if tok, err = c.wait(ctx, f); err == nil {
			return tok, nil
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.tok == cur && !c.closed && c.usableLocked(c.now()) {
		return cur, nil
	}
	return nil, err
}

// Ready returns the token when a call can use it at once, or nil when it
// must go through Token (no token yet, one due or expired, a refresh in
// flight, the client closed). It never refreshes: it is the browser's fast
// path, which asks without waiting.
func (c *Client) Ready() *Token {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed || !c.readyLocked(c.now()) {
		return nil
	}
	return c.tok
}

func (c *Client) readyLocked(now time.Time) bool {
	return c.flight == nil && c.usableLocked(now) && !c.dueLocked(now)
}

// Call sends one request with tok and reports whether the API rejected the
// token (see TokenRejected).
type Call func(ctx Context, tok *Token) (rejected bool, err error)

// Do runs call with a usable token. If the API rejects the token, Do gets a
// new one and runs call once more; never more than once, so a server that
// keeps rejecting cannot cause a loop.
func (c *Client) Do(ctx Context, call Call) error {
	tok, err := c.Token(ctx)
	if err != nil {
		return err
	}
	rejected, err := call(ctx, tok)
	if err != nil || !rejected {
		return err
	}
	return c.Replay(ctx, tok, call)
}

// Replay runs call once with a token other than rejected, which the API
// has just refused (after Do's first call, or a call made with Ready's
// token). It never runs call twice.
func (c *Client) Replay(ctx Context, rejected *Token, call Call) error {
	tok, err := c.get(ctx, rejected)
	if err != nil {
		return err
	}
	_, err = call(ctx, tok)
	return err
}

// Close drops the token; every later call and every waiting one fails with
// CLOSED. It is safe to call more than once.
func (c *Client) Close() {
	c.mu.Lock()
	c.closed = true
	c.tok, c.rejected = nil, nil
	if c.stopTimer != nil {
		c.stopTimer()
		c.stopTimer = nil
	}
	c.mu.Unlock()
	c.cancel()
}

func (c *Client) usableLocked(now time.Time) bool {
	return c.tok != nil && c.tok != c.rejected && !c.tok.Expired(now, c.leeway)
}

func (c *Client) dueLocked(now time.Time) bool {
	return c.window > 0 && c.tok != nil && c.tok.Due(now, c.window)
}

func (c *Client) reasonLocked(now time.Time) Reason {
	switch {
	case c.tok == nil:
		return ReasonInitial
	case c.tok == c.rejected:
		return ReasonRejected
	case c.tok.Expired(now, c.leeway):
		return ReasonExpired
	}
	return ReasonExpiring
}

// startLocked joins the refresh in flight or starts one, unless the breaker
// is open.
func (c *Client) startLocked() (*flight, error) {
	if c.closed {
		return nil, errClosed()
	}
	if c.flight != nil {
		return c.flight, nil
	}
	now := c.now()
	why := c.reasonLocked(now)
	if r, ok := c.src.(Refuser); ok {
		if err := r.Refuse(c.tok, why); err != nil {
			return nil, err
		}
	}
	// The first token is no refresh: only refreshes count for the breaker.
	if why != ReasonInitial {
		if err := c.breakerLocked(now); err != nil {
			return nil, err
		}
	}
	f := &flight{done: make(chan struct{})}
	c.flight = f
	go c.run(f, c.tok, why)
	return f, nil
}

func (c *Client) breakerLocked(now time.Time) error {
	if c.breakerMax <= 0 {
		return nil
	}
	recent := c.starts[:0]
	for _, t := range c.starts {
		if now.Sub(t) < c.breakerPeriod && !t.After(now) {
			recent = append(recent, t)
		}
	}
	c.starts = recent
	if len(recent) >= c.breakerMax {
		return &Error{Code: CodeRefreshFailed, Retryable: true,
			Message: "too many refreshes: at most " + strconv.Itoa(c.breakerMax) + " per " + c.breakerPeriod.String()}
	}
	c.starts = append(c.starts, now)
	return nil
}

func (c *Client) run(f *flight, stale *Token, why Reason) {
	tok, err := c.fetch(stale, why)
	c.mu.Lock()
	var events []Event
	switch {
	case c.closed:
		tok, err = nil, errClosed()
	case err == nil:
		c.tok, c.rejected = tok, nil
		events = append(events, Event{Kind: EventToken, Token: tok})
		if c.failing {
			c.failing = false
			events = append(events, Event{Kind: EventRecovered})
		}
		c.scheduleLocked()
	default:
		tok = nil
		events = c.failedLocked(err)
	}
	c.flight = nil
	f.tok, f.err = tok, err
	c.mu.Unlock()
	// Observers hear first, so a page sees the notification no later than
	// the rejected calls.
	c.emit(events)
	close(f.done)
}

// failedLocked starts a failure episode when the token is lost for good:
// reported once, until a refresh succeeds. A nil err reports nothing, so
// callers pass whatever starting a refresh returned.
func (c *Client) failedLocked(err error) []Event {
	if err == nil {
		return nil
	}
	e := AsError(err)
	if c.closed || c.tok == nil || c.failing || c.usableLocked(c.now()) || !notifies(e) {
		return nil
	}
	c.failing = true
	return []Event{{Kind: EventRefreshError, Err: e}}
}

func (c *Client) emit(events []Event) {
	if c.observer == nil {
		return
	}
	for _, ev := range events {
		c.observer(ev)
	}
}

// scheduleLocked arms the timer for the refresh window of the current
// token. Timers are capped at MaxTimerDelay; a capped one re-arms itself.
func (c *Client) scheduleLocked() {
	if c.stopTimer != nil {
		c.stopTimer()
		c.stopTimer = nil
	}
	if c.window <= 0 || c.timer == nil || c.tok == nil || c.tok.Expiry.IsZero() || c.closed {
		return
	}
	d := min(max(c.tok.RefreshAt(c.window).Sub(c.now()), 0), MaxTimerDelay)
	c.stopTimer = c.timer(d, c.onTimer)
}

// Wake re-checks the token by the wall clock, as when a page becomes
// visible again after a laptop slept: timers did not run meanwhile. A
// token inside its refresh window is refreshed now; one that cannot be
// saved is reported now, not at the next call.
func (c *Client) Wake() { c.onTimer() }

func (c *Client) onTimer() {
	c.mu.Lock()
	if c.closed || c.tok == nil || c.flight != nil {
		c.mu.Unlock()
		return
	}
	if !c.dueLocked(c.now()) {
		c.scheduleLocked() // a capped timer, or the clock moved back
		c.mu.Unlock()
		return
	}
	c.stopTimer = nil
	ev := c.noticeExpiryLocked(c.now())
	_, err := c.startLocked()
	ev = append(ev, c.failedLocked(err)...)
	c.mu.Unlock()
	c.emit(ev)
}

// noticeExpiryLocked reports the current token as expired, once.
func (c *Client) noticeExpiryLocked(now time.Time) []Event {
	if c.tok == nil || c.tok == c.expired || !c.tok.Expired(now, c.leeway) {
		return nil
	}
	c.expired = c.tok
	return []Event{{Kind: EventExpired, Token: c.tok}}
}

// fetch calls the Source with a timeout, and turns a panic in it into an
// error: it runs on its own goroutine, where a panic would end the program.
func (c *Client) fetch(stale *Token, why Reason) (tok *Token, err error) {
	ctx, cancel := WithTimeout(c.life, c.timeout)
	defer cancel()
	defer func() {
		if r := recover(); r != nil {
			tok, err = nil, &Error{Code: CodeInternal, Message: "token source panicked", Cause: panicError(r)}
		}
	}()
	tok, err = c.src.Token(ctx, stale, why)
	switch {
	case err != nil:
		return nil, AsError(err)
	case tok == nil:
		return nil, badResponse("token source returned no token")
	}
	return tok, nil
}

func (c *Client) wait(ctx Context, f *flight) (*Token, error) {
	select {
	case <-f.done:
		return f.tok, f.err
	case <-ctx.Done():
		return nil, contextError(ctx.Err(), nil)
	}
}

func errClosed() *Error { return newError(CodeClosed, "the client is closed") }

func contextError(ctxErr, cause error) *Error {
	if IsTimeout(ctxErr) {
		return &Error{Code: CodeTimeout, Message: "timed out", Retryable: true, Cause: cause}
	}
	return &Error{Code: CodeClosed, Message: "cancelled", Cause: cause}
}

// panicError keeps a recovered value as an error without fmt.
func panicError(r any) error {
	switch v := r.(type) {
	case error:
		return v
	case string:
		return errors.New(v)
	}
	return errors.New("panic")
}
