// Package backend runs on the customer's server: it holds the Inbenta
// Secret, exchanges it for an access token at the Auth API, keeps the token
// fresh and hands it to browsers through an [http.Handler].
//
// The Secret must never reach a browser: anyone holding it can mint tokens
// for the instance. This package is therefore never linked into the browser
// WebAssembly; the page receives only short-lived access tokens, from the
// handler that a [TokenServer] is.
//
// The handler gives a token to whoever calls it. Put your own
// authentication (a session check) in front of it, so that only your signed
// in users get tokens. It sets no CORS headers, so pages on other origins
// cannot read its answers.
//
// Tokens follow Inbenta's rule for tokens obtained with a Secret: they are
// renewed at /refreshToken one to three minutes before they expire (two by
// default), with a new /auth exchange when that fails or the token has
// already expired. Any number of concurrent callers share one renewal.
//
// When the API refuses a token before it expires (a revocation), the
// browser SDK's refresh hook says so: its info, {"reason": "rejected"},
// POSTed as JSON to the handler, makes the TokenServer drop that token and
// exchange the Secret anew, at most once per [MinReplaceInterval]. A
// server that answered the refused token again would leave the page
// replaying calls that fail; the SDK now treats that answer as a failed
// refresh.
package backend
