//go:build browser

package browsertest

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// failingHook is a refresh hook whose server refuses: the token is lost.
const failingHook = `() => { window.badRuns = (window.badRuns || 0) + 1; return Promise.reject(new Error('refused')); }`

// loseToken creates an access-token client with extra options whose hook
// fails, lets the token expire, and makes n calls that fail.
func loseToken(f *fixture, extra string, n int) []jsError {
	f.t.Helper()
	f.createFromToken(f.serverToken(), extra)
	f.advanceClocks(2 * time.Hour)
	return eval[[]jsError](f, js(`Promise.all(Array.from({length: %s}, () =>
		e2e.settle(client.fetch(client.apis.chatbot + '/v1/conversation')).then(r => r.error)))`, n))
}

// shown describes the default notification as a person and a screen reader
// meet it.
type shown struct {
	Count      int    `json:"count"`
	Title      string `json:"title"`
	Body       string `json:"body"`
	Button     string `json:"button"`
	Buttons    int    `json:"buttons"`
	Role       string `json:"role"`
	Name       string `json:"name"`
	Lang       string `json:"lang"`
	Focused    bool   `json:"focused"`
	Elements   int    `json:"elements"`
	ShadowMode string `json:"shadowMode"`
}

func notification(f *fixture) shown {
	f.t.Helper()
	return eval[shown](f, `(() => {
		const hosts = document.querySelectorAll('[data-inbenta-auth-notification]');
		if (!hosts.length) return {count: 0};
		const root = hosts[0].shadowRoot, box = root.querySelector('[role]');
		const named = root.getElementById(box.getAttribute('aria-labelledby'));
		return {
			count: hosts.length,
			title: root.querySelector('h2').textContent,
			body: root.querySelector('p').textContent,
			button: root.querySelector('button').textContent,
			buttons: root.querySelectorAll('button').length,
			role: box.getAttribute('role'),
			name: named ? named.textContent : '',
			lang: box.getAttribute('lang'),
			focused: document.activeElement === hosts[0] && root.activeElement === root.querySelector('button'),
			elements: root.querySelectorAll('*').length,
			shadowMode: root.mode,
		};
	})()`)
}

func TestDefaultNotificationInEnglish(t *testing.T) {
	f := newFixture(t)
	for _, e := range loseToken(f, `{refresh: `+failingHook+`, lang: 'en'}`, 3) {
		assert.Equal(t, "REFRESH_FAILED", e.Code)
	}
	n := notification(f)
	assert.Equal(t, 1, n.Count)
	assert.Equal(t, "Oooops...!", n.Title)
	assert.Equal(t, "Something went wrong. Please, refresh the page", n.Body)
	assert.Equal(t, "Refresh", n.Button)
	assert.Equal(t, 1, n.Buttons)
	assert.Equal(t, "alertdialog", n.Role)
	assert.Equal(t, "Oooops...!", n.Name, "the dialog is named by its title")
	assert.True(t, n.Focused, "focus moves to the button")
	assert.Equal(t, "open", n.ShadowMode)
}

func TestNotificationLanguages(t *testing.T) {
	perLang := `{es: {REFRESH_TITLE: 'Título propio', REFRESH_INVALID_ACCESS_TOKEN: 'Cuerpo propio', REFRESH_BUTTON: 'Botón propio'},
		fr: {REFRESH_TITLE: 'Titre'}, REFRESH_TITLE: 'Flat title', REFRESH_BUTTON: 'Flat button'}`
	cases := []struct {
		name, options, pageLang string
		want                    [3]string
	}{
		{"built-in Spanish", `{lang: 'es'}`, "", [3]string{"¡Vaya...!", "Algo ha ido mal. Por favor, recarga la página", "Recargar"}},
		{"per-language labels win", `{lang: 'es', labels: ` + perLang + `}`, "", [3]string{"Título propio", "Cuerpo propio", "Botón propio"}},
		{"region falls back to its language", `{lang: 'es-MX', labels: ` + perLang + `}`, "", [3]string{"Título propio", "Cuerpo propio", "Botón propio"}},
		{"per-language, then flat, then catalog", `{lang: 'fr', labels: ` + perLang + `}`, "",
			[3]string{"Titre", "Une erreur s'est produite. Veuillez actualiser la page", "Flat button"}},
		{"flat labels", `{lang: 'en', labels: {REFRESH_TITLE: 'Session over', REFRESH_INVALID_ACCESS_TOKEN: 'Reload to go on', REFRESH_BUTTON: 'Reload'}}`, "",
			[3]string{"Session over", "Reload to go on", "Reload"}},
		{"the page's html lang", `{}`, "de", [3]string{"Hoppla...!", "Etwas ist schiefgelaufen. Bitte laden Sie die Seite neu", "Neu laden"}},
		{"unknown language is English", `{lang: 'xx'}`, "", [3]string{"Oooops...!", "Something went wrong. Please, refresh the page", "Refresh"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture(t)
			if c.pageLang != "" {
				eval[any](f, js(`document.documentElement.lang = %s`, c.pageLang))
			}
			loseToken(f, `Object.assign({refresh: `+failingHook+`}, `+c.options+`)`, 1)
			n := notification(f)
			require.Equal(t, 1, n.Count)
			assert.Equal(t, c.want, [3]string{n.Title, n.Body, n.Button})
		})
	}
}

func TestLabelsAreTextNeverHTML(t *testing.T) {
	f := newFixture(t)
	loseToken(f, `{refresh: `+failingHook+`, labels: {REFRESH_TITLE: '<img src=x onerror="window.pwned=1">',
		REFRESH_INVALID_ACCESS_TOKEN: '<script>window.pwned=2</script><b>bold</b>'}}`, 1)
	time.Sleep(300 * time.Millisecond) // an injected onerror would have run by now
	n := notification(f)
	assert.Equal(t, `<img src=x onerror="window.pwned=1">`, n.Title)
	assert.Equal(t, `<script>window.pwned=2</script><b>bold</b>`, n.Body)
	assert.Equal(t, 4, n.Elements, "box, h2, p, button: nothing parsed from the labels")
	assert.Equal(t, "undefined", eval[string](f, `typeof window.pwned`))
}

func TestOverridesReceiveLabelsAndSuppressTheDefault(t *testing.T) {
	handler := `(info) => { (window.infos = window.infos || []).push({code: info.code, lang: info.lang,
		labels: Object.assign({}, info.labels), retry: typeof info.retry, isError: info.error instanceof Error}); }`
	for name, options := range map[string]string{
		"onRefreshError option":  `{lang: 'ca', onRefreshError: ` + handler + `}`,
		"setRefreshErrorHandler": `{lang: 'ca'}`,
	} {
		t.Run(name, func(t *testing.T) {
			f := newFixture(t)
			f.createFromToken(f.serverToken(), `Object.assign({refresh: `+failingHook+`}, `+options+`)`)
			if name == "setRefreshErrorHandler" {
				require.True(t, eval[settled](f, `e2e.settle(client.setRefreshErrorHandler(`+handler+`))`).OK)
			}
			f.advanceClocks(2 * time.Hour)
			eval[any](f, `Promise.all(Array.from({length: 100}, () => e2e.settle(client.accessToken())))`)

			infos := eval[[]map[string]any](f, `window.infos || []`)
			require.Len(t, infos, 1, "once per failure episode, for 100 failures")
			assert.Equal(t, "REFRESH_FAILED", infos[0]["code"])
			assert.Equal(t, "ca", infos[0]["lang"])
			assert.Equal(t, map[string]any{"REFRESH_TITLE": "Vaja...!",
				"REFRESH_INVALID_ACCESS_TOKEN": "Alguna cosa ha anat malament. Si us plau, torna a carregar la pàgina",
				"REFRESH_BUTTON":               "Torna a carregar"}, infos[0]["labels"])
			assert.Equal(t, "function", infos[0]["retry"])
			assert.Equal(t, true, infos[0]["isError"])
			assert.Equal(t, 0, notification(f).Count, "the default notification is suppressed")
		})
	}
}

func TestHundredConcurrentFailuresShowOneNotificationUntilRecovery(t *testing.T) {
	f := newFixture(t)
	errs := loseToken(f, `{refresh: `+failingHook+`}`, 100)
	require.Len(t, errs, 100)
	for _, e := range errs {
		require.Equal(t, "REFRESH_FAILED", e.Code)
	}
	assert.Equal(t, 1, notification(f).Count)
	assert.Equal(t, 1, eval[int](f, `badRuns`))

	// More failures in the same episode add nothing.
	eval[any](f, `Promise.all(Array.from({length: 10}, () => e2e.settle(client.accessToken())))`)
	assert.Equal(t, 1, notification(f).Count)

	// A successful refresh ends the episode and removes it.
	require.True(t, eval[settled](f, `e2e.settle(client.setRefresh(hook))`).OK)
	allOK(t, callChatbot(f, 1, false), 1)
	assert.Equal(t, 0, notification(f).Count)
}

func TestRetryFromAHandlerRecovers(t *testing.T) {
	f := newFixture(t)
	f.createFromToken(f.serverToken(), `{refresh: `+failingHook+`, onRefreshError: (info) => { window.retry = info.retry; }}`)
	f.advanceClocks(2 * time.Hour)
	eval[any](f, `e2e.settle(client.accessToken())`)
	require.True(t, eval[settled](f, `e2e.settle(client.setRefresh(hook))`).OK)
	r := eval[settled](f, `e2e.settle(window.retry())`)
	require.True(t, r.OK, "%+v", r.Error)
	assert.Equal(t, 1, eval[int](f, `hookRuns`))
	allOK(t, callChatbot(f, 1, false), 1)
}

func TestThrowingHandlerDoesNotBreakTheSDK(t *testing.T) {
	f := newFixture(t)
	loseToken(f, `{refresh: `+failingHook+`, onRefreshError: () => { throw new Error('handler bug'); }}`, 5)
	assert.Equal(t, 0, notification(f).Count)
	require.True(t, eval[settled](f, `e2e.settle(client.setRefresh(hook))`).OK)
	allOK(t, callChatbot(f, 2, true), 2)
	f.createClient("") // and new clients work
	allOK(t, callChatbot(f, 1, false), 1)
}

func TestNotificationIsIsolatedFromThePageAndKeyboardUsable(t *testing.T) {
	f := newFixture(t)
	loseTokenOnHostilePage(f)
	checkNotificationStyle(t, notificationStyle(f))

	assert.True(t, notification(f).Focused)
	// A synthetic keydown on the button: the SDK's handler reads only the
	// key, and only Chromium's driver could type a trusted one.
	eval[any](f, `document.querySelector('[data-inbenta-auth-notification]').shadowRoot.querySelector('button')
		.dispatchEvent(new KeyboardEvent('keydown', {key: 'Escape', bubbles: true, composed: true}))`)
	assert.Equal(t, 0, notification(f).Count, "Escape dismisses it")
}

// loseTokenOnHostilePage adds the page's hostile.css (rules for every
// button, h2...), then shows the notification.
func loseTokenOnHostilePage(f *fixture) {
	f.t.Helper()
	eval[any](f, `new Promise((ok, fail) => { const l = document.createElement('link'); l.rel = 'stylesheet';
		l.href = '/hostile.css'; l.onload = ok; l.onerror = fail; document.head.appendChild(l); })`)
	loseToken(f, `{refresh: `+failingHook+`}`, 1)
	require.Equal(f.t, 1, notification(f).Count)
}

// notificationStyle is the computed style of the notification's parts and
// of a page button made after it.
func notificationStyle(f *fixture) map[string]string {
	f.t.Helper()
	return eval[map[string]string](f, `(() => {
		const root = document.querySelector('[data-inbenta-auth-notification]').shadowRoot;
		const css = (el, p) => getComputedStyle(el).getPropertyValue(p);
		const pageButton = document.body.appendChild(document.createElement('button'));
		return {
			buttonColor: css(root.querySelector('button'), 'color'),
			buttonSize: css(root.querySelector('button'), 'font-size'),
			title: css(root.querySelector('h2'), 'display'),
			box: css(root.querySelector('.box'), 'background-color'),
			pageButtonBackground: css(pageButton, 'background-color'),
		};
	})()`)
}

// checkNotificationStyle asserts that the notification's own stylesheet
// styles it and that neither the page's nor its own crosses the shadow
// boundary.
func checkNotificationStyle(t assert.TestingT, style map[string]string) {
	assert.Equal(t, "rgb(255, 255, 255)", style["buttonColor"], "the page's button rule does not reach it")
	assert.Equal(t, "15px", style["buttonSize"])
	assert.Equal(t, "block", style["title"])
	assert.NotContains(t, []string{"rgba(0, 0, 0, 0)", "transparent"}, style["box"], "the box has its own background (light or dark)")
	assert.NotEqual(t, "rgb(47, 91, 255)", style["pageButtonBackground"], "its styles do not leak out")
}
