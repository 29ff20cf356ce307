// Package sdk is the platform-free core of the Inbenta Auth SDK: tokens,
// credentials, typed errors, the [Keeper], the state machine that
// obtains a token, keeps it, and refreshes it only when needed
// (single-flight), and [Sessions], which keeps a client's product
// sessions the same way.
//
// It is compiled into the browser's WebAssembly module, so its non-test
// code imports only small standard packages: no net/http, encoding/json,
// net/url, fmt, context, strings or time. The network is reached through
// [Transport] and time through a [Clock], so the package is unit-tested
// natively.
//
// # The Keeper's states
//
// A Keeper is in one [State], computed from its fields in one place
// (stateLocked). Rows are states, columns what happens:
//
//	state      | Token, Rejected(old gen)  | Rejected(current gen) | window timer, Wake     | refresh ends
//	-----------+---------------------------+-----------------------+------------------------+----------------------
//	none       | begin refresh, wait       | (no generation yet)   | nothing                | -
//	fresh      | the token, at once        | -> rejected, as there | re-arm                 | -
//	due        | begin refresh, wait (1)   | -> rejected, as there | begin refresh          | -
//	expired    | begin refresh, wait       | -> rejected, as there | begin refresh if due   | -
//	rejected   | begin refresh, wait       | begin refresh, wait   | begin refresh if due   | -
//	refreshing | wait for it (1)           | -> rejected, wait     | nothing                | ok: fresh, new gen;
//	           |                           |                       |                        | failed: the token's state
//	closed     | CLOSED                    | CLOSED                | nothing                | CLOSED to waiters
//
// (1) If the refresh fails while the old token is still usable (due), the
// call goes on with it instead of failing.
//
// "Begin refresh" (beginLocked, the one way in) reports a token newly found
// expired (EventExpired, once per generation), then asks the Source whether
// it can replace the token at all ([Refuser]), then the breaker (at most
// DefaultBreakerMax refreshes per DefaultBreakerPeriod; the first token is
// no refresh), and starts the one refresh every caller then waits for.
//
// A failure that leaves no usable token (a refusal, an unfixable error, a
// failed hook) opens a failure episode: EventRefreshError once, however
// many calls fail, until a refresh succeeds (EventToken, EventRecovered).
// The episode is a latch on events, not a state: calls behave the same in
// it.
//
// # A product's session
//
// Sessions keeps one session per product of its table (sessiontable.go).
// Rows are the session's states, columns what happens:
//
//	session  | Ready  | Session     | Expired(its gen)            | Expired(older gen) | start ends
//	---------+--------+-------------+-----------------------------+--------------------+---------------------
//	none     | nil    | start, wait | start, wait                 | start, wait        | -
//	usable   | it     | it          | -> expired, start, wait (1) | it                 | -
//	idle     | nil    | start, wait | -> expired, start, wait     | start, wait        | -
//	expired  | nil    | start, wait | start, wait                 | start, wait        | -
//	starting | nil    | wait        | -> expired, wait            | wait               | ok: usable, new gen,
//	         |        |             |                             |                    | EventSession if it
//	         |        |             |                             |                    | replaced one;
//	         |        |             |                             |                    | failed: as before
//	closed   | CLOSED | CLOSED      | CLOSED                      | CLOSED             | dropped
//
// (1) SESSION_FAILED instead when the session was itself started for an
// expiry and no call got through with it: a replay budget, so a server
// that answers every session expired makes no loop. End drops the
// session (none), Touch slides a usable one's idle span.
package sdk
