//go:build !(js && wasm)

package engine

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"time"
)

// firefoxPage is one browsing context (a window) in a user context of its own.
type firefoxPage struct {
	console
	f           *firefox
	userContext string
	context     string
}

func (p *firefoxPage) Navigate(ctx context.Context, url string) error {
	return p.f.call(ctx, "browsingContext.navigate", map[string]any{"context": p.context, "url": url, "wait": "complete"}, nil)
}

func (p *firefoxPage) Eval(ctx context.Context, expr string) (json.RawMessage, error) {
	var r struct {
		Type   string `json:"type"` // success or exception
		Result struct {
			Type  string          `json:"type"`
			Value json.RawMessage `json:"value"`
		} `json:"result"`
		ExceptionDetails struct {
			Text string `json:"text"`
		} `json:"exceptionDetails"`
	}
	err := p.f.call(ctx, "script.evaluate", map[string]any{
		"expression":      wrap(expr),
		"target":          map[string]any{"context": p.context},
		"awaitPromise":    true,
		"resultOwnership": "none",
	}, &r)
	if err != nil {
		return nil, err
	}
	if r.Type == "exception" { // a syntax error in expr; wrap catches the rest
		return nil, fmt.Errorf("js: %s", r.ExceptionDetails.Text)
	}
	var s string
	if r.Result.Type != "string" || json.Unmarshal(r.Result.Value, &s) != nil {
		return nil, fmt.Errorf("engine: unexpected result %s %s", r.Result.Type, r.Result.Value)
	}
	return unwrap(s)
}

func (p *firefoxPage) Screenshot(ctx context.Context) ([]byte, error) {
	var r struct {
		Data string `json:"data"`
	}
	if err := p.f.call(ctx, "browsingContext.captureScreenshot", map[string]any{"context": p.context}, &r); err != nil {
		return nil, err
	}
	return base64.StdEncoding.DecodeString(r.Data)
}

func (p *firefoxPage) SetViewport(ctx context.Context, width, height int) error {
	return p.f.call(ctx, "browsingContext.setViewport", map[string]any{
		"context": p.context, "viewport": map[string]any{"width": width, "height": height},
	}, nil)
}

// Close removes the page's user context, which closes its tab and drops its
// storage.
func (p *firefoxPage) Close() error {
	p.f.mu.Lock()
	delete(p.f.pages, p.context)
	p.f.mu.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return p.f.call(ctx, "browser.removeUserContext", map[string]any{"userContext": p.userContext}, nil)
}

func (p *firefoxPage) SetOffline(ctx context.Context, offline bool) error {
	var conditions any // null: no emulation
	if offline {
		conditions = map[string]any{"type": "offline"}
	}
	return p.f.call(ctx, "emulation.setNetworkConditions", map[string]any{
		"networkConditions": conditions, "contexts": []string{p.context},
	}, nil)
}
