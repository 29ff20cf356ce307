//go:build browser

package browsertest

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/inbenta-community/inbenta-auth/web/pack"
)

// snippet is a fenced code block of README.md or of a user's doc.
type snippet struct {
	file, lang, code string
	line             int
}

func readmeSnippets(t *testing.T) []snippet {
	t.Helper()
	return snippetsOf(t, "README.md")
}

// userDocSnippets are the snippets of README.md and of the docs/ the npm
// package ships (pack.InternalDocs are the SDK developers').
func userDocSnippets(t *testing.T) []snippet {
	t.Helper()
	out := readmeSnippets(t)
	docs, err := filepath.Glob("../../docs/*.md")
	require.NoError(t, err)
	for _, d := range docs {
		name := "docs/" + filepath.Base(d)
		if !slices.Contains(pack.InternalDocs, name) {
			out = append(out, snippetsOf(t, name)...)
		}
	}
	return out
}

// snippetsOf reads the fenced code blocks of name (relative to the
// repository's root).
func snippetsOf(t *testing.T, name string) []snippet {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("../..", name))
	require.NoError(t, err)
	var out []snippet
	lines := strings.Split(string(b), "\n")
	for i := 0; i < len(lines); i++ {
		lang, ok := strings.CutPrefix(lines[i], "```")
		if !ok || lang == "" {
			continue
		}
		start := i + 1
		for i++; i < len(lines) && lines[i] != "```"; i++ {
		}
		out = append(out, snippet{file: name, lang: lang, code: strings.Join(lines[start:i], "\n"), line: start})
	}
	return out
}

var inlineScript = regexp.MustCompile(`(?s)<script>(.*?)</script>`)

// TestReadmeSnippetsRun runs every JavaScript and HTML snippet of the
// README and the user's docs in the browser against the emulated API (its
// placeholders filled in), and builds every Go snippet.
func TestReadmeSnippetsRun(t *testing.T) {
	ran := 0
	for _, s := range userDocSnippets(t) {
		at := s.file + "@" + itoa(s.line)
		switch s.lang {
		case "html", "js":
			ran++
			t.Run(at, func(t *testing.T) { runJSSnippet(t, s) })
		case "go":
			ran++
			t.Run(at, func(t *testing.T) { buildGoSnippet(t, s) })
		case "jsx":
			ran++
			t.Run(at, func(t *testing.T) { requireTestedReactSnippet(t, s) })
		}
	}
	assert.GreaterOrEqual(t, ran, 8, "the snippets were found")
}

func itoa(n int) string { return strconv.Itoa(n) }

func runJSSnippet(t *testing.T, s snippet) {
	if strings.Contains(s.code, `<script type="module">`) {
		t.Skip("a module snippet: TestBundleReadmeModuleSnippets runs it as a real module")
	}
	if strings.Contains(s.code, `integrity="sha384-…"`) {
		t.Skip("a hosting example with elided hashes: TestBundleIntegrityAttributes loads the scripts with real ones")
	}
	f := newFixture(t)
	code := s.code
	if s.lang == "html" {
		m := inlineScript.FindStringSubmatch(code)
		require.NotNil(t, m, "an HTML snippet needs an inline script")
		code = m[1]
	}
	code = strings.NewReplacer(
		"'YOUR_DOMAIN_KEY'", jsString(f.domainKey),
		"'YOUR_API_KEY'", jsString(f.apiKey),
		"'https://api.inbenta.io/v1'", jsString(f.api.AuthURL),
		"'/inbenta/token'", "'/e2e/token'",
	).Replace(code)
	if strings.Contains(code, "client.") && !strings.Contains(code, "const client") && !strings.Contains(code, "(client)") {
		// A snippet about an existing client: give it one.
		f.createFromToken(f.serverToken(), `{refresh: hook}`)
	}
	r := eval[settled](f, `e2e.settle((async () => {`+code+"\n})())")
	require.True(t, r.OK, "%s line %d failed: %+v", s.file, s.line, r.Error)
	if strings.Contains(code, "client.fetch") {
		require.Eventually(t, func() bool { return f.api.Count("chatbot") >= 1 }, 10*time.Second, 20*time.Millisecond,
			"%s line %d: the snippet's call reached the API", s.file, s.line)
		assert.NotEmpty(t, f.api.TokensUsed("chatbot"), "with a token")
	}
}

// requireTestedReactSnippet holds a JSX snippet to the React app that
// TestReactStrictModeAppFromTheTarball builds and runs: the snippet must be
// part of it, line for line (indentation aside).
func requireTestedReactSnippet(t *testing.T, s snippet) {
	app, err := os.ReadFile("testdata/react/src/Chat.jsx")
	require.NoError(t, err)
	trimmed := func(code string) string {
		lines := strings.Split(code, "\n")
		for i, l := range lines {
			lines[i] = strings.TrimSpace(l)
		}
		return strings.Join(lines, "\n")
	}
	assert.Contains(t, trimmed(string(app)), trimmed(s.code),
		"%s line %d is not the tested React app's code (testdata/react/src/Chat.jsx)", s.file, s.line)
}

func jsString(s string) string { return js("%s", s) }

func buildGoSnippet(t *testing.T, s snippet) {
	dir, err := os.MkdirTemp("..", ".readme-snippet-")
	require.NoError(t, err)
	t.Cleanup(func() { os.RemoveAll(dir) })
	require.NoError(t, os.WriteFile(filepath.Join(dir, "main.go"), []byte(s.code), 0o644))
	cmd := exec.Command("go", "vet", "./"+filepath.Base(dir))
	cmd.Dir = ".."
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s line %d does not build:\n%s", s.file, s.line, out)
}
