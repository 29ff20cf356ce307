//go:build !(js && wasm)

package authtest

import (
	"fmt"
	"net/http"
	"time"
)

// Usage figures for the "Authorization" group (/auth and /apis), reported
// so clients that read the headers see plausible values. The emulator never
// enforces them: queue a Fault with Status 429 to test rate limiting.
const (
	quotaLimit     = 1000
	quotaWindow    = 30 * time.Minute
	throttleLimit  = 10
	throttleWindow = time.Second
)

type usage struct {
	quota, throttle window
}

type window struct {
	start time.Time
	n     int
}

func (c *window) hit(now time.Time, length time.Duration) int {
	if now.Before(c.start) || now.Sub(c.start) >= length {
		c.start, c.n = now, 0
	}
	c.n++
	return c.n
}

// countUsage counts a request of apiKey in its group and reports the usage.
func (a *API) countUsage(w http.ResponseWriter, apiKey string) {
	a.mu.Lock()
	u, ok := a.usage[apiKey]
	if !ok {
		u = &usage{}
		a.usage[apiKey] = u
	}
	now := a.now()
	q, t := u.quota.hit(now, quotaWindow), u.throttle.hit(now, throttleWindow)
	a.mu.Unlock()
	w.Header().Set("x-quota-usage", fmt.Sprintf("%d/%d", q, quotaLimit))
	w.Header().Set("x-throttle-usage", fmt.Sprintf("%d/%d", t, throttleLimit))
}
