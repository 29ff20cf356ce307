package sdk

import (
	"math"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestParseHTTPDateAgreesWithNetHTTP(t *testing.T) {
	for _, tm := range []time.Time{
		time.Date(1994, 11, 6, 8, 49, 37, 0, time.UTC),
		time.Date(2000, 2, 29, 23, 59, 59, 0, time.UTC),
		time.Date(2026, 11, 27, 12, 0, 30, 0, time.UTC),
		time.Date(2100, 3, 1, 0, 0, 0, 0, time.UTC),
		time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC),
	} {
		s := tm.Format(http.TimeFormat)
		got, ok := parseHTTPDate(s)
		assert.True(t, ok, s)
		assert.Equal(t, tm.Unix(), got, s)
	}
	for _, bad := range []string{"", "soon", "Sun, 06 Nov 1994 08:49:37 UTC", "Sun, 06 Xyz 1994 08:49:37 GMT",
		"Sun, 32 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun, 06 Nov 1994 25:49:37 GMT"} {
		_, ok := parseHTTPDate(bad)
		assert.False(t, ok, bad)
	}
}

func TestASCIIHelpers(t *testing.T) {
	assert.Equal(t, "es-mx", lowerASCII("ES-mx"))
	assert.Equal(t, "same", lowerASCII("same"))
	assert.Equal(t, "ÉCOLE", lowerASCII("ÉCOLE")[:2]+"COLE", "non-ASCII bytes are left alone")
	assert.Equal(t, "a b", trimASCIISpace(" \t a b\r\n"))
	n, ok := atoiASCII("120")
	assert.True(t, ok)
	assert.EqualValues(t, 120, n)
	for _, bad := range []string{"", "-1", "1.5", "1e3", "9999999999999999999"} {
		_, ok := atoiASCII(bad)
		assert.False(t, ok, bad)
	}
}

// The strings package is kept out of the wasm; its stand-ins must agree with it.
func TestStringHelpersAgreeWithStrings(t *testing.T) {
	for _, c := range [][2]string{{"a://b", "://"}, {"abc", "abc"}, {"", ""}, {"ab", "abc"}, {"xyzxyz", "z"}, {"abc", ""}, {"ééx", "x"}} {
		s, sep := c[0], c[1]
		assert.Equal(t, strings.Index(s, sep), index(s, sep), c)
		b1, a1, ok1 := strings.Cut(s, sep)
		b2, a2, ok2 := cut(s, sep)
		assert.Equal(t, []any{b1, a1, ok1}, []any{b2, a2, ok2}, c)
		assert.Equal(t, strings.HasSuffix(s, sep), hasSuffix(s, sep), c)
		assert.Equal(t, strings.ContainsAny(s, sep), containsByte(s, sep), c)
	}
}

// The header values retryAfter reads: trimmed, then plain decimal.
func TestAtoiASCII(t *testing.T) {
	for in, want := range map[string]int64{"0": 0, "42": 42, " 1048577 ": 1048577} {
		n, ok := atoiASCII(trimASCIISpace(in))
		assert.True(t, ok, in)
		assert.Equal(t, want, n, in)
	}
	for _, bad := range []string{"", "-1", "1e3", "12a", "0x10", "1234567890123456789"} {
		_, ok := atoiASCII(trimASCIISpace(bad))
		assert.False(t, ok, bad)
	}
}

func TestItoaAgreesWithStrconv(t *testing.T) {
	for _, n := range []int{0, 1, 9, 10, 429, -1, -10, math.MaxInt64, math.MinInt64} {
		assert.Equal(t, strconv.Itoa(n), Itoa(n))
	}
}

func TestTextErrorIsErrorsNew(t *testing.T) {
	a, b := TextError("same"), TextError("same")
	assert.EqualError(t, a, "same")
	assert.NotErrorIs(t, a, b, "each is its own value, as errors.New's are")
	assert.ErrorIs(t, a, a)
	assert.EqualError(t, PanicError("boom"), "boom")
	assert.EqualError(t, PanicError(42), "panic")
}
