//go:build !(js && wasm)

package sdk

import "math/rand/v2"

// defaultRandom spreads retries (RetryPolicy.Backoff) where the caller
// gives no Config.Random.
var defaultRandom = rand.Float64
