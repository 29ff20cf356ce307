//go:build !(js && wasm)

package authtest

import (
	"encoding/json"
	"net/http"
)

// GatewayDeny is the API gateway's 403 body; real clients see it for an
// expired or invalid token as well as for a wrong key.
const GatewayDeny = `{"Message":"User is not authorized to access this resource with an explicit deny"}`

// GatewayUnauthorized is the API gateway's 401 body for missing
// credentials (and, with SetTokenRefusal, for a refused token).
const GatewayUnauthorized = `{"message":"Unauthorized"}`

func apiErrorBody(code int, message string) string {
	type apiError struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	}
	b, _ := json.Marshal(struct {
		Error apiError `json:"error"`
	}{apiError{code, message}})
	return string(b)
}

func writeAPIError(w http.ResponseWriter, code int, message string) {
	writeRaw(w, code, apiErrorBody(code, message))
}

func writeJSON(w http.ResponseWriter, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		writeAPIError(w, http.StatusInternalServerError, err.Error())
		return
	}
	writeRaw(w, http.StatusOK, string(b))
}

func writeRaw(w http.ResponseWriter, status int, body string) {
	if body != "" && w.Header().Get("Content-Type") == "" {
		w.Header().Set("Content-Type", "application/json")
	}
	w.WriteHeader(status)
	_, _ = w.Write([]byte(body))
}
