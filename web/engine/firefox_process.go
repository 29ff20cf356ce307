//go:build !(js && wasm)

package engine

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
)

// newFirefoxProfile is a profile folder of its own with firefoxPrefs.
func newFirefoxProfile() (string, error) {
	profile, err := os.MkdirTemp("", "engine-firefox-")
	if err != nil {
		return "", err
	}
	if err := os.WriteFile(filepath.Join(profile, "user.js"), []byte(firefoxPrefs), 0o644); err != nil {
		os.RemoveAll(profile)
		return "", err
	}
	return profile, nil
}

var bidiListening = regexp.MustCompile(`WebDriver BiDi listening on (ws://\S+)`)

// start runs Firefox (exe) on f's profile and returns the WebDriver BiDi
// address it listens on.
func (f *firefox) start(ctx context.Context, exe string) (string, error) {
	// Port 0: Firefox picks a free port and says which on stderr. Its first
	// window opens about:blank, so that it has nothing to load.
	f.cmd = exec.Command(exe, "--headless", "--no-remote", "--remote-debugging-port=0", "--profile", f.profile, "about:blank")
	f.cmd.Env = append(os.Environ(), "MOZ_CRASHREPORTER_DISABLE=1")
	stderr, err := f.cmd.StderrPipe()
	if err != nil {
		return "", err
	}
	if err := f.cmd.Start(); err != nil {
		return "", fmt.Errorf("starting Firefox (%s): %w", exe, err)
	}
	go func() { f.cmd.Wait(); close(f.exited) }()

	url, tail := make(chan string, 1), &lastLines{}
	go watchStderr(stderr, url, tail)
	select {
	case ws := <-url:
		return ws, nil
	case <-f.exited:
		return "", fmt.Errorf("firefox exited before listening:\n%s", tail)
	case <-ctx.Done():
		return "", fmt.Errorf("firefox did not start listening: %w\n%s", ctx.Err(), tail)
	}
}

// watchStderr keeps Firefox's last lines of stderr in tail and sends the
// address it listens on to url.
func watchStderr(stderr io.Reader, url chan<- string, tail *lastLines) {
	sc := bufio.NewScanner(stderr)
	for sc.Scan() {
		tail.add(sc.Text())
		if m := bidiListening.FindStringSubmatch(sc.Text()); m != nil {
			url <- m[1]
		}
	}
	io.Copy(io.Discard, stderr) // past a too-long line: keep Firefox from blocking
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
