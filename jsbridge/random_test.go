//go:build js && wasm

package jsbridge

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestRandomReadsMathRandom(t *testing.T) {
	seen := map[float64]bool{}
	for range 20 {
		f := Random()
		assert.GreaterOrEqual(t, f, 0.0)
		assert.Less(t, f, 1.0)
		seen[f] = true
	}
	assert.Greater(t, len(seen), 1, "it varies")

	was := jsRandom
	defer func() { jsRandom = was }()
	for _, body := range []string{"return 7", "return -1", "return 'x'", "throw new Error('no')"} {
		jsRandom = jsFunc(t, "", body)
		assert.Equal(t, 0.5, Random(), body)
	}
}
