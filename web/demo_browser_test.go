//go:build browser

package main

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// screenshotDir is git-ignored; make test leaves the pictures there for a
// person to look at.
const screenshotDir = "../screenshots"

// TestDemoGetsATokenAndMakesAnAuthorizedCall runs what `make run` serves:
// the dev server's own wiring, the demo page, the built bundle.
func TestDemoGetsATokenAndMakesAnAuthorizedCall(t *testing.T) {
	d, err := newDevServer("127.0.0.1:0", "127.0.0.1:0", "static", "dist")
	require.NoError(t, err)
	ctx, stop := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- serve(ctx, d.handlers) }()
	t.Cleanup(func() { stop(); <-served })

	tab := newTab(t)
	run, cancel := context.WithTimeout(tab, 60*time.Second)
	defer cancel()
	require.NoError(t, chromedp.Do(run,
		chromedp.EmulateViewport(1280, 900),
		chromedp.Navigate(d.siteURL+"/"),
		chromedp.WaitVisible(`body[data-state="ready"]`),
		chromedp.Click(`#call-chatbot`),
		chromedp.WaitVisible(`#result[data-status="200"]`),
	))
	result, err := chromedp.Run(run, chromedp.Text(`#result`))
	require.NoError(t, err)
	assert.Contains(t, result, `"product"`)
	assert.Contains(t, result, "chatbot")
	assert.Equal(t, 1, d.api.Count("auth"))
	assert.Equal(t, 1, d.api.Count("chatbot"))
	assert.Equal(t, map[int]int{1: 1}, d.api.TokensUsed("chatbot"), "the call carried the token")

	for _, width := range []int64{1280, 375} {
		require.NoError(t, chromedp.Do(run, chromedp.EmulateViewport(width, 900)))
		png, err := chromedp.Run(run, chromedp.FullScreenshot(100))
		require.NoError(t, err)
		require.NoError(t, os.MkdirAll(screenshotDir, 0o755))
		name := filepath.Join(screenshotDir, "demo-"+map[int64]string{1280: "1280", 375: "375"}[width]+".png")
		require.NoError(t, os.WriteFile(name, png, 0o644))
	}
}
