//go:build js && wasm

// Command wasm is the InbentaAuth WebAssembly module: wiring only, the sdk
// core to the browser through jsbridge; each mode's policy is the sdk's.
package main

import (
	"syscall/js"

	"github.com/inbenta-community/inbenta-auth/jsbridge"
	"github.com/inbenta-community/inbenta-auth/sdk"
)

func main() {
	err := jsbridge.Install(map[string]any{
		"createFromDomainKey":   jsbridge.Async(createFromDomainKey),
		"createFromAccessToken": jsbridge.Async(createFromAccessToken),
		"client":                jsbridge.Methods(),
	})
	if err != nil {
		js.Global().Get("console").Call("error", "InbentaAuth: "+err.Error())
		return
	}
	select {} // serve JS calls until the page goes away
}

// createFromDomainKey resolves once it has a token: a refused key shows now.
// The loader may have sent the first /auth already (args[3]).
func createFromDomainKey(_ js.Value, args []js.Value) (any, error) {
	domainKey, err := jsbridge.StringArg(args, 0, "domainKey")
	cfg, opts, err := config(args, err)
	if err != nil {
		return nil, err
	}
	early := jsbridge.Arg(args, 3)
	cfg.Transport, cfg.Exchanging = jsbridge.NewPrimed(early, cfg.Transport), early.Truthy()
	b := jsbridge.NewBinding(cfg.APIKey, nil, &opts)
	cfg.Observer = b.Observe
	cfg.Peers = b.Share(opts.ShareAcrossTabs, sdk.ShareGroup(cfg.Options.AuthURL, cfg.APIKey, domainKey))
	k, err := sdk.NewDomainKeyKeeper(cfg, domainKey)
	if err == nil {
		if _, _, err = k.Token(sdk.Background); err != nil {
			k.Close()
		}
	}
	if err != nil {
		b.Discard()
		return nil, err
	}
	return b.Expose(k, cfg.NewSessions(k), cfg.Options.Headers)
}

// createFromAccessToken(accessToken, apiKey, options) adopts a token.
func createFromAccessToken(_ js.Value, args []js.Value) (any, error) {
	access, err := jsbridge.TokenArg(args, 0, "accessToken")
	cfg, opts, err := config(args, err)
	if err != nil {
		return nil, err
	}
	hooks, err := sdk.NewAccessTokenSource(cfg, jsbridge.HookOf(opts.Refresh))
	if err != nil {
		return nil, err
	}
	b := jsbridge.NewBinding(cfg.APIKey, hooks, &opts)
	cfg.Observer = b.Observe
	cfg.Peers = b.Share(opts.ShareAcrossTabs, sdk.ShareGroup(cfg.Options.AuthURL, cfg.APIKey, ""))
	k, err := sdk.NewAccessTokenKeeper(sdk.Background, cfg, access, hooks)
	if err != nil {
		b.Discard()
		return nil, err
	}
	return b.Expose(k, cfg.NewSessions(k), cfg.Options.Headers)
}

// config reads apiKey and options, unless the first argument failed (err).
func config(args []js.Value, err error) (sdk.Config, jsbridge.Options, error) {
	cfg, opts := sdk.Config{Transport: jsbridge.Transport{}, Clock: jsbridge.Clock{}, WaitOnline: jsbridge.WaitOnline, Random: jsbridge.Random}, jsbridge.Options{}
	if err == nil {
		cfg.APIKey, err = jsbridge.StringArg(args, 1, "apiKey")
	}
	if err == nil {
		opts, err = jsbridge.ParseOptions(jsbridge.Arg(args, 2))
	}
	cfg.Options, cfg.Store = opts.Options, jsbridge.NewStore(opts.Persist)
	return cfg, opts, err
}
