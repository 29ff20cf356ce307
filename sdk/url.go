package sdk

import "strings"

// isHTTPURL reports whether s is an absolute http or https URL with a host and
// no spaces. It is deliberately small: net/url would pull fmt and reflect into
// the wasm.
func isHTTPURL(s string) bool {
	rest, ok := strings.CutPrefix(s, "https://")
	if !ok {
		if rest, ok = strings.CutPrefix(s, "http://"); !ok {
			return false
		}
	}
	host, _, _ := strings.Cut(rest, "/")
	if host == "" || strings.ContainsAny(host, "?#@\\") || host[0] == ':' {
		return false
	}
	return isHeaderSafe(s)
}

// normalizeBaseURL validates an API base such as https://api.inbenta.io/v1
// and drops trailing slashes so routes can be appended.
func normalizeBaseURL(s string) (string, error) {
	if !isHTTPURL(s) || strings.ContainsAny(s, "?#") {
		return "", newError(CodeInvalidArgument, "authURL must be an absolute http(s) URL without query or fragment")
	}
	return strings.TrimRight(s, "/"), nil
}
