package sdk

// What a client keeps beyond the page with options.persist 'session': its
// token, in the tab's storage, where any script of the origin can write.
// So a restored entry is read as an answer of the API is, and more
// strictly: it must be one this SDK could have written.

// StoreKey names the entry of the clients that keep the same token (the
// pages ShareGroup groups): the kind of credential, the Auth API base
// (validated as AuthBase does), the API key and, with a Domain Key, its
// digest, never the key itself. The loader names it the same way
// (web/loader/src/persist.js; testdata/persist/keys.json holds the
// vectors both are tested against).
func StoreKey(authURL, apiKey, domainKey string) (string, error) {
	base, err := AuthBase(authURL)
	key := "inbenta-auth/1 token\n"
	if domainKey == "" {
		return key + "access-token\n" + base + "\n" + apiKey, err
	}
	return key + "domain-key\n" + base + "\n" + apiKey + "\n" + FingerprintOf(&Token{AccessToken: domainKey}).String(), err
}

// Store keeps clients' entries beyond the page, by StoreKey: in the
// browser the tab's sessionStorage. Its methods never fail: a storage
// that throws, is full or is disabled keeps nothing, and the client goes
// on in memory.
type Store interface {
	// Load is the entry as decoded JSON (see ParseTokenAnswer), nil when
	// there is none or it cannot be read.
	Load(key string) any
	// Save replaces the entry with rec.
	Save(key string, rec Record)
	// Remove drops the entry.
	Remove(key string)
}

// Record is what an entry holds: a token, as {accessToken, expiration,
// obtained, apis} (seconds, as the API counts them), with an expiration
// and an obtained time; or, in a product's own entry (sessionKey), its
// session, as StoredSession.Pairs.
type Record struct {
	Token   *Token
	Session *StoredSession
}

var errNotStored = &Error{Code: CodeBadResponse, Message: "the stored entry is none this SDK would restore"}

// ParseStored reads an entry restored from a Store for a client of the
// Auth API at authBase (as AuthBase gives it): checked as another page's
// token (ParsePeerToken: a token answer's characters and size, the apis'
// product names and URLs, an expiration after now and within
// MaxSharedLife of it), and as nothing the API would answer could fail:
//   - exactly the fields of a Record;
//   - obtained no later than now, and an expiration after it and at most
//     MaxSharedLife after it (the API's tokens live 20 minutes: a later
//     one is forged, and would never be refreshed);
//   - every product API on the Auth API's site (SameSite): a forged entry
//     must not send the token, the API key and the page's calls elsewhere;
//   - not expired by now and leeway: a client restores only what it can
//     send.
func ParseStored(v any, authBase string, now Instant, leeway Duration) (*Token, error) {
	obj, _ := v.(map[string]any)
	obtained, ok := obj["obtained"].(float64)
	// ParsePeerToken requires the other three: accessToken, expiration
	// and apis.
	if !ok || len(obj) != 4 {
		return nil, errNotStored
	}
	tok, err := ParsePeerToken(v, now)
	if err != nil {
		return nil, errNotStored
	}
	at, err := unixToInstant(obtained)
	ok = err == nil && at <= now && tok.Expiry > at && tok.Expiry.Sub(at) <= MaxSharedLife && !tok.Expired(now, leeway)
	for _, u := range tok.APIs {
		ok = ok && SameSite(authBase, u)
	}
	if !ok {
		tok.Wipe()
		return nil, errNotStored
	}
	tok.Obtained = at
	return tok, nil
}

// SameSite reports whether the product API at u belongs to the Auth API
// at authBase, as a restored entry's apis must: the same origin; or, for
// an Auth API on a domain name, the same scheme and port and a host under
// the Auth API host's parent domain (api.inbenta.io: *.inbenta.io, where
// Inbenta's product APIs are). An Auth API on an IP address, or whose
// parent domain has one label or looks like a public suffix (co.uk,
// com.au), gets the same origin only: the check errs on the strict side,
// where a refused entry costs one exchange.
func SameSite(authBase, u string) bool {
	ao, po := OriginOf(authBase), OriginOf(u)
	if ao == "" || ao == po {
		return ao != ""
	}
	scheme, host, _ := cut(ao, "://")
	_, parent, ok := cut(host, ".")
	name, _, _ := cut(parent, ":")
	second, tld, dotted := cut(name, ".")
	if !ok || !dotted || isIPv4(name) || (len(tld) == 2 && len(second) <= 3) {
		return false
	}
	ps, _, _ := cut(po, "://")
	return ps == scheme && hasSuffix(po, "."+parent)
}

// isIPv4 reports whether name is made of digits and dots only.
func isIPv4(name string) bool {
	for i := 0; i < len(name); i++ {
		if c := name[i]; c != '.' && (c < '0' || c > '9') {
			return false
		}
	}
	return true
}
