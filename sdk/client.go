package sdk

import (
	"context"
	"errors"
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
)

// Client keeps one token and refreshes it only when it has expired and a
// call needs it. Refreshes are single-flight: any number of concurrent
// callers cause one Source call and all get its token.
type Client struct {
	src     Source
	now     func() time.Time
	leeway  time.Duration
	timeout time.Duration

	life   context.Context // cancelled by Close; parent of every refresh
	cancel context.CancelFunc

	mu     sync.Mutex
	tok    *Token
	flight *flight
	closed bool
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

// NewClient returns a client that obtains tokens from src.
func NewClient(src Source, opts ...Option) *Client {
	c := &Client{src: src, now: time.Now, leeway: DefaultLeeway, timeout: DefaultRefreshTimeout}
	for _, o := range opts {
		o(c)
	}
	c.life, c.cancel = context.WithCancel(context.Background())
	return c
}

// Now is the client's clock.
func (c *Client) Now() time.Time { return c.now() }

// Current returns the token held now, possibly expired, or nil. It never
// refreshes: it is for showing state.
func (c *Client) Current() *Token {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.tok
}

// Token returns a token that has not expired, refreshing first if needed.
func (c *Client) Token(ctx context.Context) (*Token, error) {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return nil, errClosed()
	}
	if c.tok != nil && !c.tok.Expired(c.now(), c.leeway) {
		t := c.tok
		c.mu.Unlock()
		return t, nil
	}
	f := c.startLocked(c.tok)
	c.mu.Unlock()
	return c.wait(ctx, f)
}

// renew replaces stale after the API rejected it. When another caller has
// already replaced it, that newer token is returned without a new refresh.
func (c *Client) renew(ctx context.Context, stale *Token) (*Token, error) {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return nil, errClosed()
	}
	if c.tok != nil && c.tok != stale && !c.tok.Expired(c.now(), c.leeway) {
		t := c.tok
		c.mu.Unlock()
		return t, nil
	}
	f := c.startLocked(stale)
	c.mu.Unlock()
	return c.wait(ctx, f)
}

// Call sends one request with tok and reports whether the API rejected the
// token (see TokenRejected).
type Call func(ctx context.Context, tok *Token) (rejected bool, err error)

// Do runs call with a valid token. If the API rejects the token, Do gets a
// new one and runs call once more; never more than once, so a server that
// keeps rejecting cannot cause a loop.
func (c *Client) Do(ctx context.Context, call Call) error {
	tok, err := c.Token(ctx)
	if err != nil {
		return err
	}
	rejected, err := call(ctx, tok)
	if err != nil || !rejected {
		return err
	}
	if tok, err = c.renew(ctx, tok); err != nil {
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
	c.tok = nil
	c.mu.Unlock()
	c.cancel()
}

func (c *Client) startLocked(stale *Token) *flight {
	if c.flight == nil {
		c.flight = &flight{done: make(chan struct{})}
		go c.run(c.flight, stale)
	}
	return c.flight
}

func (c *Client) run(f *flight, stale *Token) {
	tok, err := c.fetch(stale)
	c.mu.Lock()
	switch {
	case c.closed:
		tok, err = nil, errClosed()
	case err == nil:
		c.tok = tok
	}
	c.flight = nil
	f.tok, f.err = tok, err
	c.mu.Unlock()
	close(f.done)
}

// fetch calls the Source with a timeout, and turns a panic in it into an
// error: it runs on its own goroutine, where a panic would end the program.
func (c *Client) fetch(stale *Token) (tok *Token, err error) {
	ctx, cancel := context.WithTimeout(c.life, c.timeout)
	defer cancel()
	defer func() {
		if r := recover(); r != nil {
			tok, err = nil, &Error{Code: CodeInternal, Message: "token source panicked", Cause: panicError(r)}
		}
	}()
	tok, err = c.src.Token(ctx, stale)
	switch {
	case err != nil && ctx.Err() != nil:
		return nil, contextError(ctx.Err(), err)
	case err != nil:
		return nil, err
	case tok == nil:
		return nil, badResponse("token source returned no token")
	}
	return tok, nil
}

func (c *Client) wait(ctx context.Context, f *flight) (*Token, error) {
	select {
	case <-f.done:
		return f.tok, f.err
	case <-ctx.Done():
		return nil, contextError(ctx.Err(), nil)
	}
}

func errClosed() *Error { return newError(CodeClosed, "the client is closed") }

func contextError(ctxErr, cause error) *Error {
	if errors.Is(ctxErr, context.DeadlineExceeded) {
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
