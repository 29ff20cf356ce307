//go:build !(js && wasm)

package main

import (
	"html"
	"io/fs"
	"strings"
	"testing/fstest"
)

// A benchmark page is a head of scripts: pages differ only in their title
// and what they load, so they are made here rather than written out.
type benchPage struct {
	title string
	// start takes the cold start's t0 before any other script is requested.
	start   bool
	scripts []string
}

var benchPages = map[string]benchPage{
	"cold-sdk.html":   {"cold start, SDK", true, []string{"/dist/wasm_exec.js", "/dist/inbenta-auth.js", "/cold.js", "/cold-sdk.js"}},
	"cold-floor.html": {"cold start, floor", true, []string{"/dist/wasm_exec.js", "/cold.js", "/cold-floor.js"}},
	"warm.html":       {"per call", false, []string{"/harness.js", "/dist/wasm_exec.js", "/dist/inbenta-auth.js"}},
	"clock.html":      {"refresh under concurrency", false, []string{"/testsite/clock.js", "/harness.js", "/dist/wasm_exec.js", "/dist/inbenta-auth.js"}},
	"memory.html":     {"memory", false, []string{"/harness.js", "/dist/wasm_exec.js", "/go-hook.js", "/dist/inbenta-auth.js"}},
}

// startScript takes t0 and watches the main thread's long tasks (the
// browser reports those of 50 ms or more) from the page's first script.
const startScript = `globalThis.benchStart = performance.now();
globalThis.benchTasks = new PerformanceObserver(() => {});
try { benchTasks.observe({ type: 'longtask', buffered: true }); } catch {}`

func (p benchPage) html() []byte {
	var b strings.Builder
	b.WriteString("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
	b.WriteString("<title>bench: " + html.EscapeString(p.title) + "</title>\n<link rel=\"icon\" href=\"data:,\">\n")
	if p.start {
		b.WriteString("<script>" + startScript + "</script>\n")
	}
	for _, s := range p.scripts {
		b.WriteString("<script src=\"" + html.EscapeString(s) + "\"></script>\n")
	}
	b.WriteString("</head>\n<body></body>\n</html>\n")
	return []byte(b.String())
}

// benchFiles are the pages and the embedded scripts they load.
func benchFiles() (fs.FS, error) {
	files := fstest.MapFS{}
	scripts, err := fs.Glob(pageFiles, "page/*.js")
	if err != nil {
		return nil, err
	}
	for _, name := range scripts {
		data, err := pageFiles.ReadFile(name)
		if err != nil {
			return nil, err
		}
		files[strings.TrimPrefix(name, "page/")] = &fstest.MapFile{Data: data}
	}
	for name, p := range benchPages {
		files[name] = &fstest.MapFile{Data: p.html()}
	}
	return files, nil
}
