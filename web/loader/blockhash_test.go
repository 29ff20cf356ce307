//go:build !(js && wasm)

package loader

import (
	"crypto/sha512"
	"encoding/base64"
	"encoding/json"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/evanw/esbuild/pkg/api"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// blockHashSizes are the sizes around the block boundaries.
var blockHashSizes = []int{0, 1, HashBlock - 1, HashBlock, HashBlock + 1, 3*HashBlock + 7}

func randomBytes(n int, seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, 1))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

func TestBlockHash(t *testing.T) {
	empty := sha512.Sum384(nil)
	assert.Equal(t, base64.StdEncoding.EncodeToString(empty[:]), BlockHash(nil), "no blocks: the hash of no sums")

	one := []byte("alert('Hello, world.');")
	sum := sha512.Sum384(one)
	outer := sha512.Sum384(sum[:])
	assert.Equal(t, base64.StdEncoding.EncodeToString(outer[:]), BlockHash(one), "one block: the hash of its hash")

	data := randomBytes(3*HashBlock+7, 1)
	seen := map[string]int{}
	for _, n := range blockHashSizes {
		seen[BlockHash(data[:n])] = n
	}
	assert.Len(t, seen, len(blockHashSizes), "every length hashes apart, across the block boundaries")
	h := BlockHash(data)
	for _, at := range []int{0, HashBlock - 1, HashBlock, 2*HashBlock + 5, len(data) - 1} {
		changed := append([]byte(nil), data...)
		changed[at] ^= 1
		assert.NotEqual(t, h, BlockHash(changed), "a byte changed at %d", at)
	}
	assert.Regexp(t, blockRE, h)
	assert.True(t, HashWasm(data).valid())
}

// The loader's blockhash.js, bundled with the build's constants, hashes
// as BlockHash does, on either side of the block boundaries.
func TestBlockHashAgreesWithTheLoader(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node not installed")
	}
	res := api.Build(api.BuildOptions{
		EntryPoints: []string{filepath.Join("src", "blockhash.js")},
		Bundle:      true,
		Format:      api.FormatESModule,
		Define:      defines("0.0.0", WasmHashes{}),
		LogLevel:    api.LogLevelSilent,
	})
	require.Empty(t, res.Errors)
	require.Len(t, res.OutputFiles, 1)
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "blockhash.mjs"), res.OutputFiles[0].Contents, 0o644))

	want := map[string]string{}
	var names []string
	for i, n := range blockHashSizes {
		data := randomBytes(n, uint64(i))
		name := strconv.Itoa(n)
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), data, 0o644))
		want[name] = BlockHash(data)
		names = append(names, name)
	}
	script := `import { readFileSync } from 'node:fs';
		const { blockHash, canBlockHash } = await import('./blockhash.mjs');
		const names = JSON.parse(process.argv[1]);
		const out = { canBlockHash };
		for (const name of names) {
			const bytes = new Uint8Array(readFileSync(name));
			const copy = bytes.slice();
			out[name] = await blockHash(copy.buffer);
			if (copy.some((b, i) => b !== bytes[i])) {
				throw new Error(name + ': blockHash changed its bytes');
			}
		}
		console.log(JSON.stringify(out));`
	namesJSON, err := json.Marshal(names)
	require.NoError(t, err)
	cmd := exec.Command(node, "--input-type=module", "-e", script, string(namesJSON))
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
	var got map[string]any
	require.NoError(t, json.Unmarshal(out, &got), "%s", out)
	assert.Equal(t, true, got["canBlockHash"])
	for name, hash := range want {
		assert.Equal(t, hash, got[name], "%s bytes", name)
	}
}
