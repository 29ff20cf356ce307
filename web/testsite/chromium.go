//go:build !(js && wasm)

package testsite

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"time"

	"github.com/chromedp/chromedp"
)

// ChromiumPath finds Chromium: the given path, else $CHROMIUM, else the usual names
// on PATH.
func ChromiumPath(given string) (string, error) {
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

// StartChromium runs Chromium at exe with a fresh profile (and extra
// options, such as flags) and returns its chromedp context; stop ends it
// and removes the profile.
func StartChromium(exe string, extra ...chromedp.ExecAllocatorOption) (ctx context.Context, stop func(), err error) {
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
	opts = append(opts, extra...)
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

// NewTab opens a tab in a new browser context of browser (its own cache,
// storage, cookies and renderer) whose events go to listen. Its first run
// carries no timeout, since the end of that context would close the tab.
func NewTab(browser context.Context, listen func(ev any)) (context.Context, context.CancelFunc, error) {
	tab, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext(), chromedp.WithListener(listen))
	if err := chromedp.Do(tab); err != nil {
		cancel()
		return nil, nil, err
	}
	return tab, cancel, nil
}

// Eval runs a JS expression in tab, awaits it when it is a promise, and
// decodes its value.
func Eval[T any](tab context.Context, timeout time.Duration, expr string) (T, error) {
	ctx, cancel := context.WithTimeout(tab, timeout)
	defer cancel()
	return chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
}
