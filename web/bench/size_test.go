//go:build !(js && wasm)

package main

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The floor is built with make build's flags, or the size ratio compares
// two different builds.
func TestFloorIsBuiltWithTheMakefilesFlags(t *testing.T) {
	makefile, err := os.ReadFile("../../Makefile")
	require.NoError(t, err)
	// wasmFlags as the Makefile writes them: a value with blanks in quotes.
	words := make([]string, len(wasmFlags))
	for i, flag := range wasmFlags {
		if name, value, ok := strings.Cut(flag, "="); ok && strings.Contains(value, " ") {
			flag = name + "='" + value + "'"
		}
		words[i] = flag
	}
	assert.Contains(t, string(makefile), "GOOS=js GOARCH=wasm $(GO) "+strings.Join(words, " ")+" -o ", "make build's wasm command")
}
