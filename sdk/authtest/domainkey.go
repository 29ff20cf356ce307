//go:build !(js && wasm)

package authtest

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
)

// NewDomainKey returns a fresh, unique key shaped like the RS256 JWTs
// Inbenta issues as Domain Keys, so clients that inspect the key's shape or
// payload see something realistic. The signature is random bytes: the
// emulator only ever compares keys as strings.
func NewDomainKey(project string) string {
	header, _ := json.Marshal(struct {
		Alg string `json:"alg"`
		Typ string `json:"typ"`
	}{"RS256", "JWT"})
	payload, _ := json.Marshal(struct {
		Project     string `json:"project"`
		DomainKeyID string `json:"domain_key_id"`
	}{project, rand.Text()})
	enc := base64.RawURLEncoding
	return enc.EncodeToString(header) + "." + enc.EncodeToString(payload) + "." + randomString(32)
}
