//go:build !(js && wasm)

package sdk

import "time"

// SystemClock is the native Clock: time.Now and time.AfterFunc. The wasm
// has none (it must not link time): jsbridge gives it one.
var SystemClock Clock = ClockOf(time.Now)

// ClockOf is a Clock reading now (a test's shifted clock, say) with real
// timers.
func ClockOf(now func() time.Time) Clock { return funcClock(now) }

type funcClock func() time.Time

func (c funcClock) Now() Instant { return At(c()) }

func (funcClock) AfterFunc(d Duration, f func()) func() bool {
	// time.AfterFunc, not time.NewTimer: no channel for f to race with.
	return time.AfterFunc(time.Duration(d), f).Stop
}

// At is t as an Instant; the zero time.Time is 0.
func At(t time.Time) Instant {
	if t.IsZero() {
		return 0
	}
	return Instant(t.UnixNano())
}

// TimeOf is i as a time.Time without a monotonic reading; 0 is the zero
// time.Time.
func TimeOf(i Instant) time.Time {
	if i == 0 {
		return time.Time{}
	}
	return time.Unix(0, int64(i))
}
