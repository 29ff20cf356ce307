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
	var built []string
	for line := range strings.Lines(string(makefile)) {
		if _, cmd, ok := strings.Cut(line, "GOOS=js GOARCH=wasm $(GO) "); ok && strings.HasPrefix(cmd, "build ") {
			built = append(built, cmd)
		}
	}
	require.Len(t, built, 1, "make build's wasm command")
	flags, _, ok := strings.Cut(built[0], " -o ")
	require.True(t, ok, "%q has -o", built[0])
	assert.Equal(t, wasmFlags, shellWords(t, flags))
}

// shellWords splits s as sh would, for the quoting a Makefile's go build
// line uses: blanks between words, single quotes around blanks.
func shellWords(t *testing.T, s string) []string {
	var words []string
	var word strings.Builder
	inWord, quoted := false, false
	for _, r := range strings.TrimSpace(s) {
		switch {
		case r == '\'':
			quoted, inWord = !quoted, true
		case (r == ' ' || r == '\t') && !quoted:
			if inWord {
				words = append(words, word.String())
				word.Reset()
				inWord = false
			}
		case r == '"' || r == '\\' || r == '$':
			t.Fatalf("shellWords: %q needs a real shell", s)
		default:
			word.WriteRune(r)
			inWord = true
		}
	}
	require.False(t, quoted, "unterminated quote in %q", s)
	if inWord {
		words = append(words, word.String())
	}
	return words
}
