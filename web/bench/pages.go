//go:build !(js && wasm)

package main

import (
	"encoding/json"
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
	// preload: the query parameters that may name the page's wasm (the
	// first one set wins), fetched from the head as the README advises.
	preload []string
}

var benchPages = map[string]benchPage{
	"cold-sdk.html":   {"cold start, SDK", true, []string{"/dist/wasm_exec.js", "/dist/inbenta-auth.js", "/cold.js", "/cold-sdk.js"}, []string{"wasm", "sdk"}},
	"cold-floor.html": {"cold start, floor", true, []string{"/dist/wasm_exec.js", "/cold.js", "/cold-floor.js"}, []string{"floor"}},
	"plain-js.html":   {"cold start, plain JS without wasm", true, []string{"/cold.js", "/plain-js.js"}, nil},
	"warm.html":       {"per call", false, []string{"/harness.js", "/dist/wasm_exec.js", "/dist/inbenta-auth.js"}, nil},
	"clock.html":      {"refresh under concurrency", false, []string{"/testsite/clock.js", "/harness.js", "/dist/wasm_exec.js", "/dist/inbenta-auth.js"}, nil},
	"memory.html":     {"memory", false, []string{"/harness.js", "/dist/wasm_exec.js", "/go-hook.js", "/dist/inbenta-auth.js"}, nil},
}

// startScript takes t0 and watches the main thread's long tasks (the
// browser reports those of 50 ms or more) from the page's first script.
const startScript = `globalThis.benchStart = performance.now();
globalThis.benchTasks = new PerformanceObserver(() => {});
try { benchTasks.observe({ type: 'longtask', buffered: true }); } catch {}`

// preloadScript adds <link rel="preload" as="fetch" crossorigin> for the
// wasm named by the first of NAMES set in the page's query.
const preloadScript = `{
  const q = new URLSearchParams(location.search);
  const href = NAMES.map((n) => q.get(n)).find((v) => v);
  if (href) {
    const l = document.createElement('link');
    l.rel = 'preload';
    l.as = 'fetch';
    l.crossOrigin = 'anonymous';
    l.href = href;
    document.head.appendChild(l);
  }
}`

// html is the page; preload: with its preloadScript, when it has one.
func (p benchPage) html(preload bool) []byte {
	var b strings.Builder
	b.WriteString("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
	b.WriteString("<title>bench: " + html.EscapeString(p.title) + "</title>\n<link rel=\"icon\" href=\"data:,\">\n")
	if p.start {
		b.WriteString("<script>" + startScript + "</script>\n")
	}
	if len(p.preload) > 0 && preload {
		names, _ := json.Marshal(p.preload)
		b.WriteString("<script>" + strings.Replace(preloadScript, "NAMES", string(names), 1) + "</script>\n")
	}
	for _, s := range p.scripts {
		b.WriteString("<script src=\"" + html.EscapeString(s) + "\"></script>\n")
	}
	b.WriteString("</head>\n<body></body>\n</html>\n")
	return []byte(b.String())
}

// benchFiles are the pages and the embedded scripts they load; preload:
// the cold-start pages preload their wasm (bench -preload).
func benchFiles(preload bool) (fs.FS, error) {
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
		files[name] = &fstest.MapFile{Data: p.html(preload)}
	}
	return files, nil
}
