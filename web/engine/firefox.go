//go:build !(js && wasm)

package engine

import (
	"bufio"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/coder/websocket"
)

// firefoxPrefs keep Firefox off the network (there is none here but
// loopback) and quiet: no updates, telemetry, captive-portal or
// connectivity checks, safe browsing, remote settings, add-on updates.
// Firefox's remote agent sets more of these itself (remote.prefs.recommended).
const firefoxPrefs = `user_pref("app.update.auto", false);
user_pref("app.update.enabled", false);
user_pref("app.update.checkInstallTime", false);
user_pref("app.normandy.enabled", false);
user_pref("browser.shell.checkDefaultBrowser", false);
user_pref("browser.startup.homepage_override.mstone", "ignore");
user_pref("browser.startup.page", 0);
user_pref("browser.newtabpage.enabled", false);
user_pref("browser.aboutwelcome.enabled", false);
user_pref("browser.safebrowsing.malware.enabled", false);
user_pref("browser.safebrowsing.phishing.enabled", false);
user_pref("browser.safebrowsing.downloads.enabled", false);
user_pref("browser.safebrowsing.blockedURIs.enabled", false);
user_pref("browser.safebrowsing.provider.google4.updateURL", "");
user_pref("browser.safebrowsing.provider.mozilla.updateURL", "");
user_pref("browser.search.update", false);
user_pref("browser.ping-centre.telemetry", false);
user_pref("datareporting.healthreport.uploadEnabled", false);
user_pref("datareporting.policy.dataSubmissionEnabled", false);
user_pref("toolkit.telemetry.enabled", false);
user_pref("toolkit.telemetry.unified", false);
user_pref("toolkit.telemetry.archive.enabled", false);
user_pref("toolkit.telemetry.server", "");
user_pref("extensions.update.enabled", false);
user_pref("extensions.getAddons.cache.enabled", false);
user_pref("extensions.blocklist.enabled", false);
user_pref("services.settings.server", "http://127.0.0.1:9/");
user_pref("network.captive-portal-service.enabled", false);
user_pref("network.connectivity-service.enabled", false);
user_pref("network.dns.disablePrefetch", true);
user_pref("network.prefetch-next", false);
user_pref("network.http.speculative-parallel-limit", 0);
user_pref("dom.security.https_only_mode", false);
user_pref("security.OCSP.enabled", 0);
user_pref("geo.provider.network.url", "");
user_pref("media.gmp-manager.url", "");
`

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

type bidiReply struct {
	Type    string          `json:"type"` // success, error or event
	ID      int             `json:"id"`
	Result  json.RawMessage `json:"result"`
	Error   string          `json:"error"`
	Message string          `json:"message"`
	Method  string          `json:"method"`
	Params  json.RawMessage `json:"params"`
}

var bidiListening = regexp.MustCompile(`WebDriver BiDi listening on (ws://\S+)`)

func launchFirefox(ctx context.Context, opts Options) (_ Browser, err error) {
	exe, err := lookPath(opts.Binary, "FIREFOX", "firefox-esr", "firefox")
	if err != nil {
		return nil, err
	}
	profile, err := os.MkdirTemp("", "engine-firefox-")
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(profile, "user.js"), []byte(firefoxPrefs), 0o644); err != nil {
		os.RemoveAll(profile)
		return nil, err
	}
	f := &firefox{profile: profile, exited: make(chan struct{}), pending: map[int]chan bidiReply{}, pages: map[string]*firefoxPage{}}
	defer func() {
		if err != nil {
			f.Close()
		}
	}()
	// Port 0: Firefox picks a free port and says which on stderr. Its first
	// window opens about:blank, so that it has nothing to load.
	f.cmd = exec.Command(exe, "--headless", "--no-remote", "--remote-debugging-port=0", "--profile", profile, "about:blank")
	f.cmd.Env = append(os.Environ(), "MOZ_CRASHREPORTER_DISABLE=1")
	stderr, err := f.cmd.StderrPipe()
	if err != nil {
		return nil, err
	}
	if err := f.cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting Firefox (%s): %w", exe, err)
	}
	go func() { f.cmd.Wait(); close(f.exited) }()

	url, tail := make(chan string, 1), &lastLines{}
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			tail.add(sc.Text())
			if m := bidiListening.FindStringSubmatch(sc.Text()); m != nil {
				url <- m[1]
			}
		}
		io.Copy(io.Discard, stderr) // past a too-long line: keep Firefox from blocking
	}()
	var ws string
	select {
	case ws = <-url:
	case <-f.exited:
		return nil, fmt.Errorf("firefox exited before listening:\n%s", tail)
	case <-ctx.Done():
		return nil, fmt.Errorf("firefox did not start listening: %w\n%s", ctx.Err(), tail)
	}

	f.conn, _, err = websocket.Dial(ctx, ws+"/session", nil)
	if err != nil {
		return nil, fmt.Errorf("connecting to Firefox at %s: %w", ws, err)
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
		return nil, err
	}
	f.version = "Firefox " + session.Capabilities.BrowserVersion
	if err := f.call(ctx, "session.subscribe", map[string]any{"events": []string{"log.entryAdded"}}, nil); err != nil {
		return nil, err
	}
	return f, nil
}

func (f *firefox) Name() string    { return "firefox" }
func (f *firefox) Version() string { return f.version }

// call sends one BiDi command and decodes its result into res (if not nil).
func (f *firefox) call(ctx context.Context, method string, params, res any) error {
	f.mu.Lock()
	if f.lost != nil {
		f.mu.Unlock()
		return f.lost
	}
	f.nextID++
	id, reply := f.nextID, make(chan bidiReply, 1)
	f.pending[id] = reply
	f.mu.Unlock()
	defer func() {
		f.mu.Lock()
		delete(f.pending, id)
		f.mu.Unlock()
	}()

	msg, err := json.Marshal(map[string]any{"id": id, "method": method, "params": params})
	if err != nil {
		return err
	}
	if err := f.conn.Write(ctx, websocket.MessageText, msg); err != nil {
		return fmt.Errorf("%s: %w", method, err)
	}
	select {
	case r, ok := <-reply:
		if !ok {
			return fmt.Errorf("%s: %w", method, f.lost)
		}
		if r.Type == "error" {
			return fmt.Errorf("%s: %s: %s", method, r.Error, r.Message)
		}
		if res == nil {
			return nil
		}
		return json.Unmarshal(r.Result, res)
	case <-ctx.Done():
		return fmt.Errorf("%s: %w", method, ctx.Err())
	}
}

// read hands replies to their callers and console entries to their pages,
// until the connection ends.
func (f *firefox) read() {
	for {
		_, data, err := f.conn.Read(context.Background())
		if err != nil {
			f.mu.Lock()
			f.lost = fmt.Errorf("firefox connection lost: %w", err)
			for id, c := range f.pending {
				close(c)
				delete(f.pending, id)
			}
			f.mu.Unlock()
			return
		}
		var r bidiReply
		if json.Unmarshal(data, &r) != nil {
			continue
		}
		if r.Type == "event" {
			if r.Method == "log.entryAdded" {
				f.logEntry(r.Params)
			}
			continue
		}
		f.mu.Lock()
		c := f.pending[r.ID]
		delete(f.pending, r.ID)
		f.mu.Unlock()
		if c != nil {
			c <- r
		}
	}
}

func (f *firefox) logEntry(params json.RawMessage) {
	var e struct {
		Type   string `json:"type"`   // console or javascript (an uncaught error)
		Method string `json:"method"` // log, warn, ...
		Text   string `json:"text"`
		Source struct {
			Context string `json:"context"`
		} `json:"source"`
	}
	if json.Unmarshal(params, &e) != nil {
		return
	}
	f.mu.Lock()
	p := f.pages[e.Source.Context]
	f.mu.Unlock()
	if p == nil {
		return
	}
	if e.Type == "javascript" {
		e.Method = "exception"
	}
	p.emit(e.Method, e.Text)
}

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

type firefoxPage struct {
	console
	f           *firefox
	userContext string
	context     string
}

func (p *firefoxPage) Navigate(ctx context.Context, url string) error {
	return p.f.call(ctx, "browsingContext.navigate", map[string]any{"context": p.context, "url": url, "wait": "complete"}, nil)
}

func (p *firefoxPage) Eval(ctx context.Context, expr string) (json.RawMessage, error) {
	var r struct {
		Type   string `json:"type"` // success or exception
		Result struct {
			Type  string          `json:"type"`
			Value json.RawMessage `json:"value"`
		} `json:"result"`
		ExceptionDetails struct {
			Text string `json:"text"`
		} `json:"exceptionDetails"`
	}
	err := p.f.call(ctx, "script.evaluate", map[string]any{
		"expression":      wrap(expr),
		"target":          map[string]any{"context": p.context},
		"awaitPromise":    true,
		"resultOwnership": "none",
	}, &r)
	if err != nil {
		return nil, err
	}
	if r.Type == "exception" { // a syntax error in expr; wrap catches the rest
		return nil, fmt.Errorf("js: %s", r.ExceptionDetails.Text)
	}
	var s string
	if r.Result.Type != "string" || json.Unmarshal(r.Result.Value, &s) != nil {
		return nil, fmt.Errorf("engine: unexpected result %s %s", r.Result.Type, r.Result.Value)
	}
	return unwrap(s)
}

func (p *firefoxPage) Screenshot(ctx context.Context) ([]byte, error) {
	var r struct {
		Data string `json:"data"`
	}
	if err := p.f.call(ctx, "browsingContext.captureScreenshot", map[string]any{"context": p.context}, &r); err != nil {
		return nil, err
	}
	return base64.StdEncoding.DecodeString(r.Data)
}

func (p *firefoxPage) SetViewport(ctx context.Context, width, height int) error {
	return p.f.call(ctx, "browsingContext.setViewport", map[string]any{
		"context": p.context, "viewport": map[string]any{"width": width, "height": height},
	}, nil)
}

// Close removes the page's user context, which closes its tab and drops its
// storage.
func (p *firefoxPage) Close() error {
	p.f.mu.Lock()
	delete(p.f.pages, p.context)
	p.f.mu.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return p.f.call(ctx, "browser.removeUserContext", map[string]any{"userContext": p.userContext}, nil)
}

// lastLines keeps a process's last lines of output for error messages.
type lastLines struct {
	mu    sync.Mutex
	lines []string
}

func (l *lastLines) add(s string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.lines = append(l.lines, s); len(l.lines) > 20 {
		l.lines = l.lines[1:]
	}
}

func (l *lastLines) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.lines, "\n")
}

func (p *firefoxPage) SetOffline(ctx context.Context, offline bool) error {
	var conditions any // null: no emulation
	if offline {
		conditions = map[string]any{"type": "offline"}
	}
	return p.f.call(ctx, "emulation.setNetworkConditions", map[string]any{
		"networkConditions": conditions, "contexts": []string{p.context},
	}, nil)
}
