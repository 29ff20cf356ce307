//go:build js && wasm

package jsbridge

import (
	"syscall/js"

	"github.com/inbenta-community/inbenta-auth/sdk"
)

var errTooComplex = sdk.TextError("JSON value too deep or too large")

// toGo converts a JSON-compatible JS value (what JSON.parse returns, or an
// object a page's hook returned) into the tree encoding/json would produce:
// map[string]any, []any, string, float64, bool, nil; a top-level
// accessToken or sessionToken becomes sdk.TokenBytes. Reads go through get,
// so getters and Proxies that throw give an error, not a wrecked runtime;
// values beyond sdk's Plain bounds, which the loader shares, are an error.
func toGo(v js.Value) (any, error) {
	budget := sdk.PlainMaxNodes
	return convert(v, 0, &budget)
}

func convert(v js.Value, depth int, budget *int) (any, error) {
	*budget--
	if depth > sdk.PlainMaxDepth || *budget < 0 {
		return nil, errTooComplex
	}
	switch v.Type() {
	case js.TypeString:
		s := v.String()
		if !fitsPlain(s) {
			return nil, errTooComplex
		}
		return s, nil
	case js.TypeNumber:
		return v.Float(), nil
	case js.TypeBoolean:
		return v.Bool(), nil
	case js.TypeObject:
		isArray, err := invoke(arrayIsArray, v)
		if err != nil {
			return nil, err
		}
		if isArray.Bool() {
			return convertArray(v, depth, budget)
		}
		return convertObject(v, depth, budget)
	}
	return nil, nil
}

func convertArray(v js.Value, depth int, budget *int) (any, error) {
	n := length(v)
	if n < 0 || n > *budget {
		return nil, errTooComplex
	}
	out := make([]any, n)
	for i := range n {
		item, err := get(v, sdk.Itoa(i))
		if err != nil {
			return nil, err
		}
		if out[i], err = convert(item, depth+1, budget); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func convertObject(v js.Value, depth int, budget *int) (any, error) {
	keys, err := invoke(objectKeys, v)
	if err != nil {
		return nil, err
	}
	n := keys.Length() // a real array: Object.keys made it
	if n > *budget {
		return nil, errTooComplex
	}
	out := make(map[string]any, n)
	for i := range n {
		k := keys.Index(i).String()
		item, err := get(v, k)
		if err != nil {
			return nil, err
		}
		if depth == 0 && (k == "accessToken" || k == "sessionToken") && item.Type() == js.TypeString {
			out[k], err = tokenBytes(item)
		} else {
			out[k], err = convert(item, depth+1, budget)
		}
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// fitsPlain reports whether s is within sdk.PlainMaxString as JS counts
// a length, in UTF-16 code units.
func fitsPlain(s string) bool {
	if len(s) <= sdk.PlainMaxString {
		return true // never more units than bytes
	}
	n := 0
	for _, r := range s {
		n++
		if r >= 0x10000 {
			n++
		}
	}
	return n <= sdk.PlainMaxString
}

// tokenBytes copies a token answer's accessToken into memory the SDK then
// owns (see sdk.TokenBytes): one copy, which it wipes, where Value.String
// would leave two it cannot.
func tokenBytes(s js.Value) (sdk.TokenBytes, error) {
	u8, err := call(kit, "bytes", s)
	if err != nil {
		return nil, err
	}
	b := make(sdk.TokenBytes, length(u8))
	js.CopyBytesToGo(b, u8)
	return b, nil
}

// parseJSON is JSON.parse(text) converted to Go; ok is false when text is not
// JSON.
func parseJSON(text string) (v any, ok bool) {
	parsed, err := call(kit, "parse", text)
	if err != nil {
		return nil, false
	}
	v, err = toGo(parsed)
	return v, err == nil
}
