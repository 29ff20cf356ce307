//go:build browser

package browsertest

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// memoryPage keeps the wasm's instance reachable (the loader does not
// expose it), to look for a token in the wasm's memory.
const memoryPage = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>memory</title><link rel="icon" href="data:,">
<script>
  const instantiate = WebAssembly.instantiate;
  WebAssembly.instantiate = function (...args) {
    return instantiate.apply(this, args).then((r) => { window.wasmMemory = (r.instance || r).exports.mem; return r; });
  };
  // copies counts text's bytes in the wasm's memory.
  window.copies = (text) => {
    const needle = new TextEncoder().encode(text);
    const hay = new Uint8Array(wasmMemory.buffer);
    let n = 0;
    for (let i = hay.indexOf(needle[0]); i >= 0; i = hay.indexOf(needle[0], i + 1)) {
      let j = 1;
      while (j < needle.length && hay[i + j] === needle[j]) j++;
      if (j === needle.length) n++;
    }
    return n;
  };
</script>
<script src="/testsite/clock.js"></script><script src="/e2e.js"></script><script src="/dist/wasm_exec.js"></script><script src="/dist/inbenta-auth.js"></script>
</head><body></body></html>`

// Go strings cannot be wiped, so the SDK holds a token in memory it owns
// (sdk.TokenBytes) and makes no string of it: once the token is dropped or
// replaced, no copy of it is left in the wasm's memory.
func TestDroppedTokensLeaveNoCopyInWasmMemory(t *testing.T) {
	f := newBundleFixture(t, routes("/memory.html", serveBytes(200, "text/html; charset=utf-8", []byte(memoryPage))))
	f.open("/memory.html")
	f.createClient("")
	first := eval[string](f, `client.accessToken()`)
	allOK(t, callChatbot(f, 20, false), 20)
	require.GreaterOrEqual(t, eval[int](f, js(`copies(%s)`, first)), 1, "the live token is in memory: the search works")

	// A new token replaces it.
	f.advanceClocks(2 * time.Hour)
	allOK(t, callChatbot(f, 20, false), 20)
	second := eval[string](f, `client.accessToken()`)
	require.NotEqual(t, first, second)
	assert.Zero(t, eval[int](f, js(`copies(%s)`, first)), "the replaced token")

	// close() drops the other; another client goes on working meanwhile.
	eval[any](f, `client.close()`)
	f.createClient("")
	allOK(t, callChatbot(f, 300, false), 300)
	assert.Zero(t, eval[int](f, js(`copies(%s)`, second)), "the closed client's token")
}
