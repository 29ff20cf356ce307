//go:build !(js && wasm)

package devserver

import (
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDemoConfig(t *testing.T) {
	cfg := demoConfig{AuthURL: "http://localhost:8081/v1", APIKey: "demo-api-key", DomainKey: "a.b.c",
		TokenURL: "/demo/token", FaultURL: "/demo/fault"}
	rec := httptest.NewRecorder()
	cfg.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/demo/config.json", nil))
	require.Equal(t, http.StatusOK, rec.Code)
	assert.Equal(t, "application/json", rec.Header().Get("Content-Type"))

	var got map[string]any
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &got))
	assert.Equal(t, map[string]any{
		"authURL":   "http://localhost:8081/v1",
		"apiKey":    "demo-api-key",
		"domainKey": "a.b.c",
		"tokenURL":  "/demo/token",
		"faultURL":  "/demo/fault",
	}, got)
	assert.Equal(t, "no-store", rec.Header().Get("Cache-Control"))
}

func TestListenURL(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	port := ln.Addr().(*net.TCPAddr).Port

	got, gotPort := listenURL("127.0.0.1:0", ln)
	assert.Equal(t, fmt.Sprintf("http://127.0.0.1:%d", port), got)
	assert.Equal(t, port, gotPort)
	got, _ = listenURL(":0", ln)
	assert.Equal(t, fmt.Sprintf("http://localhost:%d", port), got)

	assert.Equal(t, []string{
		fmt.Sprintf("http://localhost:%d", port),
		fmt.Sprintf("http://127.0.0.1:%d", port),
	}, siteOrigins(fmt.Sprintf("http://localhost:%d", port), port))
}
