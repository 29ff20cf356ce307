//go:build !(js && wasm)

package engine

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// webkit is WebKitGTK's MiniBrowser driven over classic W3C WebDriver by
// WebKitWebDriver. A driver takes one session at a time and a session's
// windows share storage, so each page is its own driver, session and
// MiniBrowser process. WebKitGTK needs a display: $DISPLAY, else an Xvfb
// that Launch starts.
type webkit struct {
	driver, miniBrowser string
	display             string
	xvfb                *exec.Cmd // nil when $DISPLAY was used
	version             string
}

func launchWebKit(ctx context.Context, opts Options) (_ Browser, err error) {
	w := &webkit{}
	if w.driver, err = lookPath("", "WEBKIT_WEBDRIVER", "WebKitWebDriver"); err != nil {
		return nil, err
	}
	// Debian ships MiniBrowser off PATH, in the library's own directory.
	found, _ := filepath.Glob("/usr/lib/*/webkit2gtk-4.*/MiniBrowser")
	if w.miniBrowser, err = lookPath(opts.Binary, "MINIBROWSER", append([]string{"MiniBrowser"}, found...)...); err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			w.Close()
		}
	}()
	if w.display = os.Getenv("DISPLAY"); w.display == "" {
		if err := w.startXvfb(ctx); err != nil {
			return nil, err
		}
	}
	cmd := exec.CommandContext(ctx, w.miniBrowser, "--version")
	cmd.Env = append(os.Environ(), "DISPLAY="+w.display)
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("%s --version: %w", w.miniBrowser, err)
	}
	w.version = strings.TrimSpace(string(out)) // "WebKitGTK 2.50.6"
	return w, nil
}

// startXvfb starts a virtual display on a free number, which Xvfb writes
// to the pipe given by -displayfd once it accepts clients.
func (w *webkit) startXvfb(ctx context.Context) error {
	exe, err := lookPath("", "XVFB", "Xvfb")
	if err != nil {
		return err
	}
	r, wr, err := os.Pipe()
	if err != nil {
		return err
	}
	defer r.Close()
	w.xvfb = exec.Command(exe, "-displayfd", "3", "-screen", "0", "1280x1024x24", "-nolisten", "tcp")
	w.xvfb.ExtraFiles = []*os.File{wr}
	err = w.xvfb.Start()
	wr.Close()
	if err != nil {
		w.xvfb = nil
		return fmt.Errorf("starting Xvfb: %w", err)
	}
	num := make(chan string, 1)
	go func() {
		b, _ := io.ReadAll(io.LimitReader(r, 16)) // "99\n", then EOF once Xvfb closes it
		num <- strings.TrimSpace(string(b))
	}()
	select {
	case n := <-num:
		if n == "" {
			return fmt.Errorf("xvfb gave no display number")
		}
		w.display = ":" + n
		return nil
	case <-ctx.Done():
		return fmt.Errorf("waiting for Xvfb: %w", ctx.Err())
	}
}

func (w *webkit) Name() string    { return "webkit" }
func (w *webkit) Version() string { return w.version }

func (w *webkit) Close() error {
	if w.xvfb != nil {
		w.xvfb.Process.Kill()
		w.xvfb.Wait()
	}
	return nil
}

func (w *webkit) NewPage(ctx context.Context) (_ Page, err error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	p := &webkitPage{base: "http://127.0.0.1:" + strconv.Itoa(port)}
	p.cmd = exec.Command(w.driver, "--port="+strconv.Itoa(port))
	p.cmd.Env = append(os.Environ(), "DISPLAY="+w.display)
	if err := p.cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting %s: %w", w.driver, err)
	}
	defer func() {
		if err != nil {
			p.Close()
		}
	}()
	for p.do(ctx, "GET", "/status", nil, nil) != nil {
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("WebKitWebDriver did not answer: %w", ctx.Err())
		case <-time.After(20 * time.Millisecond):
		}
	}
	// The driver waits for MiniBrowser without a limit of its own (forever
	// if it cannot open the display): only ctx bounds this.
	caps := map[string]any{"capabilities": map[string]any{"alwaysMatch": map[string]any{
		"browserName": "MiniBrowser",
		"webkitgtk:browserOptions": map[string]any{
			"binary": w.miniBrowser,
			"args":   []string{"--automation"},
		},
	}}}
	var s struct {
		SessionID string `json:"sessionId"`
	}
	if err := p.do(ctx, "POST", "/session", caps, &s); err != nil {
		return nil, err
	}
	p.base += "/session/" + s.SessionID
	// A script that has not called back by then fails instead of hanging
	// the session, whose commands run one at a time.
	timeouts := map[string]any{"script": 60_000, "pageLoad": 60_000}
	if err := p.do(ctx, "POST", "/timeouts", timeouts, nil); err != nil {
		return nil, err
	}
	return p, nil
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

type webkitPage struct {
	console
	cmd  *exec.Cmd
	base string // the driver's URL, then the session's
}

// do sends one WebDriver command and decodes its "value" into res (if not
// nil).
func (p *webkitPage) do(ctx context.Context, method, path string, body, res any) error {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, p.base+path, rd)
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	var r struct {
		Value json.RawMessage `json:"value"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
		return fmt.Errorf("%s %s: HTTP %d: %w", method, path, resp.StatusCode, err)
	}
	if resp.StatusCode != http.StatusOK {
		var e struct{ Error, Message string }
		json.Unmarshal(r.Value, &e)
		return fmt.Errorf("%s %s: %s: %s", method, path, e.Error, e.Message)
	}
	if res == nil {
		return nil
	}
	return json.Unmarshal(r.Value, res)
}

func (p *webkitPage) Navigate(ctx context.Context, url string) error {
	if err := p.do(ctx, "POST", "/url", map[string]any{"url": url}, nil); err != nil {
		return err
	}
	_, err := p.Eval(ctx, "true") // installs the console hook at once
	return err
}

// consoleHook records the page's console calls and uncaught errors in
// window.__engineConsole, since classic WebDriver has no console; each Eval
// installs it if the page has not and takes what it recorded. What a page
// logs before its first Eval after load is not seen.
const consoleHook = `if (!window.__engineConsole) {
  const q = window.__engineConsole = [];
  const text = a => typeof a === "string" ? a : (() => { try { return JSON.stringify(a); } catch { return String(a); } })();
  for (const t of ["log", "info", "warn", "error", "debug"]) {
    const orig = console[t];
    console[t] = function (...args) { q.push([t, args.map(text).join(" ")]); return orig.apply(this, args); };
  }
  addEventListener("error", e => q.push(["exception", String(e.message)]));
  addEventListener("unhandledrejection", e => q.push(["exception", "Uncaught (in promise) " + String(e.reason && e.reason.message || e.reason)]));
}
`

// Eval's result is one string, wrap's JSON and then a line per console
// message: WebKitWebDriver JSON-encodes it with the page's JSON.stringify,
// which calls Array.prototype.toJSON, and pages that load Prototype.js
// have one of their own.
func (p *webkitPage) Eval(ctx context.Context, expr string) (json.RawMessage, error) {
	script := "const done = arguments[arguments.length - 1];\n" + consoleHook + wrap(expr) + `.then(s => {
  for (const [t, m] of window.__engineConsole.splice(0)) s += "\n" + t + " " + m.replace(/%/g, "%25").replace(/\n/g, "%0A");
  done(s);
});`
	var r string
	if err := p.do(ctx, "POST", "/execute/async", map[string]any{"script": script, "args": []any{}}, &r); err != nil {
		return nil, err // a syntax error in expr ends here, as a "javascript error"
	}
	s, logged, _ := strings.Cut(r, "\n")
	if logged != "" {
		for line := range strings.SplitSeq(logged, "\n") {
			t, m, _ := strings.Cut(line, " ")
			p.emit(t, consoleUnescape.Replace(m))
		}
	}
	return unwrap(s)
}

var consoleUnescape = strings.NewReplacer("%0A", "\n", "%25", "%")

func (p *webkitPage) Screenshot(ctx context.Context) ([]byte, error) {
	var b64 string
	if err := p.do(ctx, "GET", "/screenshot", nil, &b64); err != nil {
		return nil, err
	}
	return base64.StdEncoding.DecodeString(b64)
}

// SetViewport sizes the window: classic WebDriver has no viewport of its
// own, so the window gets the viewport plus what its frame takes, as the
// page measures it.
func (p *webkitPage) SetViewport(ctx context.Context, width, height int) error {
	frame, err := Eval[[2]int](ctx, p, `[outerWidth - innerWidth, outerHeight - innerHeight]`)
	if err != nil {
		return err
	}
	rect := map[string]any{"width": width + frame[0], "height": height + frame[1]}
	return p.do(ctx, "POST", "/window/rect", rect, nil)
}

// Close ends the session, which closes MiniBrowser, then the driver.
func (p *webkitPage) Close() error {
	var err error
	if strings.Contains(p.base, "/session/") {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		err = p.do(ctx, "DELETE", "", nil, nil)
		cancel()
	}
	p.cmd.Process.Kill()
	p.cmd.Wait()
	return err
}
