//go:build !(js && wasm)

package authtest

import (
	"encoding/json"
	"mime"
	"net/http"
	"net/url"
	"slices"
)

type credentials struct {
	Secret    string `json:"secret"`
	DomainKey string `json:"domain_key"`
}

func (a *API) handleAuth(w http.ResponseWriter, r *http.Request, body string) {
	apiKey := r.Header.Get("x-inbenta-key")
	if apiKey == "" {
		writeAPIError(w, http.StatusUnauthorized, "Missing x-inbenta-key header")
		return
	}
	a.countUsage(w, apiKey)
	creds, problem := parseCredentials(r.Header.Get("Content-Type"), body)
	if problem != "" {
		writeAPIError(w, http.StatusBadRequest, problem)
		return
	}
	g, code, msg := a.exchange(r, apiKey, creds)
	if code != 0 {
		writeAPIError(w, code, msg)
		return
	}
	writeJSON(w, g)
}

// parseCredentials returns the credentials in body, or the message of the
// 400 answer when there are none.
func parseCredentials(contentType, body string) (credentials, string) {
	var c credentials
	mediaType, _, _ := mime.ParseMediaType(contentType)
	switch mediaType {
	case "application/json":
		if err := json.Unmarshal([]byte(body), &c); err != nil {
			return c, "Malformed JSON body"
		}
	case "application/x-www-form-urlencoded":
		v, err := url.ParseQuery(body)
		if err != nil {
			return c, "Malformed form body"
		}
		c = credentials{Secret: v.Get("secret"), DomainKey: v.Get("domain_key")}
	default:
		return c, "Unsupported Content-Type"
	}
	if (c.Secret == "") == (c.DomainKey == "") {
		return c, "Send exactly one of secret and domain_key"
	}
	return c, ""
}

// exchange checks creds and issues a token; on failure it returns the
// status and message of the error.
func (a *API) exchange(r *http.Request, apiKey string, c credentials) (grant, int, string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	in, ok := a.instances[apiKey]
	if !ok {
		return grant{}, http.StatusUnauthorized, "Invalid API key"
	}
	if c.Secret != "" {
		if c.Secret != in.secret {
			return grant{}, http.StatusUnauthorized, "Invalid secret"
		}
	} else {
		origins, ok := in.domainKeys[c.DomainKey]
		if !ok {
			return grant{}, http.StatusUnauthorized, "Invalid domain key"
		}
		if !slices.Contains(origins, r.Header.Get("Origin")) {
			return grant{}, http.StatusForbidden, "Origin not allowed for this domain key"
		}
	}
	g := a.issueLocked(apiKey)
	g.APIs = a.apisLocked(r)
	return g, 0, ""
}
