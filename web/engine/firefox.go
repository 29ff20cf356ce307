//go:build !(js && wasm)

package engine

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"sync"
	"time"

	"github.com/coder/websocket"
)

// firefox is headless Firefox driven over WebDriver BiDi: one websocket for
// the browser, one user context (its own cookies, storage and cache) per page.
type firefox struct {
	cmd     *exec.Cmd
	exited  chan struct{} // closed when the process has ended
	profile string
	conn    *websocket.Conn
	version string

	mu      sync.Mutex
	nextID  int
	pending map[int]chan bidiReply
	pages   map[string]*firefoxPage // by browsing context id
	lost    error                   // why the connection ended
}

func launchFirefox(ctx context.Context, opts Options) (_ Browser, err error) {
	exe, err := lookPath(opts.Binary, "FIREFOX", "firefox-esr", "firefox")
	if err != nil {
		return nil, err
	}
	profile, err := newFirefoxProfile()
	if err != nil {
		return nil, err
	}
	f := &firefox{profile: profile, exited: make(chan struct{}), pending: map[int]chan bidiReply{}, pages: map[string]*firefoxPage{}}
	defer func() {
		if err != nil {
			f.Close()
		}
	}()
	ws, err := f.start(ctx, exe)
	if err != nil {
		return nil, err
	}
	if err := f.connect(ctx, ws); err != nil {
		return nil, err
	}
	return f, nil
}

// connect opens the BiDi session at ws and subscribes to the console.
func (f *firefox) connect(ctx context.Context, ws string) (err error) {
	f.conn, _, err = websocket.Dial(ctx, ws+"/session", nil)
	if err != nil {
		return fmt.Errorf("connecting to Firefox at %s: %w", ws, err)
	}
	f.conn.SetReadLimit(256 << 20) // screenshots come base64 in one message
	go f.read()

	var session struct {
		Capabilities struct {
			BrowserName    string `json:"browserName"`
			BrowserVersion string `json:"browserVersion"`
		} `json:"capabilities"`
	}
	// Most of the launch time is here: Firefox answers session.new once its
	// first window has finished starting up.
	if err := f.call(ctx, "session.new", map[string]any{"capabilities": map[string]any{}}, &session); err != nil {
		return err
	}
	f.version = "Firefox " + session.Capabilities.BrowserVersion
	return f.call(ctx, "session.subscribe", map[string]any{"events": []string{"log.entryAdded"}}, nil)
}

func (f *firefox) Name() string    { return "firefox" }
func (f *firefox) Version() string { return f.version }

func (f *firefox) NewPage(ctx context.Context) (Page, error) {
	var uc struct {
		UserContext string `json:"userContext"`
	}
	if err := f.call(ctx, "browser.createUserContext", map[string]any{}, &uc); err != nil {
		return nil, err
	}
	var bc struct {
		Context string `json:"context"`
	}
	// A window of its own, not a tab: a new tab would hide the page in
	// front, which then runs as a background tab does (visibilityState
	// hidden, no animation frames, throttled timers).
	if err := f.call(ctx, "browsingContext.create", map[string]any{"type": "window", "userContext": uc.UserContext}, &bc); err != nil {
		f.call(ctx, "browser.removeUserContext", map[string]any{"userContext": uc.UserContext}, nil)
		return nil, err
	}
	p := &firefoxPage{f: f, userContext: uc.UserContext, context: bc.Context}
	f.mu.Lock()
	f.pages[bc.Context] = p
	f.mu.Unlock()
	return p, nil
}

// Close asks Firefox to quit, kills it if it does not within 5 s, and
// removes the profile.
func (f *firefox) Close() error {
	if f.conn != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		f.call(ctx, "browser.close", map[string]any{}, nil)
		cancel()
		f.conn.CloseNow()
	}
	if f.cmd != nil && f.cmd.Process != nil {
		select {
		case <-f.exited:
		case <-time.After(5 * time.Second):
			f.cmd.Process.Kill()
			<-f.exited
		}
	}
	return os.RemoveAll(f.profile)
}
