package sdk

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestBreaker(t *testing.T) {
	const t0 = Instant(1_800_000_000 * Second)
	for _, tc := range []struct {
		name   string
		max    int
		starts []Duration // offsets from t0 of the refreshes asked for, in order
		allow  []bool
	}{
		{"within the limit", 3, []Duration{0, Second, 2 * Second}, []bool{true, true, true}},
		{"one too many", 3, []Duration{0, Second, 2 * Second, 3 * Second}, []bool{true, true, true, false}},
		{"refused starts do not count", 2, []Duration{0, 0, 0, 0, Minute}, []bool{true, true, false, false, true}},
		{"the period slides", 2, []Duration{0, 30 * Second, Minute, Minute + 29*Second, Minute + 30*Second},
			[]bool{true, true, true, false, true}},
		{"a clock moved back forgets the future", 1, []Duration{Hour, 0}, []bool{true, true}},
		{"no limit", 0, []Duration{0, 0, 0, 0}, []bool{true, true, true, true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := breaker{max: tc.max, period: Minute}
			for i, d := range tc.starts {
				err := b.allow(t0.Add(d))
				assert.Equal(t, tc.allow[i], err == nil, "start %d at +%ds", i, d/Second)
				if err != nil {
					assert.Equal(t, CodeRefreshFailed, CodeOf(err))
					assert.True(t, AsError(err).Retryable)
				}
			}
		})
	}
}
