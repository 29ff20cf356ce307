//go:build js && wasm

package jsbridge

import (
	"path/filepath"
	"syscall/js"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/inbenta-community/inbenta-auth/sdk"
)

// withStorageKit runs fn with a kit whose storage is the loader's
// (persist.js) over a fake window's sessionStorage, whose items it hands
// fn (a Map).
func withStorageKit(t *testing.T, fn func(items js.Value)) {
	t.Helper()
	dir, err := filepath.Abs("../web/loader/src")
	require.NoError(t, err)
	importModule := global.Get("Function").New("names", `return Promise.all(names.map((name) => import(name)))`)
	mods, err := settle(importModule.Invoke(js.ValueOf([]any{"file://" + dir + "/kit.js", "file://" + dir + "/tabs/tabs.js", "file://" + dir + "/persist.js"})))
	require.NoError(t, err)
	window := jsFunc(t, "", `const items = new Map();
		class Storage {
			getItem(k) { return items.has(k) ? items.get(k) : null; }
			setItem(k, v) { items.set(k, String(v)); }
			removeItem(k) { items.delete(k); }
		}
		return { Storage, sessionStorage: new Storage(), items };`).Invoke()
	storage := mods.Index(2).Call("captureStorage", window)
	saved := kit
	kit = mods.Index(0).Call("bridgeKit", mods.Index(1).Call("createTabs", js.Null()), storage)
	defer func() { kit = saved }()
	fn(window.Get("items"))
}

func TestStoreSavesWhatParseStoredRestores(t *testing.T) {
	withStorageKit(t, func(items js.Value) {
		assert.Nil(t, NewStore(sdk.PersistMemory), "the default keeps nothing")
		s := NewStore(sdk.PersistSession)
		require.NotNil(t, s)
		assert.Nil(t, s.Load("k"))

		now := Clock{}.Now()
		tok := &sdk.Token{AccessToken: "tok", Expiry: now.Add(1200 * sdk.Second), Obtained: now.Add(-sdk.Minute),
			APIs: map[string]string{"chatbot": "https://api-gce3.inbenta.io/prod/chatbot"}}
		s.Save("k", sdk.Record{Token: tok})
		got, err := sdk.ParseStored(s.Load("k"), sdk.DefaultAuthURL, now, sdk.DefaultLeeway)
		require.NoError(t, err, "stored: %s", items.Call("get", "k").String())
		assert.Equal(t, "tok", got.AccessToken)
		assert.Equal(t, tok.APIs, got.APIs)
		assert.InDelta(t, float64(tok.Expiry), float64(got.Expiry), float64(sdk.Millisecond))

		items.Call("set", "k", "{not json")
		assert.Equal(t, false, s.Load("k"), "an entry that can be none is handed over, to be refused")
		s.Remove("k")
		assert.False(t, items.Call("has", "k").Bool())
	})
	assert.Nil(t, NewStore(sdk.PersistSession), "a page without storage keeps its token in memory")
}
