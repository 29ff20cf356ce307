//go:build js && wasm

// Command wasm is the InbentaAuth WebAssembly module: it wires the sdk core
// to the browser through jsbridge. It holds no logic of its own.
package main

import (
	"context"
	"syscall/js"
	"time"

	"github.com/inbenta-community/inbenta-auth/jsbridge"
	"github.com/inbenta-community/inbenta-auth/sdk"
)

func main() {
	err := jsbridge.Install(map[string]any{
		"createFromDomainKey": jsbridge.Async(createFromDomainKey),
	})
	if err != nil {
		js.Global().Get("console").Call("error", "InbentaAuth: "+err.Error())
		return
	}
	select {} // serve JS calls until the page goes away
}

// createFromDomainKey(domainKey, apiKey, options) resolves with a client
// once the first token is obtained, so a refused key or origin shows at once.
func createFromDomainKey(_ js.Value, args []js.Value) (any, error) {
	domainKey, err := jsbridge.StringArg(args, 0, "domainKey")
	if err != nil {
		return nil, err
	}
	apiKey, err := jsbridge.StringArg(args, 1, "apiKey")
	if err != nil {
		return nil, err
	}
	opts, err := jsbridge.ParseOptions(jsbridge.Arg(args, 2))
	if err != nil {
		return nil, err
	}
	creds := sdk.Credentials{APIKey: apiKey, DomainKey: domainKey}
	src, err := sdk.NewDomainKeyExchange(opts.AuthURL, creds, jsbridge.Transport{}, time.Now)
	if err != nil {
		return nil, err
	}
	c := sdk.NewClient(src, clientOptions(opts)...)
	if _, err := c.Token(context.Background()); err != nil {
		c.Close()
		return nil, err
	}
	return jsbridge.NewClientObject(c, apiKey)
}

func clientOptions(o jsbridge.Options) []sdk.Option {
	var opts []sdk.Option
	if o.Leeway >= 0 {
		opts = append(opts, sdk.WithLeeway(o.Leeway))
	}
	return opts
}
