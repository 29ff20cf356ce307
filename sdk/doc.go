// Package sdk is the platform-free core of the Inbenta Auth SDK: tokens,
// credentials, typed errors and the client state machine that obtains a token,
// keeps it, refreshes it only when needed (single-flight) and replays a call
// the API rejected because of its token.
//
// It is compiled into the browser's WebAssembly module, so it imports only
// small standard packages: no net/http, encoding/json, net/url or fmt. The
// network is reached through [Transport] and time through a clock function,
// so the package is unit-tested natively.
package sdk
