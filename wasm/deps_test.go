//go:build !js

package main

import (
	"os/exec"
	"strings"
	"testing"
)

// The wasm is paid for on every page view: packages that bloat it must not
// creep back in (net/http alone is ~8 MB raw, encoding/json and fmt ~0.7 MB;
// net/url pulls in fmt and reflect).
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
		"context", "strings", "unicode"} { // the last three: see sdk.Context and sdk/ascii.go
		for _, d := range deps {
			if d == heavy {
				t.Errorf("the wasm links %s", heavy)
			}
		}
	}
}

// A time.Time (or a func returning one, or a *time.Timer) in a type that
// reaches an interface keeps time's formatting and time-zone code in the
// wasm, ~13 KB brotli: the reason for sdk.Instant. The linker's dependency
// dump says whether it happened, and through which type.
func TestWasmKeepsTimeFormattingOut(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the wasm")
	}
	cmd := exec.Command("go", "build", "-trimpath", "-ldflags=-dumpdep", "-o", t.TempDir()+"/dep.wasm", ".")
	cmd.Env = append(cmd.Environ(), "GOOS=js", "GOARCH=wasm")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	dump := string(out)
	if !strings.Contains(dump, " -> ") {
		t.Fatalf("no dependency dump to check: %.200s", dump)
	}
	for _, line := range strings.Split(dump, "\n") {
		if strings.HasSuffix(line, "-> type:time.Time <UsedInIface>") {
			t.Errorf("a time.Time reaches an interface: %s", line)
		}
	}
}
