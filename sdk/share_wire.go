package sdk

// The values that name a token between pages without carrying it
// (docs/tab-protocol.md, "Fingerprints and marks").

// Fingerprint names a token without holding a copy of it: a refusal is
// announced by fingerprint, and a page remembers which tokens were refused
// without keeping their text.
type Fingerprint uint64

// FingerprintOf is FNV-1a of the token's text.
func FingerprintOf(t *Token) Fingerprint {
	h := Fingerprint(14695981039346656037)
	for i := 0; i < len(t.AccessToken); i++ {
		h ^= Fingerprint(t.AccessToken[i])
		h *= 1099511628211
	}
	return h
}

// String is fp as it crosses between pages: 16 hexadecimal digits.
func (fp Fingerprint) String() string { return hex16(uint64(fp)) }

// ParseFingerprint reads a Fingerprint's String.
func ParseFingerprint(s string) (Fingerprint, bool) {
	v, ok := parseHex16(s)
	return Fingerprint(v), ok
}

// Mark names a token a page obtained, as the other pages find it in the
// lock manager: its fingerprint and its expiry, rounded up to the second
// (so that it is never older than the token it stands for).
type Mark struct {
	FP     Fingerprint
	Expiry Instant // zero when unknown
}

// MarkOf is tok's Mark.
func MarkOf(tok *Token) Mark {
	sec := Instant(Second)
	return Mark{FP: FingerprintOf(tok), Expiry: (tok.Expiry + sec - 1) / sec * sec}
}

// String is m as it crosses between pages: the fingerprint's 16 digits,
// then the expiry's Unix seconds in 16 more.
func (m Mark) String() string { return m.FP.String() + hex16(uint64(m.Expiry/Instant(Second))) }

// ParseMark reads a Mark's String.
func ParseMark(s string) (Mark, bool) {
	if len(s) != 32 {
		return Mark{}, false
	}
	fp, ok := ParseFingerprint(s[:16])
	sec, ok2 := parseHex16(s[16:])
	if !ok || !ok2 || sec > uint64(maxExpiration) {
		return Mark{}, false
	}
	return Mark{FP: fp, Expiry: Instant(sec) * Instant(Second)}, true
}

// hex16 is v in 16 lowercase hexadecimal digits. (strconv's ParseUint
// would bring its quoting tables into the wasm.)
func hex16(v uint64) string {
	const digits = "0123456789abcdef"
	var b [16]byte
	for i := len(b) - 1; i >= 0; i-- {
		b[i] = digits[v&15]
		v >>= 4
	}
	return string(b[:])
}

// parseHex16 reads hex16's output.
func parseHex16(s string) (uint64, bool) {
	if len(s) != 16 {
		return 0, false
	}
	var v uint64
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			v = v<<4 | uint64(c-'0')
		case c >= 'a' && c <= 'f':
			v = v<<4 | uint64(c-'a'+10)
		default:
			return 0, false
		}
	}
	return v, true
}
