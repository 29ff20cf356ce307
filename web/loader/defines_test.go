//go:build !(js && wasm)

package loader

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The constants the loader's unit tests run with (test/defines.json, also
// read by jsbridge's tests) are the ones make build defines, but for the
// per-build version and hashes.
func TestUnitTestsRunWithTheBuildsConstants(t *testing.T) {
	data, err := os.ReadFile("test/defines.json")
	require.NoError(t, err)
	var got map[string]any
	require.NoError(t, json.Unmarshal(data, &got))
	built := map[string]any{}
	for name, value := range defines("0.0.0-test", WasmHashes{}) {
		var v any
		require.NoError(t, json.Unmarshal([]byte(value), &v), name)
		built[name] = v
	}
	delete(built, "INBENTA_WASM_FILE") // only the entries read it
	assert.Equal(t, built, got)
}
