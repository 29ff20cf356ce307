//go:build js && wasm

package jsbridge

import (
	"context"
	"syscall/js"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/inbenta-community/inbenta-auth/sdk"
)

// Page code runs synchronously inside what the bridge does: the events, the
// refresh hook and onRefreshError, focus moving to the notification and the
// notification's removal, and the built-ins the bridge calls (Array.of at
// call time; Date.now and setTimeout as a page that patched them before the
// SDK loaded left them). Each test here calls a client method from inside one
// such callback, on the client at work. Were a Go lock held across the call
// into JS, the method would wait for it forever, and Node would end the test
// binary with "all goroutines are asleep - deadlock!", as a page's wasm ends.

// reentryDriver (JS) makes the page's side of one combo: a trap that calls
// one client method when the callback springs it, a hook and a handler that
// spring it, a fake document whose focus() and remove() spring it, and
// wrappers of Date.now and setTimeout.
const reentryDriver = `
const d = { trap: null, fired: 0, results: [] };
const settleWithin = (p, ms) => new Promise((resolve) => {
	setTimeout(() => resolve('hung'), ms);
	p.then(() => resolve('ok'), (e) => resolve(e && e.code ? e.code : 'rejected ' + String(e && e.message)));
});
d.spring = () => {
	const t = d.trap;
	if (t === null || t.busy || d.fired >= 3) return;
	t.busy = true;
	d.fired++;
	try {
		d.results.push(settleWithin(Promise.resolve(t.call()), 3000));
	} catch (e) {
		d.results.push(Promise.resolve('threw ' + String(e && e.message)));
	} finally {
		t.busy = false;
	}
};
d.springIf = (kind) => { if (d.trap !== null && d.trap.kind === kind) d.spring(); };
d.hook = (kind) => () => {
	d.springIf('hook');
	return kind === 'token' ? Promise.resolve({accessToken: 'tok-2', expires_in: 1200}) : Promise.reject(new Error('refused'));
};
d.onError = (kind) => kind === 'onRefreshError' ? () => d.spring() : undefined;
d.dateNow = () => { d.springIf('Date.now'); return Date.now(); };
d.setTimeout = (...args) => { d.springIf('setTimeout'); return setTimeout(...args); };
d.clearTimeout = (id) => { d.springIf('setTimeout'); return clearTimeout(id); };
const el = (tag) => ({
	tag, isConnected: false, children: [],
	setAttribute() {}, addEventListener() {},
	attachShadow() { return el('#shadow-root'); },
	appendChild(c) { this.children.push(c); c.isConnected = true; return c; },
	focus() { d.springIf('focus'); },
	remove() { this.isConnected = false; d.springIf('remove'); },
});
d.document = { createElement: el, body: el('body'), documentElement: { lang: 'en' } };
d.methods = {
	fetch: (c) => c.fetch('https://api.test/prod/chatbot/v1/x'),
	accessToken: (c) => c.accessToken(),
	close: (c) => c.close(),
	setRefresh: (c) => c.setRefresh(() => Promise.reject(new Error('still refused'))),
	setRefreshErrorHandler: (c) => c.setRefreshErrorHandler(null),
	on: (c) => c.on('token', () => {}),
	off: (c) => c.off('token', () => {}),
	apis: (c) => c.apis,
	expiration: (c) => c.expiration,
	session: (c) => c.session('chatbot'),
};
// combo arms kind's callback to call method on c, then makes the call that
// triggers it; for 'remove', the notification shows first and Escape-free
// closing removes it.
d.combo = async (kind, method, c) => {
	const url = 'https://api.test/prod/chatbot/v1/x';
	if (kind === 'token' || kind === 'expired' || kind === 'refresh-error') c.on(kind, d.spring);
	if (kind === 'Array.of') {
		const of = Array.of;
		Array.of = function (...items) { d.spring(); return of.apply(this, items); };
		d.undo = () => { Array.of = of; };
	}
	let outer;
	if (kind === 'remove') {
		await settleWithin(c.fetch(url), 3000); // fails: the notification shows
		d.trap = { kind, call: () => d.methods[method](d.other), busy: false };
		c.close(); // its last owner: the notification goes
		outer = await settleWithin(d.other.fetch(url), 3000);
	} else {
		d.trap = { kind, call: () => d.methods[method](c), busy: false };
		outer = await settleWithin(c.fetch(url), 3000);
	}
	d.trap = null;
	if (d.undo) d.undo();
	const inner = await Promise.all(d.results);
	return { fired: d.fired, outer, inner };
};
return d;`

// clientJS makes a client object over the bridge's methods as the loader's
// does (web/loader/src/core.js): fetch asks for the verdict at once, then
// the header values or a Promise of them. It sends nothing: these tests are
// about what happens before the request.
const clientJS = `
m.flush(h);
return {
	fetch(u) {
		const v = m.verdict(h, u);
		if (typeof v !== 'number') return Promise.reject(v);
		return v > 0 ? Promise.resolve(m.headers(h)) : m.token(h, u);
	},
	accessToken: () => m.accessToken(h),
	close: () => m.close(h),
	setRefresh: (fn) => m.setRefresh(h, fn),
	setRefreshErrorHandler: (fn) => m.setRefreshErrorHandler(h, fn),
	on: (name, fn) => m.on(h, name, fn),
	off: (name, fn) => m.off(h, name, fn),
	session: (product) => m.session(h, product),
	get apis() { return m.apis(h); },
	get expiration() { return m.expiration(h); },
};`

var methodsJS = js.ValueOf(Methods())

type refusingTransport struct{}

func (refusingTransport) RoundTrip(sdk.Context, *sdk.Request) (*sdk.Response, error) {
	return nil, &sdk.Error{Code: sdk.CodeNetwork, Message: "no network in this test"}
}

// newTestClient assembles an access-token client as wasm/main does, with
// hook and onError as its options and a token that expires at expiration,
// and returns the page's object for it.
func newTestClient(t *testing.T, hook, onError js.Value, expiration sdk.Instant) js.Value {
	t.Helper()
	opts := Options{Options: sdk.Options{Leeway: -1, RefreshTimeout: -1, RefreshWindow: 0, Expiration: expiration,
		APIs: map[string]string{"chatbot": "https://api.test/prod/chatbot"}}, Refresh: hook, OnRefreshError: onError}
	cfg := sdk.Config{APIKey: "key", Options: opts.Options, Transport: refusingTransport{}, Clock: Clock{}}
	hooks, err := sdk.NewAccessTokenSource(cfg, HookOf(hook))
	require.NoError(t, err)
	b := NewBinding(cfg.APIKey, hooks, &opts)
	cfg.Observer = b.Observe
	k, err := sdk.NewAccessTokenKeeper(sdk.Background, cfg, "tok-1", hooks)
	require.NoError(t, err)
	h, err := b.Expose(k, cfg.NewSessions(k), cfg.Options.Headers)
	require.NoError(t, err)
	return jsFunc(t, "m, h", clientJS).Invoke(methodsJS, h)
}

func TestClientMethodsFromInsideEveryCallback(t *testing.T) {
	kinds := []string{"token", "expired", "refresh-error", "hook", "onRefreshError", "focus", "remove",
		"Array.of", "Date.now", "setTimeout"}
	methods := []string{"fetch", "accessToken", "close", "setRefresh", "setRefreshErrorHandler", "on", "off", "apis", "expiration", "session"}
	savedNow, savedSet, savedClear := jsDateNow, jsSetTimeout, jsClearTimeout
	t.Cleanup(func() { jsDateNow, jsSetTimeout, jsClearTimeout = savedNow, savedSet, savedClear })
	t.Cleanup(func() { global.Delete("document") })
	for _, kind := range kinds {
		for _, method := range methods {
			t.Run(kind+" "+method, func(t *testing.T) {
				notify(dropNotification) // a combo that failed may have left one
				d := jsFunc(t, "", reentryDriver).Invoke()
				global.Set("document", d.Get("document"))
				jsDateNow, jsSetTimeout, jsClearTimeout = d.Get("dateNow"), d.Get("setTimeout"), d.Get("clearTimeout")
				defer func() { jsDateNow, jsSetTimeout, jsClearTimeout = savedNow, savedSet, savedClear }()
				now := Clock{}.Now()
				expiry := now.Add(-sdk.Minute)
				if kind == "Array.of" {
					expiry = now.Add(sdk.Hour) // a token ready at once: the header values are made
				}
				c := newTestClient(t, d.Call("hook", kind), d.Call("onError", kind), expiry)
				if kind == "remove" {
					d.Set("other", newTestClient(t, d.Call("hook", ""), js.Undefined(), now.Add(sdk.Hour)))
				}
				ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
				defer cancel()
				r, err := await(ctx, d.Call("combo", kind, method, c))
				require.NoError(t, err)
				assert.Positive(t, r.Get("fired").Int(), "the callback called %s", method)
				assert.NotEqual(t, "hung", r.Get("outer").String(), "the call that ran the callback settles")
				for i := range r.Get("inner").Length() {
					assert.NotEqual(t, "hung", r.Get("inner").Index(i).String(), "%s settles", method)
				}
				c.Call("close")
				if other := d.Get("other"); !other.IsUndefined() {
					other.Call("close")
				}
				assert.False(t, notificationShown(), "every client closed: no notification is left")
			})
		}
	}
}

// notificationShown reports whether the notification is on the page (as
// the notification's own requests see it, in turn).
func notificationShown() (shown bool) {
	notify(func() { shown = notifyHost.Truthy() })
	return shown
}

// A page may remove the notification's host itself. The next client that
// fails shows a new one, which speaks for both.
func TestNotificationRemovedByThePageIsReplaced(t *testing.T) {
	d := jsFunc(t, "", reentryDriver).Invoke()
	global.Set("document", d.Get("document"))
	t.Cleanup(func() { global.Delete("document") })
	notify(dropNotification)
	host := func() (h js.Value) {
		notify(func() { h = notifyHost })
		return h
	}
	labels := sdk.ResolveLabels(sdk.LabelConfig{}, "en")
	first, second := NewBinding("key", nil, &Options{}), NewBinding("key", nil, &Options{})

	showNotification(first, "en", labels)
	removed := host()
	require.True(t, removed.Get("isConnected").Bool())
	removed.Call("remove") // the page's doing

	showNotification(second, "en", labels)
	replaced := host()
	require.True(t, replaced.Truthy(), "shown again")
	assert.False(t, replaced.Equal(removed), "a new host")
	assert.True(t, replaced.Get("isConnected").Bool())

	second.Discard()
	assert.True(t, notificationShown(), "the first client still fails")
	first.Discard()
	assert.False(t, notificationShown())
}

// A page's setTimeout (wrapped before the SDK loaded) may run its callback
// at once, or stop the timer from inside: the Clock holds no lock across
// it, and the timer fires once.
func TestClockTimersUnderAPagesSetTimeout(t *testing.T) {
	savedSet, savedClear := jsSetTimeout, jsClearTimeout
	t.Cleanup(func() { jsSetTimeout, jsClearTimeout = savedSet, savedClear })
	page := jsFunc(t, "", `const p = {cleared: 0};
		p.setTimeout = (fn) => { fn(); if (p.stop) p.stop(); return 7; };
		p.clearTimeout = (id) => { if (id === 7) p.cleared++; };
		return p;`).Invoke()
	jsSetTimeout, jsClearTimeout = page.Get("setTimeout"), page.Get("clearTimeout")

	ran := make(chan struct{}, 2)
	stop := Clock{}.AfterFunc(sdk.Hour, func() { ran <- struct{}{} })
	<-ran
	assert.False(t, stop(), "it fired")

	stopped := make(chan bool, 1)
	var stop2 func() bool
	stopFn := js.FuncOf(func(js.Value, []js.Value) any { stopped <- stop2(); return nil })
	defer stopFn.Release()
	page.Set("stop", stopFn)
	stop2 = Clock{}.AfterFunc(sdk.Hour, func() { ran <- struct{}{} })
	<-ran
	assert.False(t, <-stopped, "it had fired when the page stopped it")
	time.Sleep(10 * time.Millisecond)
	assert.Len(t, ran, 0, "once")
}
