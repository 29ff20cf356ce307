//go:build !(js && wasm)

package main

import (
	"io/fs"
	"strings"
	"testing"
)

func TestJSCall(t *testing.T) {
	if got := jsCall("bench.setup", "k\"ey", 3, true); got != `bench.setup("k\"ey", 3, true)` {
		t.Errorf("jsCall = %s", got)
	}
}

// TestPreloadOnlyWhenAsked: -preload adds the link to both cold-start
// pages (the comparison stays fair) and to no other; without it, none.
func TestPreloadOnlyWhenAsked(t *testing.T) {
	for _, preload := range []bool{false, true} {
		_, pages := servedPages(t, preload)
		for name, p := range benchPages {
			page := pages[name]
			want := preload && strings.HasPrefix(name, "cold-")
			if got := strings.Contains(string(page), "l.rel = 'preload'"); got != want {
				t.Errorf("preload %v: %s has the preload script: %v", preload, name, got)
			}
			if want && len(p.preload) == 0 {
				t.Errorf("%s names no parameter to preload", name)
			}
		}
	}
}

// servedPages are benchFiles(preload) and the text of each bench page in it.
func servedPages(t *testing.T, preload bool) (fs.FS, map[string][]byte) {
	t.Helper()
	files, err := benchFiles(preload)
	if err != nil {
		t.Fatal(err)
	}
	pages := map[string][]byte{}
	for name := range benchPages {
		if pages[name], err = fs.ReadFile(files, name); err != nil {
			t.Fatal(err)
		}
	}
	return files, pages
}

func TestPagesAndTheirScriptsAreServed(t *testing.T) {
	files, pages := servedPages(t, false)
	for name, p := range benchPages {
		page := pages[name]
		for _, src := range p.scripts {
			if !strings.Contains(string(page), `<script src="`+src+`">`) {
				t.Errorf("%s does not load %s", name, src)
			}
			if !strings.HasPrefix(src, "/dist/") && !strings.HasPrefix(src, "/testsite/") {
				if _, err := fs.Stat(files, strings.TrimPrefix(src, "/")); err != nil {
					t.Errorf("%s loads %s: %v", name, src, err)
				}
			}
		}
	}
}
