//go:build js && wasm

package sdk

// defaultRandom spreads retries (RetryPolicy.Backoff) where the caller
// gives no Config.Random. The wasm has no randomness of its own that does
// not link math/rand/v2, and with it the errors package and reflection:
// the browser's comes through Config.Random (jsbridge.Random). Without
// one, every backoff is half its ceiling.
func defaultRandom() float64 { return 0.5 }
