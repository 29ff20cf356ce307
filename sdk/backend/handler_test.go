//go:build !(js && wasm)

package backend_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/inbenta-community/inbenta-auth/sdk"
	"github.com/inbenta-community/inbenta-auth/sdk/authtest"
	"github.com/inbenta-community/inbenta-auth/sdk/backend"
)

func serve(h http.Handler, method string) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(method, "/inbenta/token", nil))
	return rec
}

// decode reads a JSON answer keeping numbers as written, so an integer
// expiration can be told from a fractional one.
func decode(t *testing.T, rec *httptest.ResponseRecorder) map[string]any {
	t.Helper()
	d := json.NewDecoder(bytes.NewReader(rec.Body.Bytes()))
	d.UseNumber()
	var v map[string]any
	require.NoError(t, d.Decode(&v), rec.Body.String())
	return v
}

func TestHandlerAnswersToken(t *testing.T) {
	f := setup(t)
	for _, method := range []string{http.MethodGet, http.MethodPost} {
		t.Run(method, func(t *testing.T) {
			rec := serve(f.src, method)
			require.Equal(t, http.StatusOK, rec.Code)
			assert.Equal(t, "no-store", rec.Header().Get("Cache-Control"))
			assert.Equal(t, "application/json", rec.Header().Get("Content-Type"))

			tok, err := f.src.Token(t.Context())
			require.NoError(t, err)
			v := decode(t, rec)
			assert.Len(t, v, 3)
			assert.Equal(t, tok.AccessToken, v["accessToken"])
			exp, err := v["expiration"].(json.Number).Int64()
			require.NoError(t, err, "expiration must be integer seconds")
			assert.Equal(t, sdk.TimeOf(tok.Expiry).Unix(), exp)
			apis, _ := v["apis"].(map[string]any)
			assert.Equal(t, tok.APIs["chatbot"], apis["chatbot"])
		})
	}
	assert.Equal(t, 1, f.api.Count("auth"))
}

func TestHandlerRefusesOtherMethods(t *testing.T) {
	f := setup(t)
	rec := serve(f.src, http.MethodPut)
	assert.Equal(t, http.StatusMethodNotAllowed, rec.Code)
	assert.Equal(t, "GET, POST", rec.Header().Get("Allow"))
	assert.Equal(t, "INVALID_ARGUMENT", decode(t, rec)["error"].(map[string]any)["code"])
	assert.Zero(t, f.api.Count("auth"))
}

func TestHandlerWrongSecretIs502WithoutSecret(t *testing.T) {
	const wrong = "wrong-secret-Xy9"
	f := setup(t, func(c *backend.Config) { c.Secret = wrong })
	rec := serve(f.src, http.MethodPost)
	assert.Equal(t, http.StatusBadGateway, rec.Code)
	assert.Equal(t, "no-store", rec.Header().Get("Cache-Control"))
	assert.NotContains(t, rec.Body.String(), wrong)
	e, _ := decode(t, rec)["error"].(map[string]any)
	assert.Equal(t, "INVALID_KEY", e["code"])
	assert.NotEmpty(t, e["message"])
}

func TestHandlerTemporaryFailureIs503(t *testing.T) {
	f := setup(t)
	f.api.FailAll("auth", authtest.Fault{Status: 503}) // an outage: retries do not heal it
	rec := serve(f.src, http.MethodGet)
	assert.Equal(t, http.StatusServiceUnavailable, rec.Code)
	assert.Equal(t, "SERVER_ERROR", decode(t, rec)["error"].(map[string]any)["code"])
}

func TestHandlerAfterClose(t *testing.T) {
	f := setup(t)
	f.src.Close()
	rec := serve(f.src, http.MethodGet)
	assert.Equal(t, http.StatusServiceUnavailable, rec.Code)
	assert.Equal(t, "CLOSED", decode(t, rec)["error"].(map[string]any)["code"])
}
