package sdk

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestOriginOf(t *testing.T) {
	for in, want := range map[string]string{
		"https://api.inbenta.io/v1/auth":       "https://api.inbenta.io",
		"HTTPS://API.Inbenta.io:443/prod":      "https://api.inbenta.io",
		"http://127.0.0.1:8081/prod/chatbot/x": "http://127.0.0.1:8081",
		"http://localhost:80":                  "http://localhost",
		"https://h:8443?q":                     "",
		"ftp://h/x":                            "",
		"/relative":                            "",
		"https://user@h/x":                     "",
		"https://h/a b":                        "",
		"https://[::1]:443/x":                  "https://[::1]",
		"http://[::1]:8080/x":                  "http://[::1]:8080",
	} {
		assert.Equal(t, want, OriginOf(in), in)
	}
}

func TestTokenServesURL(t *testing.T) {
	tok := &Token{APIs: map[string]string{
		"chatbot": "https://api-eu.inbenta.io/prod/chatbot",
		"search":  "http://127.0.0.1:8081/prod/search",
	}}
	assert.True(t, tok.ServesURL("https://api-eu.inbenta.io/prod/chatbot/v1/conversation"))
	assert.True(t, tok.ServesURL("https://API-EU.inbenta.io:443/prod/knowledge/v1"))
	assert.True(t, tok.ServesURL("http://127.0.0.1:8081/prod/search/v1/x"))
	assert.False(t, tok.ServesURL("https://evil.example/prod/chatbot"))
	assert.False(t, tok.ServesURL("http://127.0.0.1:8082/prod/search"))
	assert.False(t, tok.ServesURL("https://api-eu.inbenta.io.evil.example/"))
	assert.False(t, (&Token{}).ServesURL("https://api-eu.inbenta.io/"))
}
