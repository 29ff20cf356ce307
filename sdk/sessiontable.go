package sdk

// SessionSpec is how one product's sessions work at the API.
type SessionSpec struct {
	Product string
	// Start is the path under the product's base URL (client.apis) where a
	// POST starts a session.
	Start string
	// Bearer: the session travels as "x-inbenta-session: Bearer <token>";
	// false: as the token alone.
	Bearer bool
	// TokenField names the session token in the start answer; IDField what
	// ProductSession.ID shows ("" when the product answers none).
	TokenField, IDField string
	// Idle is how long the API keeps a session without calls: each call
	// starts the span again.
	Idle Duration
}

// SessionHeader is the request header that carries a product session.
const SessionHeader = "x-inbenta-session"

// SessionLeeway is how long before its idle lifetime ends a session is
// started anew: the API counts from when a call arrived, the SDK from
// when it left.
const SessionLeeway = 10 * Second

// sessionSpecs is every product that has sessions: the one place to
// correct what INBENTA.md ("Product sessions") gives, and where it says
// "assumption".
var sessionSpecs = [...]SessionSpec{
	// Inbenta's connectors: a conversation, sliding 1,440 s after the last call.
	{Product: "chatbot", Start: "/v1/conversation", Bearer: true,
		TokenField: "sessionToken", IDField: "sessionId", Idle: 1440 * Second},
	// ASSUMPTION (INBENTA.md): Search takes the session raw, as Knowledge.
	{Product: "search", Start: "/v1/tracking/session", Bearer: false,
		TokenField: "sessionToken", Idle: 30 * Minute},
	// Inbenta's help-site template sends the Knowledge session raw.
	{Product: "knowledge", Start: "/v1/tracking/session", Bearer: false,
		TokenField: "sessionToken", Idle: 30 * Minute},
}

// SessionSpecOf is product's session spec; ok is false for a product
// without sessions.
func SessionSpecOf(product string) (spec SessionSpec, ok bool) {
	if i := sessionIndex(product); i >= 0 {
		return sessionSpecs[i], true
	}
	return SessionSpec{}, false
}

// sessionIndex is product's row of sessionSpecs, -1 when it has none.
func sessionIndex(product string) int {
	for i := range sessionSpecs {
		if sessionSpecs[i].Product == product {
			return i
		}
	}
	return -1
}
