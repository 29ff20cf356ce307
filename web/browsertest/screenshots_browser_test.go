//go:build browser

package browsertest

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// screenshotDir is where the suite leaves its pictures for a person to look
// at: the folder $SCREENSHOTS names (make screenshots names the
// repository's screenshots/, whose notification-<engine>.png are
// committed), else screenshots/latest/, which git ignores: a test run never
// rewrites a tracked file.
func screenshotDir(t *testing.T) string {
	t.Helper()
	dir := cmp.Or(os.Getenv("SCREENSHOTS"), "../../screenshots/latest")
	require.NoError(t, os.MkdirAll(dir, 0o755))
	return dir
}

// TestNotificationScreenshots pictures the notification at 1280 px
// (notification-<engine>.png, committed by make screenshots: how it looks
// in each engine) and at a phone's 375 px (notification-<engine>-375.png),
// and checks that each picture shows it: the box whole inside the viewport,
// as wide as its CSS says, and in the picture, where the page lays out the
// box and its button, their own background colours.
func TestNotificationScreenshots(t *testing.T) {
	f := newFixture(t)
	eval[any](f, `document.body.innerHTML = '<h1>Acme support</h1><p>' + 'Our chatbot answers your questions. '.repeat(40) + '</p>'`)
	loseToken(f, `{refresh: `+failingHook+`, lang: 'en'}`, 1)
	dir := screenshotDir(t)
	for _, width := range []int{1280, 375} {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		require.NoError(t, f.page.SetViewport(ctx, width, 720))
		eval[any](f, settleJS) // the entry animation
		layout := eval[notificationLayout](f, notificationLayoutJS)
		shot, err := f.page.Screenshot(ctx)
		require.NoError(t, err)
		eval[any](f, `document.querySelector('[data-inbenta-auth-notification]').style.visibility = 'hidden'`)
		eval[any](f, settleJS) // WebKit's screenshot is the last painted frame
		without, err := f.page.Screenshot(ctx)
		require.NoError(t, err)
		eval[any](f, `document.querySelector('[data-inbenta-auth-notification]').style.removeProperty('visibility')`)
		eval[any](f, settleJS)
		cancel()
		checkNotificationPicture(t, width, layout, decodePNG(t, shot), decodePNG(t, without))
		name := "notification-" + browser.Name()
		if width != 1280 {
			name += "-" + strconv.Itoa(width)
		}
		require.NoError(t, os.WriteFile(filepath.Join(dir, name+".png"), shot, 0o644))
	}
}

// notificationLayout is where the page laid out the notification, in CSS
// pixels, and the colours its stylesheet gave it.
type notificationLayout struct {
	Width, Height float64 // the viewport
	Ratio         float64 // devicePixelRatio
	Box, Button   rect
	BoxBackground string
	ButtonColor   string // its background
}

type rect struct{ Left, Top, Right, Bottom float64 }

const notificationLayoutJS = `(() => {
	const root = document.querySelector('[data-inbenta-auth-notification]').shadowRoot;
	const box = root.querySelector('.box'), button = root.querySelector('button');
	const at = (el) => { const r = el.getBoundingClientRect(); return {Left: r.left, Top: r.top, Right: r.right, Bottom: r.bottom}; };
	return {
		Width: innerWidth, Height: innerHeight, Ratio: devicePixelRatio,
		Box: at(box), Button: at(button),
		BoxBackground: getComputedStyle(box).backgroundColor,
		ButtonColor: getComputedStyle(button).backgroundColor,
	};
})()`

// checkNotificationPicture checks the picture with the notification
// against the layout the page reports and against the picture without it.
func checkNotificationPicture(t *testing.T, width int, l notificationLayout, img, without image.Image) {
	t.Helper()
	if browser.Name() == "webkit" && l.Width > float64(width) {
		// MiniBrowser's window is no narrower than its toolbar, whose
		// viewport is then wider than a phone's.
		t.Logf("%d px asked: WebKit's narrowest viewport is %.0f px", width, l.Width)
	} else {
		assert.Equal(t, float64(width), l.Width, "the viewport's width")
	}
	size := img.Bounds().Size()
	assert.Equal(t, [2]int{int(l.Width * l.Ratio), int(l.Height * l.Ratio)}, [2]int{size.X, size.Y}, "the picture is the viewport")

	b := l.Box
	assert.True(t, b.Left >= 0 && b.Top >= 0 && b.Right <= l.Width && b.Bottom <= l.Height, "the box is whole in the viewport: %+v", b)
	assert.InDelta(t, min(440, l.Width-32), b.Right-b.Left, 1, "the box's width: min(440px, 100vw - 32px)")

	// Inset past the rounded corners and the border: text covers some of
	// the box and the button, their own colour most of the rest.
	boxShare := share(img, l.Ratio, inset(b, 16), nearColour(parseRGB(t, l.BoxBackground)))
	buttonShare := share(img, l.Ratio, inset(l.Button, 4), nearColour(parseRGB(t, l.ButtonColor)))
	// The notification is what changes the picture: inside its box, and
	// nowhere beyond its shadow.
	changed := func(c color.Color, x, y int) bool { return !sameColour(c, without.At(x, y)) }
	inside := share(img, l.Ratio, b, changed)
	outside := shareOutside(img, l.Ratio, inset(b, -80), changed)
	t.Logf("%d px: box %.0f%% %s, button %.0f%% %s; changed by the notification: %.0f%% inside its box, %.2f%% beyond its shadow",
		width, 100*boxShare, l.BoxBackground, 100*buttonShare, l.ButtonColor, 100*inside, 100*outside)
	assert.Greater(t, boxShare, 0.5, "the box's background where the page put the box")
	assert.Greater(t, buttonShare, 0.5, "the button's colour where the page put the button")
	assert.Greater(t, inside, 0.1, "the picture changes where the box is")
	assert.Zero(t, outside, "and nowhere else")
}

func decodePNG(t *testing.T, data []byte) image.Image {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(data))
	require.NoError(t, err, "a PNG")
	return img
}

func inset(r rect, by float64) rect {
	return rect{r.Left + by, r.Top + by, r.Right - by, r.Bottom - by}
}

// share is the part of r's pixels (r in CSS pixels) for which is holds.
func share(img image.Image, ratio float64, r rect, is func(c color.Color, x, y int) bool) float64 {
	match, all := 0, 0
	for y := int(r.Top * ratio); y < int(r.Bottom*ratio); y++ {
		for x := int(r.Left * ratio); x < int(r.Right*ratio); x++ {
			all++
			if is(img.At(x, y), x, y) {
				match++
			}
		}
	}
	if all == 0 {
		return 0
	}
	return float64(match) / float64(all)
}

// shareOutside is the part of the picture's pixels outside r for which
// is holds.
func shareOutside(img image.Image, ratio float64, r rect, is func(c color.Color, x, y int) bool) float64 {
	in := func(x, y int) bool {
		return float64(x) >= r.Left*ratio && float64(x) < r.Right*ratio && float64(y) >= r.Top*ratio && float64(y) < r.Bottom*ratio
	}
	match, all := 0, 0
	bounds := img.Bounds()
	for y := bounds.Min.Y; y < bounds.Max.Y; y++ {
		for x := bounds.Min.X; x < bounds.Max.X; x++ {
			if in(x, y) {
				continue
			}
			all++
			if is(img.At(x, y), x, y) {
				match++
			}
		}
	}
	return float64(match) / float64(max(all, 1))
}

// nearColour holds for a pixel within a few levels of want.
func nearColour(want [3]int) func(c color.Color, x, y int) bool {
	return func(c color.Color, _, _ int) bool {
		r, g, b, _ := c.RGBA()
		near := func(a uint32, w int) bool { d := int(a>>8) - w; return d >= -8 && d <= 8 }
		return near(r, want[0]) && near(g, want[1]) && near(b, want[2])
	}
}

func sameColour(a, b color.Color) bool {
	ar, ag, ab, aa := a.RGBA()
	br, bg, bb, ba := b.RGBA()
	return ar == br && ag == bg && ab == bb && aa == ba
}

// parseRGB reads a computed colour, rgb(r, g, b).
func parseRGB(t *testing.T, s string) [3]int {
	t.Helper()
	var c [3]int
	_, err := fmt.Sscanf(s, "rgb(%d, %d, %d)", &c[0], &c[1], &c[2])
	require.NoError(t, err, "a computed colour: %q", s)
	return c
}
