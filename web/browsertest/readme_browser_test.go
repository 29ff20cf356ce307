//go:build browser

package browsertest

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// snippet is a fenced code block of README.md.
type snippet struct {
	lang, code string
	line       int
}

func readmeSnippets(t *testing.T) []snippet {
	t.Helper()
	b, err := os.ReadFile("../../README.md")
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
		out = append(out, snippet{lang: lang, code: strings.Join(lines[start:i], "\n"), line: start})
	}
	return out
}

var inlineScript = regexp.MustCompile(`(?s)<script>(.*?)</script>`)

// TestReadmeSnippetsRun runs every JavaScript and HTML snippet of the
// README in the browser against the emulated API (its placeholders filled
// in), and builds every Go snippet.
func TestReadmeSnippetsRun(t *testing.T) {
	snippets := readmeSnippets(t)
	ran := 0
	for _, s := range snippets {
		switch s.lang {
		case "html", "js":
			ran++
			t.Run(s.lang+"@"+itoa(s.line), func(t *testing.T) { runJSSnippet(t, s) })
		case "go":
			ran++
			t.Run("go@"+itoa(s.line), func(t *testing.T) { buildGoSnippet(t, s) })
		}
	}
	assert.GreaterOrEqual(t, ran, 6, "the README's snippets were found")
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
	require.True(t, r.OK, "README line %d failed: %+v", s.line, r.Error)
	if strings.Contains(code, "client.fetch") {
		require.Eventually(t, func() bool { return f.api.Count("chatbot") >= 1 }, 10*time.Second, 20*time.Millisecond,
			"README line %d: the snippet's call reached the API", s.line)
		assert.NotEmpty(t, f.api.TokensUsed("chatbot"), "with a token")
	}
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
	require.NoError(t, err, "README line %d does not build:\n%s", s.line, out)
}
