package sdk

// isHTTPURL reports whether s is an absolute http or https URL with a host and
// no spaces. It is deliberately small: net/url would pull fmt and reflect into
// the wasm.
func isHTTPURL(s string) bool {
	scheme, rest, ok := cut(s, "://")
	if scheme = lowerASCII(scheme); !ok || (scheme != "https" && scheme != "http") {
		return false
	}
	host, _, _ := cut(rest, "/")
	if host == "" || containsByte(host, "?#@\\") || host[0] == ':' {
		return false
	}
	return isHeaderSafe(s)
}

// normalizeBaseURL validates an API base such as https://api.inbenta.io/v1
// and drops trailing slashes so routes can be appended.
func normalizeBaseURL(s string) (string, error) {
	if !isHTTPURL(s) || containsByte(s, "?#") {
		return "", newError(CodeInvalidArgument, "authURL must be an absolute http(s) URL without query or fragment")
	}
	for len(s) > 0 && s[len(s)-1] == '/' {
		s = s[:len(s)-1]
	}
	return s, nil
}

// OriginOf returns the scheme://host[:port] of an absolute http(s) URL,
// lower-cased and without a default port, or "" when u is not one.
func OriginOf(u string) string {
	if !isHTTPURL(u) {
		return ""
	}
	scheme, rest, _ := cut(u, "://")
	host, _, _ := cut(rest, "/")
	scheme, host = lowerASCII(scheme), lowerASCII(host)
	if scheme == "https" && hasSuffix(host, ":443") {
		host = host[:len(host)-len(":443")]
	} else if scheme == "http" && hasSuffix(host, ":80") {
		host = host[:len(host)-len(":80")]
	}
	return scheme + "://" + host
}

// ServesURL reports whether u belongs to one of the token's product APIs
// (same origin). The SDK sends a token only there: a bearer token given to
// any URL a page passes would leak to third parties.
func (t *Token) ServesURL(u string) bool {
	o := OriginOf(u)
	if o == "" {
		return false
	}
	for _, base := range t.APIs {
		if OriginOf(base) == o {
			return true
		}
	}
	return false
}
