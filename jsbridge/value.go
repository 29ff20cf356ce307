//go:build js && wasm

package jsbridge

import (
	"errors"
	"syscall/js"
)

// Bounds on a decoded JSON tree: answers are small objects, anything deeper
// or larger is hostile or broken.
const (
	maxDepth = 32
	maxNodes = 10000
)

var errTooComplex = errors.New("JSON value too deep or too large")

// toGo converts a JSON-compatible JS value (what JSON.parse returns) into the
// tree encoding/json would produce: map[string]any, []any, string, float64,
// bool, nil.
func toGo(v js.Value) (out any, err error) {
	budget := maxNodes
	err = try(func() { out, err = convert(v, 0, &budget) })
	return out, err
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
		if arrayIsArray.Invoke(v).Bool() {
			return convertArray(v, depth, budget)
		}
		return convertObject(v, depth, budget)
	}
	return nil, nil
}

func convertArray(v js.Value, depth int, budget *int) (any, error) {
	n := v.Length()
	if n > *budget {
		return nil, errTooComplex
	}
	out := make([]any, n)
	for i := range n {
		x, err := convert(v.Index(i), depth+1, budget)
		if err != nil {
			return nil, err
		}
		out[i] = x
	}
	return out, nil
}

func convertObject(v js.Value, depth int, budget *int) (any, error) {
	keys := objectKeys.Invoke(v)
	n := keys.Length()
	if n > *budget {
		return nil, errTooComplex
	}
	out := make(map[string]any, n)
	for i := range n {
		k := keys.Index(i).String()
		x, err := convert(v.Get(k), depth+1, budget)
		if err != nil {
			return nil, err
		}
		out[k] = x
	}
	return out, nil
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
