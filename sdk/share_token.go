package sdk

// A token as it crosses between pages, and what a page believes of one
// (docs/tab-protocol.md, "The token record" and "What a page believes").

// MaxSharedLife bounds a shared token's expiration: at most this far from
// now. The API's tokens live 20 minutes; a later expiration is not one it
// issued, and would make the token count as newer than any.
const MaxSharedLife = Hour

// PeerRefusal is why a page does not believe a token another page sent.
// The values are testdata/share's verdicts.
type PeerRefusal string

const (
	PeerNotAToken    PeerRefusal = "not-a-token"        // not even a refresh hook's answer
	PeerNoAPIs       PeerRefusal = "no-apis"            // worth nothing without its product APIs
	PeerNoExpiration PeerRefusal = "no-expiration"      // would count as newer than any
	PeerExpired      PeerRefusal = "expired"            // at or before now
	PeerTooFar       PeerRefusal = "expiration-too-far" // past now + MaxSharedLife
	PeerForeignAPIs  PeerRefusal = "foreign-apis"       // not the origins this page knows
)

// Error is the verdict itself: a refusal is never shown to the page.
func (r PeerRefusal) Error() string { return string(r) }

// PeerRecord is tok as it crosses to another page, as name-value pairs:
// accessToken, expiration and obtained (Unix seconds, nil when unknown) and
// apis (a map[string]string). ParsePeerToken reads it back.
func PeerRecord(tok *Token) []any {
	var expiration, obtained any
	if e := tok.ExpirationUnix(); e != 0 {
		expiration = e
	}
	if !tok.Obtained.IsZero() {
		obtained = float64(tok.Obtained) / float64(Second)
	}
	return []any{"accessToken", tok.AccessToken, "expiration", expiration, "obtained", obtained, "apis", tok.APIs}
}

// ParsePeerToken validates a token another page announced or answered
// (PeerRecord's fields; the tree a JSON decoder makes). It is checked as a
// hook's answer, must name its product APIs, and must expire after now and
// within MaxSharedLife of it; an expires_in is not part of it and is not
// read. The error is a PeerRefusal.
func ParsePeerToken(v any, now Instant) (*Token, error) {
	tok, err := parseToken(v, nil, now, peerRecords)
	if err != nil {
		return nil, PeerNotAToken
	}
	obj := v.(map[string]any)
	exp, hasExp := obj["expiration"].(float64)
	var why PeerRefusal
	switch {
	case len(tok.APIs) == 0:
		why = PeerNoAPIs
	case !hasExp:
		why = PeerNoExpiration
	}
	if why == "" {
		tok.Expiry, _ = unixToInstant(exp) // ParseHookAnswer checked it
		switch {
		case tok.Expiry <= now:
			why = PeerExpired
		case tok.Expiry.Sub(now) > MaxSharedLife:
			why = PeerTooFar
		}
	}
	if why != "" {
		tok.Wipe()
		return nil, why
	}
	if sec, ok := obj["obtained"].(float64); ok {
		if at, err := unixToInstant(sec); err == nil && at <= now {
			tok.Obtained = at
		}
	}
	return tok, nil
}

// originsOf maps each product of apis to its URL's origin.
func originsOf(apis map[string]string) map[string]string {
	out := make(map[string]string, len(apis))
	for product, u := range apis {
		out[product] = OriginOf(u)
	}
	return out
}

// checkOrigins is PeerForeignAPIs unless tok names the same products as
// known (product to origin), each at its known origin.
func checkOrigins(tok *Token, known map[string]string) error {
	if len(tok.APIs) != len(known) {
		return PeerForeignAPIs
	}
	for product, u := range tok.APIs {
		if o, ok := known[product]; !ok || OriginOf(u) != o {
			return PeerForeignAPIs
		}
	}
	return nil
}
