//go:build !(js && wasm)

package loader

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestClassicTypesFromTheSource(t *testing.T) {
	dmts, err := os.ReadFile("types/inbenta-auth.d.mts")
	require.NoError(t, err)
	dts := string(ClassicTypes(dmts))
	assert.True(t, strings.HasPrefix(dts, strings.TrimRight(string(dmts), "\n")), "the .d.ts is the .d.mts and the global")
	assert.Contains(t, dts, "var InbentaAuth: InbentaAuthSDK_;")
	for _, want := range []string{
		"type Client_ = Client;", "    type Client = Client_;",
		"type ClientEventListener_<K extends ClientEventName> = ClientEventListener<K>;",
		"    type ClientEventListener<K extends ClientEventName> = ClientEventListener_<K>;",
	} {
		assert.Contains(t, dts, want)
	}
	assert.NotContains(t, string(dmts), "declare global", "the module declares no global")
}

func TestClassicTypes(t *testing.T) {
	got := string(ClassicTypes([]byte("export interface A {}\nexport type M<K extends string, V> = Record<K, V>;\n")))
	assert.Contains(t, got, "type A_ = A;\ntype M_<K extends string, V> = M<K, V>;\n")
	assert.Contains(t, got, "    type A = A_;\n    type M<K extends string, V> = M_<K, V>;\n")
}
