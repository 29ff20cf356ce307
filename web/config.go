package main

import (
	"encoding/json"
	"net/http"
)

// demoConfig is what the demo page fetches from /demo/config.json.
type demoConfig struct {
	AuthURL   string `json:"authURL"`
	APIKey    string `json:"apiKey"`
	DomainKey string `json:"domainKey"`
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
