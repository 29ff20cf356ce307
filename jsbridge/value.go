//go:build js && wasm

package jsbridge

import (
	"errors"
	"strconv"
	"syscall/js"

	"github.com/inbenta-community/inbenta-auth/sdk"
)

// Bounds on a decoded JSON tree: answers are small objects, anything deeper
// or larger is hostile or broken.
const (
	maxDepth = 32
	maxNodes = 10000
)

var errTooComplex = errors.New("JSON value too deep or too large")

// toGo converts a JSON-compatible JS value (what JSON.parse returns, or an
// object a page's hook returned) into the tree encoding/json would produce:
// map[string]any, []any, string, float64, bool, nil; a top-level
// accessToken becomes sdk.TokenBytes. Reads go through get,
// so getters and Proxies that throw give an error, not a wrecked runtime.
func toGo(v js.Value) (any, error) {
	budget := maxNodes
	return convert(v, 0, &budget)
}

func convert(v js.Value, depth int, budget *int) (any, error) {
	*budget--
	if depth > maxDepth || *budget < 0 {
		return nil, errTooComplex
	}
	switch v.Type() {
	case js.TypeString:
		return v.String(), nil
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
		item, err := get(v, strconv.Itoa(i))
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
		if depth == 0 && k == "accessToken" && item.Type() == js.TypeString {
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
	parsed, err := call(jsJSON, "parse", text)
	if err != nil {
		return nil, false
	}
	v, err = toGo(parsed)
	return v, err == nil
}
