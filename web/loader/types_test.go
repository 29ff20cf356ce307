package loader

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestModuleTypesFromTheSource(t *testing.T) {
	dts, err := os.ReadFile("types/inbenta-auth.d.ts")
	require.NoError(t, err)
	dmts, err := ModuleTypes(dts)
	require.NoError(t, err)
	m := string(dmts)
	assert.NotContains(t, m, "declare global")
	assert.NotContains(t, m, "@bundle-global")
	assert.NotContains(t, m, "type Client_ =")
	assert.Contains(t, m, "export default InbentaAuth;")
	assert.Contains(t, m, "export declare function createFromDomainKey(")
	assert.True(t, strings.HasPrefix(string(dts), strings.TrimSuffix(m, "\n")), "the .d.mts is the start of the .d.ts")
	assert.True(t, strings.HasSuffix(m, ";\n"))
}

func TestModuleTypes(t *testing.T) {
	out, err := ModuleTypes([]byte("a\n\n// @bundle-global-begin\nglobal\n// @bundle-global-end\nb\n"))
	require.NoError(t, err)
	assert.Equal(t, "a\nb\n", string(out))

	out, err = ModuleTypes([]byte("a\n// @bundle-global-begin\nglobal\n// @bundle-global-end"))
	require.NoError(t, err)
	assert.Equal(t, "a\n", string(out))

	for _, bad := range []string{
		"a\n",
		"// @bundle-global-end\n// @bundle-global-begin\n",
		"// @bundle-global-begin\n// @bundle-global-begin\n// @bundle-global-end\n",
	} {
		_, err := ModuleTypes([]byte(bad))
		assert.Error(t, err, "%q", bad)
	}
}
