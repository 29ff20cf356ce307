//go:build js && wasm

// These tests run the bridge in Node.js (make test: GOOS=js GOARCH=wasm go
// test -exec go_js_wasm_exec), where a Go panic would end the test binary
// exactly as it would end the wasm in a page.
package jsbridge

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"syscall/js"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/inbenta-community/inbenta-auth/sdk"
)

// TestMain installs the loader's bridge kit, imported from its module
// (web/loader/src/kit.js), so the tests exercise the kit pages run.
func TestMain(m *testing.M) {
	k, err := kitFromLoader()
	if err == nil {
		err = useKit(k)
	}
	if err != nil {
		panic(err)
	}
	os.Exit(m.Run())
}

// kitFromLoader makes a bridge kit as the loader does when it boots, with
// the constants make build defines (web/loader/test/defines.json) and the
// tab protocol over Node.js's APIs (none: it shares nothing).
func kitFromLoader() (js.Value, error) {
	defines, err := os.ReadFile("../web/loader/test/defines.json")
	if err != nil {
		return js.Undefined(), err
	}
	parsed := global.Get("JSON").Call("parse", string(defines))
	keys := global.Get("Object").Call("keys", parsed)
	for i := range keys.Length() {
		global.Set(keys.Index(i).String(), parsed.Get(keys.Index(i).String()))
	}
	dir, err := filepath.Abs("../web/loader/src")
	if err != nil {
		return js.Undefined(), err
	}
	importModule := global.Get("Function").New("names", `return Promise.all(names.map((name) => import(name)))`)
	mods, err := settle(importModule.Invoke(js.ValueOf([]any{"file://" + dir + "/kit.js", "file://" + dir + "/tabs/tabs.js"})))
	if err != nil {
		return js.Undefined(), err
	}
	tabs := mods.Index(1).Call("createTabs", js.Null())
	return mods.Index(0).Call("bridgeKit", tabs), nil
}

// settle waits for p without the kit (await needs one).
func settle(p js.Value) (js.Value, error) {
	ch := make(chan settled, 1)
	ok := js.FuncOf(func(_ js.Value, args []js.Value) any { ch <- settled{args[0], true}; return nil })
	fail := js.FuncOf(func(_ js.Value, args []js.Value) any { ch <- settled{args[0], false}; return nil })
	defer ok.Release()
	defer fail.Release()
	p.Call("then", ok, fail)
	r := <-ch
	if !r.ok {
		return js.Undefined(), &jsException{r.v}
	}
	return r.v, nil
}

// jsFunc makes a JS function from source; Node has no CSP.
func jsFunc(t *testing.T, params, body string) js.Value {
	t.Helper()
	f, err := construct(global.Get("Function"), params, body)
	require.NoError(t, err)
	return f
}

func awaitCode(t *testing.T, p js.Value) (js.Value, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	v, err := await(ctx, p)
	if err == nil {
		return v, ""
	}
	var je *jsException
	require.True(t, errors.As(err, &je), "rejection reason is a JS value: %v", err)
	require.True(t, je.v.InstanceOf(jsError), "rejections are Error objects")
	return je.v, prop(je.v, "code").String()
}

func TestAsyncResolves(t *testing.T) {
	f := Async(func(_ js.Value, args []js.Value) (any, error) { return args[0].Int() * 2, nil })
	defer f.Release()
	v, code := awaitCode(t, f.Invoke(21))
	assert.Empty(t, code)
	assert.Equal(t, 42, v.Int())
}

func TestAsyncRejectsWithCode(t *testing.T) {
	f := Async(func(js.Value, []js.Value) (any, error) {
		return nil, &sdk.Error{Code: sdk.CodeRateLimited, Message: "slow down", Status: 429, Retryable: true, Cause: errors.New("why")}
	})
	defer f.Release()
	v, code := awaitCode(t, f.Invoke())
	assert.Equal(t, "RATE_LIMITED", code)
	assert.Equal(t, 429, prop(v, "status").Int())
	assert.True(t, prop(v, "retryable").Bool())
	assert.Equal(t, "why", prop(prop(v, "cause"), "message").String())
	assert.Equal(t, "InbentaAuthError", prop(v, "name").String())
}

func TestAsyncTurnsPanicsIntoRejections(t *testing.T) {
	var nilMap map[string]int
	panics := map[string]func(){
		"string":    func() { panic("boom") },
		"nil map":   func() { nilMap["x"] = 1 },
		"js throws": func() { jsFunc(t, "", "throw new TypeError('from js')").Invoke() },
		"index":     func() { _ = []int{}[3] },
	}
	for name, p := range panics {
		t.Run(name, func(t *testing.T) {
			f := Async(func(js.Value, []js.Value) (any, error) { p(); return nil, nil })
			defer f.Release()
			for range 20 {
				_, code := awaitCode(t, f.Invoke())
				assert.Equal(t, "INTERNAL", code)
			}
		})
	}
	// The runtime is intact: promises still work.
	ok := Async(func(js.Value, []js.Value) (any, error) { return "alive", nil })
	defer ok.Release()
	v, _ := awaitCode(t, ok.Invoke())
	assert.Equal(t, "alive", v.String())
}

func TestSyncReturnsUndefinedOnPanic(t *testing.T) {
	f := Sync(func(js.Value, []js.Value) any { panic("getter bug") })
	defer f.Release()
	assert.True(t, f.Invoke().IsUndefined())
}

func TestAwaitHonoursContext(t *testing.T) {
	never := jsFunc(t, "", "return new Promise(() => {})").Invoke()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	_, err := await(ctx, never)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	waitMu.Lock()
	defer waitMu.Unlock()
	assert.Empty(t, waiting, "an abandoned wait leaves nothing behind")
}

func TestAwaitPlainValuesAndThenables(t *testing.T) {
	v, err := await(context.Background(), js.ValueOf(7))
	require.NoError(t, err)
	assert.Equal(t, 7, v.Int())

	badThen := jsFunc(t, "", "return {get then() { throw new Error('then getter') }}").Invoke()
	_, err = await(context.Background(), badThen)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "then getter")
}

func TestToGoConvertsJSON(t *testing.T) {
	v, ok := parseJSON(`{"accessToken":"a","expiration":1.5,"apis":{"chatbot":"https://x"},"list":[1,"two",null,true]}`)
	require.True(t, ok)
	assert.Equal(t, map[string]any{
		"accessToken": sdk.TokenBytes("a"), "expiration": 1.5,
		"apis": map[string]any{"chatbot": "https://x"},
		"list": []any{1.0, "two", nil, true},
	}, v)
	_, ok = parseJSON(`{"unterminated": `)
	assert.False(t, ok)
	_, ok = parseJSON(deepJSON(sdk.PlainMaxDepth + 5))
	assert.False(t, ok, "too deep")
}

func deepJSON(n int) string {
	s := "1"
	for range n {
		s = "[" + s + "]"
	}
	return s
}

func TestToGoSurvivesHostileObjects(t *testing.T) {
	for name, src := range map[string]string{
		"throwing getter": "return {get accessToken() { throw new Error('getter') }}",
		"throwing proxy":  "return new Proxy({}, {ownKeys() { throw new Error('ownKeys') }})",
		"proxy get trap":  "return new Proxy({a: 1}, {get() { throw new Error('get') }})",
		"revoked proxy":   "const r = Proxy.revocable({}, {}); r.revoke(); return r.proxy",
		"array length":    "return new Proxy([], {get(t, k) { if (k === 'length') throw new Error('len'); return t[k] }})",
	} {
		t.Run(name, func(t *testing.T) {
			_, err := toGo(jsFunc(t, "", src).Invoke())
			assert.Error(t, err)
		})
	}
}

// The data options are validated by sdk.ParseOptions (tested there); the
// bridge reads them from JS safely and picks out the functions.
func TestParseOptions(t *testing.T) {
	obj := func(src string) js.Value { return jsFunc(t, "", "return "+src).Invoke() }

	opts, err := ParseOptions(js.Undefined())
	require.NoError(t, err)
	assert.Equal(t, sdk.Duration(-1), opts.Leeway)
	assert.True(t, opts.Refresh.IsUndefined())

	opts, err = ParseOptions(obj(`{authURL: 'https://api-eu.inbenta.io/v1', leeway: 2.5, refresh: () => null,
		onRefreshError: null, labels: {es: {REFRESH_TITLE: 'T'}}}`))
	require.NoError(t, err)
	assert.Equal(t, "https://api-eu.inbenta.io/v1", opts.AuthURL)
	assert.Equal(t, 2500*sdk.Millisecond, opts.Leeway)
	assert.Equal(t, js.TypeFunction, opts.Refresh.Type())
	assert.True(t, opts.OnRefreshError.IsUndefined(), "null means the default")
	assert.Equal(t, "T", opts.Labels.PerLang["es"][sdk.LabelTitle])

	for src, code := range map[string]sdk.Code{
		`'str'`:                            sdk.CodeInvalidArgument,
		`{refresh: 'https://x/'}`:          sdk.CodeInvalidArgument,
		`{onRefreshError: {}}`:             sdk.CodeInvalidArgument,
		`{secret: 'x'}`:                    sdk.CodeSecretInBrowser,
		`{get authURL() { throw 1 }}`:      sdk.CodeInvalidArgument,
		`{labels: {get es() { throw 1 }}}`: sdk.CodeInvalidArgument,
		`new Proxy({}, {ownKeys() { throw new Error('x') }})`: sdk.CodeInvalidArgument,
	} {
		_, err := ParseOptions(obj(src))
		assert.Equal(t, code, sdk.CodeOf(err), src)
	}
}

func TestHookSource(t *testing.T) {
	stale := &sdk.Token{AccessToken: "old", APIs: map[string]string{"chatbot": "https://h/prod/chatbot"}}
	cases := map[string]struct {
		body string
		code sdk.Code // "" for success
	}{
		"promise":           {"return Promise.resolve({accessToken: 'new', expiration: Math.floor(Date.now() / 1000) + 1200})", ""},
		"plain object":      {"return {accessToken: 'new', expires_in: 1200}", ""},
		"reason is passed":  {"if (info.reason !== 'expired') throw new Error(info.reason); return {accessToken: 'new'}", ""},
		"rejects":           {"return Promise.reject(new Error('server said no'))", sdk.CodeRefreshFailed},
		"throws":            {"throw new Error('bug in hook')", sdk.CodeRefreshFailed},
		"not a token":       {"return 'new'", sdk.CodeInvalidArgument},
		"empty token":       {"return {accessToken: ''}", sdk.CodeInvalidArgument},
		"string expiration": {"return {accessToken: 'a', expiration: 'soon'}", sdk.CodeInvalidArgument},
		"huge lifetime":     {"return {accessToken: 'a', expires_in: 8e9}", sdk.CodeInvalidArgument},
		"far expiration":    {"return {accessToken: 'a', expiration: 8e9}", sdk.CodeInvalidArgument},
		"hostile object":    {"return new Proxy({}, {ownKeys() { throw new Error('x') }})", sdk.CodeInvalidArgument},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			h := NewHookSource(jsFunc(t, "info", c.body))
			tok, err := h.Token(context.Background(), stale, sdk.ReasonExpired)
			if c.code != "" {
				assert.Equal(t, c.code, sdk.CodeOf(err))
				return
			}
			require.NoError(t, err)
			assert.Equal(t, "new", tok.AccessToken)
			assert.Equal(t, stale.APIs, tok.APIs, "apis kept")
		})
	}
	never := NewHookSource(jsFunc(t, "", "return new Promise(() => {})"))
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	_, err := never.Token(ctx, stale, sdk.ReasonExpired)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
}

func TestStringArg(t *testing.T) {
	args := []js.Value{js.ValueOf("key"), js.ValueOf(""), js.ValueOf(5)}
	s, err := StringArg(args, 0, "a")
	require.NoError(t, err)
	assert.Equal(t, "key", s)
	for i := 1; i <= 3; i++ {
		_, err := StringArg(args, i, "a")
		assert.Equal(t, sdk.CodeInvalidArgument, sdk.CodeOf(err), i)
	}
}

func TestPendingSettles(t *testing.T) {
	q, err := newPending()
	require.NoError(t, err)
	q.settle(true, "done")
	q.settle(false, "twice") // ignored: settled already
	v, code := awaitCode(t, q.p)
	assert.Empty(t, code)
	assert.Equal(t, "done", v.String())
}

func TestInstallNeedsTheLoadersKit(t *testing.T) {
	saved := kit
	defer func() { kit = saved }()
	global.Set("__inbentaAuthBoot", map[string]any{"kit": map[string]any{"promise": 1}})
	defer global.Delete("__inbentaAuthBoot")
	err := Install(map[string]any{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "inbenta-auth.js")
}
