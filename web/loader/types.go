package loader

import (
	"fmt"
	"strings"
)

// Markers in inbenta-auth.d.ts around what only the classic script has: the
// InbentaAuth global.
const (
	globalBegin = "// @bundle-global-begin"
	globalEnd   = "// @bundle-global-end"
)

// ModuleTypes returns inbenta-auth.d.mts, the declarations of the ES
// module: inbenta-auth.d.ts without its global block, so that importing
// the module does not declare a global that only the classic script sets.
func ModuleTypes(dts []byte) ([]byte, error) {
	s := string(dts)
	if _, err := between(s, globalBegin, globalEnd); err != nil {
		return nil, err
	}
	i := strings.LastIndexByte(s[:strings.Index(s, globalBegin)], '\n') + 1
	j := strings.Index(s, globalEnd)
	j += len(globalEnd)
	if k := strings.IndexByte(s[j:], '\n'); k >= 0 {
		j += k + 1
	} else {
		j = len(s)
	}
	return []byte(strings.TrimRight(s[:i], "\n") + "\n" + s[j:]), nil
}

// between returns the whole lines strictly between the lines holding begin
// and end, each of which must occur once, in that order.
func between(s, begin, end string) (string, error) {
	if strings.Count(s, begin) != 1 || strings.Count(s, end) != 1 {
		return "", fmt.Errorf("the markers %q and %q must each occur once", begin, end)
	}
	i, j := strings.Index(s, begin), strings.Index(s, end)
	if j < i {
		return "", fmt.Errorf("%q comes before %q", end, begin)
	}
	start := i + strings.IndexByte(s[i:], '\n') + 1
	stop := strings.LastIndexByte(s[:j], '\n') + 1
	if start > stop {
		return "", nil
	}
	return s[start:stop], nil
}
