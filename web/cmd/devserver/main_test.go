//go:build !(js && wasm)

package main

import (
	"bytes"
	"context"
	"net"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestBusyPortNamesTheFlag(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	dist := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dist, "inbenta-auth.wasm"), []byte("\x00asm"), 0o644))
	static := "../../devserver/static"
	for flagName, args := range map[string][]string{
		"-addr":     {"-addr", ln.Addr().String(), "-api-addr", "127.0.0.1:0"},
		"-api-addr": {"-addr", "127.0.0.1:0", "-api-addr", ln.Addr().String()},
	} {
		var stdout, stderr bytes.Buffer
		code := run(context.Background(), append(args, "-dist", dist, "-static", static), &stdout, &stderr)
		assert.Equal(t, 1, code)
		assert.Contains(t, stderr.String(), ln.Addr().String()+" is already in use")
		assert.Contains(t, stderr.String(), "make run ARGS='"+flagName+" ")
	}
}

func TestFlags(t *testing.T) {
	var stdout, stderr bytes.Buffer
	assert.Equal(t, 2, run(context.Background(), []string{"-origin", "localhost:5173"}, &stdout, &stderr))
	assert.Contains(t, stderr.String(), "scheme://host[:port]")

	stderr.Reset()
	assert.Equal(t, 0, run(context.Background(), []string{"-h"}, &stdout, &stderr))
	for _, f := range []string{"-addr", "-api-addr", "-origin", "-static", "-csp", "-domain-key", "-secret", "-dist"} {
		assert.Contains(t, stderr.String(), f+" ", "documented: %s", f)
	}
}

func TestServesUntilDone(t *testing.T) {
	dist := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dist, "inbenta-auth.wasm"), []byte("\x00asm"), 0o644))
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // serves, then stops at once
	var stdout, stderr bytes.Buffer
	code := run(ctx, []string{"-addr", "127.0.0.1:0", "-api-addr", "127.0.0.1:0", "-dist", dist, "-static", t.TempDir(),
		"-origin", "http://localhost:5173"}, &stdout, &stderr)
	require.Equal(t, 0, code, stderr.String())
	out := stdout.String()
	assert.Contains(t, out, "CSP: inline", "-static allows the quick start's inline script")
	assert.Contains(t, out, "http://localhost:5173")
	assert.Contains(t, out, "demo-secret")
}

func TestAMissingStaticFolderStopsTheStart(t *testing.T) {
	dist := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dist, "inbenta-auth.wasm"), []byte("\x00asm"), 0o644))
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"-addr", "127.0.0.1:0", "-api-addr", "127.0.0.1:0", "-dist", dist,
		"-static", "./nonexistent"}, &stdout, &stderr)
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr.String(), "nonexistent does not exist")
	assert.Empty(t, stdout.String(), "nothing served, nothing announced")

	// The demo's folder is found from the repository root, where make run runs.
	stderr.Reset()
	code = run(context.Background(), []string{"-addr", "127.0.0.1:0", "-api-addr", "127.0.0.1:0", "-dist", dist}, &stdout, &stderr)
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr.String(), "run it from the repository root")
}
