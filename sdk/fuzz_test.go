package sdk

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"
)

// seed adds every file of ../testdata/dir to the corpus.
func seed(f *testing.F, dir string) {
	files, err := filepath.Glob(filepath.Join("..", "testdata", dir, "*.json"))
	if err != nil || len(files) == 0 {
		f.Fatalf("no seeds in testdata/%s: %v", dir, err)
	}
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
}

func decodeJSON(b []byte) (any, bool) {
	var v any
	return v, json.Unmarshal(b, &v) == nil
}

// Whatever the Auth API answers, the result is a token fit to send in a
// header, expiring no later than the API's tokens can, or BAD_RESPONSE;
// never a panic. A hook's answer is held to the same, or INVALID_ARGUMENT.
func FuzzParseTokenAnswer(f *testing.F) {
	seed(f, "token-answers")
	sent := Instant(1_800_000_000 * Second)
	f.Fuzz(func(t *testing.T, body []byte) {
		v, ok := decodeJSON(body)
		if !ok {
			return
		}
		checkToken(t, body, CodeInvalidArgument, sent, false)(ParseHookAnswer(v, nil, sent))
		checkToken(t, body, CodeBadResponse, sent, true)(ParseTokenAnswer(v, nil, sent))
	})
}

// checkToken checks what parsing body gave: a token fit to send, or an
// error of code.
func checkToken(t *testing.T, body []byte, code Code, sent Instant, needExpiry bool) func(*Token, error) {
	return func(tok *Token, err error) {
		if err != nil {
			if CodeOf(err) != code {
				t.Fatalf("code %s for %q", CodeOf(err), body)
			}
			return
		}
		if tok.AccessToken == "" || len(tok.AccessToken) > maxTokenLen || !isHeaderSafe(tok.AccessToken) {
			t.Fatalf("unsendable token %q", tok.AccessToken)
		}
		if (needExpiry || !tok.Expiry.IsZero()) && (tok.Expiry <= 0 || tok.Expiry.Sub(sent) > MaxTokenLife+MaxClockSkew) {
			t.Fatalf("expiry %v for %q", tok.Expiry, body)
		}
		for name, u := range tok.APIs {
			if OriginOf(u) == "" {
				t.Fatalf("apis.%s = %q is not an http(s) URL", name, u)
			}
		}
	}
}

// Any labels option and any language give the three labels, each from the
// page or a catalog; bad input is INVALID_ARGUMENT.
func FuzzResolveLabels(f *testing.F) {
	seed(f, "labels")
	f.Fuzz(func(t *testing.T, labels []byte) {
		v, ok := decodeJSON(labels)
		if !ok {
			return
		}
		cfg, err := ParseLabelConfig(v)
		if err != nil {
			if CodeOf(err) != CodeInvalidArgument {
				t.Fatalf("code %s", CodeOf(err))
			}
			return
		}
		for _, lang := range []string{"", "en", "es", "es-MX", "pt_BR", "zz", string(labels)} {
			got := ResolveLabels(cfg, lang)
			for _, name := range LabelNames {
				text, ok := got[name]
				if !ok {
					t.Fatalf("%s missing for %q", name, lang)
				}
				if text == "" && !pageGave(cfg, name) {
					t.Fatalf("%s empty for %q without the page asking", name, lang)
				}
				if !utf8.ValidString(text) && !pageGave(cfg, name) {
					t.Fatalf("%s invalid UTF-8", name)
				}
			}
		}
	})
}

func pageGave(cfg LabelConfig, name string) bool {
	if _, ok := cfg.Flat[name]; ok {
		return true
	}
	for _, set := range cfg.PerLang {
		if _, ok := set[name]; ok {
			return true
		}
	}
	return false
}

// Any options object is accepted with sane values, or refused with
// INVALID_ARGUMENT or SECRET_IN_BROWSER; never a panic.
func FuzzParseOptions(f *testing.F) {
	seed(f, "options")
	f.Fuzz(func(t *testing.T, body []byte) {
		v, ok := decodeJSON(body)
		if !ok {
			return
		}
		opts, err := ParseOptions(v)
		if err != nil {
			if c := CodeOf(err); c != CodeInvalidArgument && c != CodeSecretInBrowser {
				t.Fatalf("code %s", c)
			}
			return
		}
		if opts.AuthURL != "" {
			if _, err := AuthBase(opts.AuthURL); err != nil {
				t.Fatalf("accepted authURL %q", opts.AuthURL)
			}
		}
		for _, d := range []Duration{opts.Leeway, opts.RefreshTimeout, opts.RefreshWindow} {
			if d < -1 || d > Hour {
				t.Fatalf("duration %v", d)
			}
		}
	})
}

// Whatever a script of the origin writes in the tab's storage, a restored
// token is one this SDK could have saved: sendable, expiring within
// MaxSharedLife of now, its apis on the Auth API's site; or BAD_RESPONSE.
func FuzzParseStored(f *testing.F) {
	seed(f, "stored")
	now := Instant(1_800_000_000 * Second)
	f.Fuzz(func(t *testing.T, body []byte) {
		v, ok := decodeJSON(body)
		if !ok {
			return
		}
		tok, err := ParseStored(v, DefaultAuthURL, now, DefaultLeeway)
		if err != nil {
			if CodeOf(err) != CodeBadResponse {
				t.Fatalf("code %s for %q", CodeOf(err), body)
			}
			return
		}
		if tok.AccessToken == "" || len(tok.AccessToken) > maxTokenLen || !isHeaderSafe(tok.AccessToken) {
			t.Fatalf("unsendable token %q", tok.AccessToken)
		}
		if tok.Expired(now, DefaultLeeway) || tok.Expiry.Sub(now) > MaxSharedLife || tok.Obtained > now {
			t.Fatalf("expiry %v, obtained %v at %v", tok.Expiry, tok.Obtained, now)
		}
		for name, u := range tok.APIs {
			if !SameSite(DefaultAuthURL, u) {
				t.Fatalf("apis.%s = %q is not on the Auth API's site", name, u)
			}
		}
	})
}
