//go:build !(js && wasm)

package backend_test

import (
	"encoding/json"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"

	"github.com/inbenta-community/inbenta-auth/sdk/authtest"
	"github.com/inbenta-community/inbenta-auth/sdk/backend"
)

func Example() {
	// The emulator stands in for Inbenta here. In production leave AuthURL
	// empty (https://api.inbenta.io/v1) and read the key and Secret from
	// the server's configuration, never from anything a browser can see.
	inbenta := authtest.NewServer()
	defer inbenta.Close()
	inbenta.AddInstance("my-api-key", "my-secret")

	src, err := backend.New(backend.Config{APIKey: "my-api-key", Secret: "my-secret", AuthURL: inbenta.AuthURL})
	if err != nil {
		log.Fatal(err)
	}
	defer src.Close()

	// Anyone who can call the handler gets a token: only signed-in users may.
	mux := http.NewServeMux() // or http.Handle on the default mux
	mux.Handle("/inbenta/token", requireSession(src))

	// What the page's refresh hook does, with the user's session cookie.
	req := httptest.NewRequest(http.MethodPost, "/inbenta/token", nil)
	req.AddCookie(&http.Cookie{Name: "session", Value: "signed-in"})
	rec := httptest.NewRecorder()
	mux.ServeHTTP(rec, req)

	var answer struct {
		AccessToken string            `json:"accessToken"`
		Expiration  int64             `json:"expiration"`
		APIs        map[string]string `json:"apis"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &answer); err != nil {
		log.Fatal(err)
	}
	fmt.Println(rec.Code, answer.AccessToken != "", answer.Expiration > 0, answer.APIs["chatbot"] != "")
	// Output: 200 true true true
}

// requireSession stands in for your own authentication.
func requireSession(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if c, err := r.Cookie("session"); err != nil || c.Value != "signed-in" {
			http.Error(w, "sign in first", http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}
