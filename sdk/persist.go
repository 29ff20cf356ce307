package sdk

// What a client keeps beyond the page with options.persist 'session': its
// token, in the tab's storage, where any script of the origin can write.
// So a restored entry is read as an answer of the API is, and more
// strictly: it must be one this SDK could have written.

// MaxTokenLife is the longest life, from when it was obtained, of a token
// the SDK restores. Inbenta documents tokens of 1,200 s; a restored
// expiration further away than this is no token the API issued but a
// forged one, which would never be refreshed. Assumption: no token lives
// longer (one that does is not restored: the page exchanges instead).
const MaxTokenLife = Hour

// storeVersion is the entry's v, and its key's protocol.
const storeVersion = 1

// StoreKey names the entry of the clients that keep the same token (the
// pages ShareGroup groups): the kind of credential, the Auth API base
// (validated as AuthBase does), the API key and, with a Domain Key, its
// digest, never the key itself. The loader names it the same way
// (web/loader/src/persist.js; testdata/persist/keys.json holds the
// vectors both are tested against).
func StoreKey(authURL, apiKey, domainKey string) (string, error) {
	base, err := AuthBase(authURL)
	if err != nil {
		return "", err
	}
	key := "inbenta-auth/1 token\n"
	if domainKey == "" {
		return key + "access-token\n" + base + "\n" + apiKey, nil
	}
	return key + "domain-key\n" + base + "\n" + apiKey + "\n" + FingerprintOf(&Token{AccessToken: domainKey}).String(), nil
}

// Store keeps one client's entry beyond the page: in the browser the tab's
// sessionStorage, under the client's StoreKey. Its methods never fail: a
// storage that throws, is full or is disabled keeps nothing, and the
// client goes on in memory.
type Store interface {
	// Load is the entry as decoded JSON (see ParseTokenAnswer), nil when
	// there is none or it cannot be read.
	Load() any
	// Save replaces the entry with rec.
	Save(rec Record)
	// Remove drops the entry.
	Remove()
}

// Record is what an entry holds: {v: 1, accessToken, expiration,
// obtained, apis} (seconds, as the API counts them). Product sessions are
// to join it as a "sessions" part, each read as a session answer and
// bound to the product base of the token's apis.
type Record struct {
	Token *Token // with an expiration: a token valid until refused is not kept
	// Obtained is Token.Obtained, or when it is unknown (a token the page
	// gave) when it was saved: ParseStored bounds the life left from it.
	Obtained Instant
}

// ParseStored reads an entry restored from a Store for a client of the
// Auth API at authBase (as AuthBase gives it): checked as a token answer
// (ParsePeerToken: the token's characters and size, the apis' product
// names and URLs), and as nothing the API would answer could fail:
//   - exactly the fields a Record has;
//   - obtained no later than now, and an expiration after it and at most
//     MaxTokenLife after it;
//   - every product API on the Auth API's site (SameSite): a forged entry
//     must not send the token, the API key and the page's calls elsewhere;
//   - not expired by now and leeway: a client restores only what it can
//     send.
func ParseStored(v any, authBase string, now Instant, leeway Duration) (*Token, error) {
	obj, ok := v.(map[string]any)
	if !ok || obj["v"] != float64(storeVersion) {
		return nil, badResponse("the stored entry is not one of this SDK's")
	}
	for k := range obj {
		switch k {
		case "v", "accessToken", "expiration", "obtained", "apis":
		default:
			return nil, badResponse("the stored entry has a field " + k + " this SDK does not write")
		}
	}
	obtained, ok := obj["obtained"].(float64)
	if !ok {
		return nil, badResponse("the stored entry has no obtained time")
	}
	if _, ok := obj["expiration"].(float64); !ok {
		return nil, badResponse("the stored entry has no expiration")
	}
	tok, err := ParsePeerToken(v, now)
	if err != nil {
		return nil, err
	}
	at, err := unixToInstant(obtained)
	switch {
	case err != nil || at > now:
		err = badResponse("the stored token was obtained in the future")
	case tok.Expiry <= at || tok.Expiry.Sub(at) > MaxTokenLife:
		err = badResponse("the stored token lives longer than the API's tokens do")
	case tok.Expired(now, leeway):
		err = badResponse("the stored token has expired")
	}
	for _, u := range tok.APIs {
		if err == nil && !SameSite(authBase, u) {
			err = badResponse("the stored token's apis are not on the Auth API's site")
		}
	}
	if err != nil {
		tok.Wipe()
		return nil, err
	}
	tok.Obtained = at
	return tok, nil
}

// SameSite reports whether the product API at u belongs to the Auth API
// at authBase, as a restored entry's apis must: the same origin; or, for
// an Auth API on a domain name, the same scheme (or https for http), the
// same port, and a host under the Auth API host's parent domain
// (api.inbenta.io: *.inbenta.io, where Inbenta's product APIs are). Hosts
// that are IP addresses, single labels (localhost) or whose parent looks
// like a public suffix (co.uk, com.au) get the same origin only: the
// check errs on the strict side, where a refused entry costs an exchange.
func SameSite(authBase, u string) bool {
	ao, po := OriginOf(authBase), OriginOf(u)
	if ao == "" || po == "" {
		return false
	}
	if ao == po {
		return true
	}
	as, ahost, _ := cut(ao, "://")
	ps, phost, _ := cut(po, "://")
	if as != ps && !(as == "http" && ps == "https") {
		return false
	}
	aname, aport := splitPort(ahost)
	pname, pport := splitPort(phost)
	if aport != pport {
		return false
	}
	parent := parentDomain(aname)
	return parent != "" && (pname == parent || hasSuffix(pname, "."+parent))
}

// splitPort splits host[:port]; an IPv6 literal keeps its brackets.
func splitPort(host string) (name, port string) {
	for i := len(host) - 1; i >= 0 && host[i] != ']'; i-- {
		if host[i] == ':' {
			return host[:i], host[i+1:]
		}
	}
	return host, ""
}

// parentDomain is name without its first label, or "" when that would
// not be a domain of its own: an IP address, fewer than two labels left,
// or two labels that look like a public suffix (a label of at most three
// letters under a two-letter country code: co.uk, com.au).
func parentDomain(name string) string {
	if name == "" || name[0] == '[' || isIPv4(name) {
		return ""
	}
	_, parent, ok := cut(name, ".")
	if !ok {
		return ""
	}
	second, tld, ok := cut(parent, ".")
	if !ok || second == "" || tld == "" {
		return ""
	}
	if !containsByte(tld, ".") && len(tld) == 2 && len(second) <= 3 {
		return ""
	}
	return parent
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
