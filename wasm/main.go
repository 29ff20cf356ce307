//go:build js && wasm

// Command wasm is the InbentaAuth WebAssembly module: it wires the sdk core
// to the browser through jsbridge. It holds no logic of its own.
package main

import (
	"syscall/js"
	"time"

	"github.com/inbenta-community/inbenta-auth/jsbridge"
	"github.com/inbenta-community/inbenta-auth/sdk"
)

// accessTokenWindow is when a given token is renewed: Inbenta asks for 1 to
// 3 minutes before expiry.
const accessTokenWindow = 2 * time.Minute

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

// createFromDomainKey(domainKey, apiKey, options) resolves with a client
// once the first token is obtained, so a refused key or origin shows at once.
func createFromDomainKey(_ js.Value, args []js.Value) (any, error) {
	domainKey, err := jsbridge.StringArg(args, 0, "domainKey")
	if err != nil {
		return nil, err
	}
	apiKey, opts, err := keyAndOptions(args)
	if err != nil {
		return nil, err
	}
	creds := sdk.Credentials{APIKey: apiKey, DomainKey: domainKey}
	exchange, err := sdk.NewDomainKeyExchange(opts.AuthURL, creds, jsbridge.Transport{}, time.Now)
	if err != nil {
		return nil, err
	}
	policy := retryPolicy()
	b := jsbridge.NewBinding(apiKey, nil, opts)
	c := sdk.NewClient(sdk.WithRetry(exchange, policy), clientOptions(opts, b, policy.Budget+policy.AttemptTimeout)...)
	if _, err := c.Token(sdk.Background); err != nil {
		c.Close()
		return nil, err
	}
	return b.Expose(c)
}

// createFromAccessToken(accessToken, apiKey, options) adopts a token the
// page's server obtained with the Secret. It is renewed through
// options.refresh (or client.setRefresh), else through /refreshToken while
// still valid. Without options.apis, the product URLs come from GET /apis.
func createFromAccessToken(_ js.Value, args []js.Value) (any, error) {
	access, err := jsbridge.StringArg(args, 0, "accessToken")
	if err != nil {
		return nil, err
	}
	apiKey, opts, err := keyAndOptions(args)
	if err != nil {
		return nil, err
	}
	given, err := sdk.ParseHookAnswer(map[string]any{"accessToken": access}, nil, time.Now())
	if err != nil {
		return nil, &sdk.Error{Code: sdk.CodeInvalidArgument, Message: "accessToken is not a token", Cause: err}
	}
	// When the token was issued is unknown: Obtained stays zero, so a token
	// given with 30 s left is renewed at once rather than at half its life.
	given.Expiry, given.APIs, given.Obtained = sdk.At(opts.Expiration), opts.APIs, 0
	refresher, err := sdk.NewRefreshTokenExchange(opts.AuthURL, apiKey, jsbridge.Transport{}, time.Now)
	if err != nil {
		return nil, err
	}
	if given.APIs == nil && !given.Expired(time.Now(), 0) {
		if given.APIs, err = sdk.FetchAPIs(sdk.Background, opts.AuthURL, apiKey, given, jsbridge.Transport{}); err != nil {
			return nil, err
		}
	}
	hooks := sdk.NewAccessTokenSource(sdk.WithRetry(refresher, retryPolicy()), time.Now)
	if opts.Refresh.Type() == js.TypeFunction {
		hooks.SetHook(jsbridge.NewHookSource(opts.Refresh))
	}
	window := accessTokenWindow
	if opts.RefreshWindow >= 0 {
		window = opts.RefreshWindow
	}
	b := jsbridge.NewBinding(apiKey, hooks, opts)
	c := sdk.NewClient(hooks, append(clientOptions(opts, b, sdk.DefaultRefreshTimeout), sdk.WithToken(given), sdk.WithRefreshWindow(window))...)
	return b.Expose(c)
}

func keyAndOptions(args []js.Value) (string, jsbridge.Options, error) {
	apiKey, err := jsbridge.StringArg(args, 1, "apiKey")
	if err != nil {
		return "", jsbridge.Options{}, err
	}
	opts, err := jsbridge.ParseOptions(jsbridge.Arg(args, 2))
	return apiKey, opts, err
}

// retryPolicy is the SDK's for the Auth API, waiting out offline periods.
func retryPolicy() sdk.RetryPolicy {
	p := sdk.DefaultRetryPolicy()
	p.WaitOnline = jsbridge.WaitOnline
	return p
}

// clientOptions maps the page's options; timeout bounds one refresh unless
// the page set refreshTimeout.
func clientOptions(o jsbridge.Options, b *jsbridge.Binding, timeout time.Duration) []sdk.Option {
	if o.RefreshTimeout > 0 {
		timeout = o.RefreshTimeout
	}
	opts := []sdk.Option{sdk.WithObserver(b.Observe), sdk.WithRefreshTimeout(timeout)}
	if o.Leeway >= 0 {
		opts = append(opts, sdk.WithLeeway(o.Leeway))
	}
	return opts
}
