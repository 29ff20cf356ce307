//go:build !(js && wasm)

package devserver

import (
	"encoding/json"
	"net/http"
)

// demoConfig is what the demo page fetches from /demo/config.json. It is
// public: it must never hold the Secret, which only the token endpoint has.
type demoConfig struct {
	AuthURL   string `json:"authURL"`
	APIKey    string `json:"apiKey"`
	DomainKey string `json:"domainKey"`
	// TokenURL is the customer's server endpoint of access-token mode: GET
	// for the first token, POST from the refresh hook.
	TokenURL string `json:"tokenURL"`
	// FaultURL arms a fault (POST {"kind": "server-error", "mode": ...};
	// see faultKinds).
	FaultURL string `json:"faultURL"`
}

func (c demoConfig) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	json.NewEncoder(w).Encode(c)
}
