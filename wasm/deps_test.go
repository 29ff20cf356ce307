//go:build !js

package main

import (
	"os/exec"
	"strings"
	"testing"
)

// The wasm is paid for on every page view: packages that bloat it must not
// creep back in (docs/performance.md has their sizes; net/url pulls in
// fmt and reflect).
func TestWasmLinksNoHeavyPackages(t *testing.T) {
	cmd := exec.Command("go", "list", "-deps", ".")
	cmd.Env = append(cmd.Environ(), "GOOS=js", "GOARCH=wasm")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	deps := strings.Fields(string(out))
	if len(deps) < 5 {
		t.Fatalf("go list listed too little to trust: %q", deps)
	}
	for _, heavy := range []string{"net/http", "encoding/json", "fmt", "reflect", "net/url", "net", "text/template", "html/template", "crypto/tls",
		"context", "strings", "unicode", // see sdk.Context and sdk/ascii.go
		"errors", "strconv", "math/rand/v2", // see sdk.TextError, sdk.Itoa and sdk/random_wasm.go
		"time"} { // see sdk.Clock
		for _, d := range deps {
			if d == heavy {
				t.Errorf("the wasm links %s", heavy)
			}
		}
	}
}
