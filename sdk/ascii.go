package sdk

// ASCII-only helpers. Everything they see (URL schemes and hosts, language
// tags, option names, HTTP dates) is ASCII. The SDK does not import the
// strings package: importing it runs unicode's init, which keeps unicode's
// tables in the wasm.

// index is strings.Index.
func index(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return i
		}
	}
	return -1
}

// cut is strings.Cut.
func cut(s, sep string) (before, after string, found bool) {
	if i := index(s, sep); i >= 0 {
		return s[:i], s[i+len(sep):], true
	}
	return s, "", false
}

func hasSuffix(s, suffix string) bool {
	return len(s) >= len(suffix) && s[len(s)-len(suffix):] == suffix
}

// containsByte reports whether s holds any of the bytes in set. The
// strings package's ContainsAny works in runes and links utf8 decoding.
func containsByte(s, set string) bool {
	for i := 0; i < len(s); i++ {
		for j := 0; j < len(set); j++ {
			if s[i] == set[j] {
				return true
			}
		}
	}
	return false
}

func lowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; 'A' <= c && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if 'A' <= b[j] && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

func trimASCIISpace(s string) string {
	start, end := 0, len(s)
	for start < end && isASCIISpace(s[start]) {
		start++
	}
	for end > start && isASCIISpace(s[end-1]) {
		end--
	}
	return s[start:end]
}

func isASCIISpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}

// atoiASCII parses a non-negative decimal integer of at most 18 digits.
func atoiASCII(s string) (int64, bool) {
	if s == "" || len(s) > 18 {
		return 0, false
	}
	var n int64
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int64(s[i]-'0')
	}
	return n, true
}

// Itoa is strconv.Itoa, which would link the errors package, and with it
// reflection, into the wasm.
func Itoa(n int) string {
	var b [20]byte
	i := len(b)
	u := uint64(n)
	if n < 0 {
		u = -u
	}
	for {
		i--
		b[i] = byte('0' + u%10)
		if u /= 10; u == 0 {
			break
		}
	}
	if n < 0 {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}

var months = [12]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

// parseHTTPDate parses the IMF-fixdate of RFC 9110 ("Sun, 06 Nov 1994
// 08:49:37 GMT"), the only date form Retry-After senders must use.
// time.Parse would add formatting and zone code to the wasm.
func parseHTTPDate(s string) (int64, bool) {
	// Sun, 06 Nov 1994 08:49:37 GMT
	// 0123456789012345678901234567890
	if len(s) != 29 || s[3] != ',' || s[4] != ' ' || s[7] != ' ' || s[11] != ' ' || s[16] != ' ' ||
		s[19] != ':' || s[22] != ':' || s[25:] != " GMT" {
		return 0, false
	}
	day, ok1 := atoiASCII(s[5:7])
	year, ok2 := atoiASCII(s[12:16])
	hh, ok3 := atoiASCII(s[17:19])
	mm, ok4 := atoiASCII(s[20:22])
	ss, ok5 := atoiASCII(s[23:25])
	month := -1
	for i, m := range months {
		if s[8:11] == m {
			month = i + 1
		}
	}
	if !(ok1 && ok2 && ok3 && ok4 && ok5) || month < 0 || day < 1 || day > 31 || hh > 23 || mm > 59 || ss > 60 {
		return 0, false
	}
	return daysFromCivil(year, int64(month), day)*86400 + hh*3600 + mm*60 + ss, true
}

// daysFromCivil counts days from 1970-01-01 to a proleptic Gregorian date
// (Howard Hinnant's algorithm).
func daysFromCivil(y, m, d int64) int64 {
	if m <= 2 {
		y--
	}
	era := y / 400
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}
