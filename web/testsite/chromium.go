//go:build !(js && wasm)

// Package headless starts the headless Chromium that the browser tests and
// the benchmark drive, with the flags this kind of machine needs.
package headless

import (
	"context"
	"fmt"
	"os"
	"os/exec"

	"github.com/chromedp/chromedp"
)

// Path finds Chromium: the given path, else $CHROMIUM, else the usual names
// on PATH.
func Path(given string) (string, error) {
	if given != "" {
		return given, nil
	}
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p, nil
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("no Chromium found: run `make chromium`, install it (apt-get install chromium) or set CHROMIUM")
}

// Start runs Chromium at exe with a fresh profile and returns its chromedp
// context; stop ends it and removes the profile.
func Start(exe string) (ctx context.Context, stop func(), err error) {
	profile, err := os.MkdirTemp("", "inbenta-auth-chromium-")
	if err != nil {
		return nil, nil, err
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.NoSandbox, // root in CI containers
		chromedp.DisableGPU,
		chromedp.UserDataDir(profile),
		// No outside network here: keep Chromium from trying.
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-pings", true),
	)
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(alloc)
	stop = func() {
		cancel()
		cancelAlloc()
		os.RemoveAll(profile)
	}
	// The first run starts the browser and must not carry a timeout: its
	// end would stop the browser.
	if err := chromedp.Do(ctx); err != nil {
		stop()
		return nil, nil, fmt.Errorf("starting Chromium (%s): %w", exe, err)
	}
	return ctx, stop, nil
}
