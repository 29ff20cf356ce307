//go:build !(js && wasm)

package backend_test

import (
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/inbenta-community/inbenta-auth/sdk/authtest"
	"github.com/inbenta-community/inbenta-auth/sdk/backend"
)

const (
	testKey    = "test-api-key"
	testSecret = "test-secret-Zq81"
)

// clock is real time shifted by an offset, shared by the emulator and the
// TokenServer so both see the same jumps.
type clock struct{ offset atomic.Int64 }

func (c *clock) Now() time.Time          { return time.Now().Add(time.Duration(c.offset.Load())) }
func (c *clock) Advance(d time.Duration) { c.offset.Add(int64(d)) }

type fixture struct {
	api   *authtest.Server
	clock *clock
	src   *backend.TokenServer
}

// setup starts an emulator with one instance and a TokenServer on it;
// edit changes the Config before New.
func setup(t *testing.T, edit ...func(*backend.Config)) *fixture {
	t.Helper()
	f := &fixture{api: authtest.NewServer(), clock: &clock{}}
	t.Cleanup(f.api.Close)
	f.api.AddInstance(testKey, testSecret)
	f.api.SetClock(f.clock.Now)
	cfg := backend.Config{APIKey: testKey, Secret: testSecret, AuthURL: f.api.AuthURL, Now: f.clock.Now}
	for _, e := range edit {
		e(&cfg)
	}
	src, err := backend.New(cfg)
	require.NoError(t, err)
	t.Cleanup(src.Close)
	f.src = src
	return f
}

// requireNoLeaks waits for the goroutines a TokenServer may start (a
// refresh in flight, HTTP connections of its client) to end.
func requireNoLeaks(t *testing.T) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Second)
	for g := leaked(); g != ""; g = leaked() {
		if time.Now().After(deadline) {
			t.Fatalf("goroutine still running:\n%s", g)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func leaked() string {
	buf := make([]byte, 1<<20)
	buf = buf[:runtime.Stack(buf, true)]
	for _, g := range strings.Split(string(buf), "\n\n") {
		if strings.Contains(g, "inbenta-auth/sdk.(*Keeper)") || strings.Contains(g, "net/http.(*persistConn)") {
			return g
		}
	}
	return ""
}
