// Package authtest is an emulator of the Inbenta Auth API and of the product
// endpoints behind it, in the style of net/http/httptest. It lets the SDK be
// exercised by native Go tests, by browser tests whose page (on another
// origin) calls it with fetch, and by a dev server, without real credentials.
//
// Routes served:
//
//	POST /v1/auth           exchange a Secret or a Domain Key for a token
//	POST /v1/refreshToken   exchange a valid token for a new one
//	GET  /v1/apis           product base URLs
//	ANY  /prod/{chatbot,search,knowledge}/v1/...  echo of the call as JSON
//
// Product calls need a live token (the gateway's 403 GatewayDeny, or 401
// GatewayUnauthorized after SetTokenRefusal) and, where a product wants
// one, its session:
//
//	POST /prod/chatbot/v1/conversation            the echo, plus sessionToken and sessionId
//	POST /prod/chatbot/v1/conversation/message    a canned answer
//	ANY  /prod/chatbot/v1/conversation/...        needs x-inbenta-session: Bearer <sessionToken>
//	POST /prod/{search,knowledge}/v1/tracking/session  {"sessionToken": ...}
//	ANY  /prod/{search,knowledge}/v1/tracking/...      needs x-inbenta-session: <sessionToken>
//
// A session lives SetSessionLifetime (default 1,440 s for chatbot, 30 min
// for search and knowledge) after its last call; then, or after
// ExpireSessions, its calls get 400 SessionExpiredBody. Any product call
// that carries a session has it checked. SessionStarts and SessionsUsed
// count sessions as TokensUsed counts tokens; CountWithHeader counts the
// requests that carried a header (x-inbenta-env, say).
//
// Route names used by Count, Requests and Fail are "auth", "refreshToken",
// "apis", "chatbot", "search", "knowledge" and "preflight" (every OPTIONS
// request, whatever its path). Unknown paths answer 404 and are not recorded.
//
// Where public documentation is silent the emulator assumes that:
//   - the /auth body field for a Domain Key is "domain_key";
//   - a Domain Key used from a page origin not registered for it, or with no
//     Origin header, gets 403 {"error":{"code":403,"message":"Origin not
//     allowed for this domain key"}};
//   - /auth accepts only application/json and
//     application/x-www-form-urlencoded bodies carrying exactly one of
//     "secret" and "domain_key";
//   - /refreshToken answers omit "apis" (see SetRefreshReturnsAPIs), and a
//     refreshed token stays valid until its own expiration;
//   - x-quota-usage and x-throttle-usage read "used/limit";
//   - a session missing where one is needed gets 400 {"errors":[{"code":400,
//     "message":"Missing x-inbenta-session header"}]}, and one in the wrong
//     form, unknown, of another product or instance 400 {"errors":[{"code":
//     400,"message":"Invalid session token"}]}; Search takes its session
//     raw, as Knowledge does; a session is checked on any call that carries
//     it, needed or not.
//
// CORS is as strict as a browser needs it to be to catch mistakes: answers
// carry Access-Control-Allow-Origin only for origins registered for a
// Domain Key of the instance named by x-inbenta-key (of any instance when
// the request names none the emulator knows, as preflights never do), or
// given to AllowOrigins; never for "null" or a request without Origin.
// Preflights grant only the request headers Inbenta's APIs take
// (x-inbenta-key, authorization, content-type, x-inbenta-env,
// x-inbenta-user-type, x-inbenta-source, x-inbenta-session) and those
// given to AllowHeaders, whatever they ask for. That the real API grants
// exactly these is an assumption.
//
// A Fault with Drop closes the connection without an answer. Go's
// http.Transport silently retries idempotent requests (GET, or any request
// with an Idempotency-Key) that fail that way on a reused connection, so the
// retry reaches the emulator as a second request.
package authtest
