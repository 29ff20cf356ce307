//go:build !(js && wasm)

package loader

import (
	"regexp"
	"strings"
)

// exported matches a declaration the module exports: a type or interface
// and its type parameters, if any.
var exported = regexp.MustCompile(`(?m)^export (?:type|interface) (\w+)(<[^>]*>)?`)

// ClassicTypes returns inbenta-auth.d.ts, the declarations of the classic
// script, from the module's (inbenta-auth.d.mts, the source): the same
// declarations, plus the InbentaAuth global it sets and each exported type
// under the InbentaAuth namespace (InbentaAuth.Client, …). The list is made
// here so that the source names each type once.
func ClassicTypes(dmts []byte) []byte {
	var aliases, names strings.Builder
	for _, m := range exported.FindAllSubmatch(dmts, -1) {
		name, params := string(m[1]), string(m[2])
		args := typeArgs(params)
		// Inside the namespace, the name means the namespace's own alias:
		// a top-level alias (Name_) reaches the module's declaration.
		aliases.WriteString("type " + name + "_" + params + " = " + name + args + ";\n")
		names.WriteString("    type " + name + params + " = " + name + "_" + args + ";\n")
	}
	return []byte(strings.TrimRight(string(dmts), "\n") + "\n\n" + aliases.String() + `
declare global {
  /** The SDK, defined by the classic script inbenta-auth.js. */
  var InbentaAuth: InbentaAuthSDK_;

  /** The SDK's types for pages using the classic script: ` + "`InbentaAuth.Client`, `InbentaAuth.Options`" + `, … */
  namespace InbentaAuth {
` + names.String() + `  }
}
`)
}

// typeArgs turns type parameters ("<K extends X, V>") into the arguments
// that pass them on ("<K, V>").
func typeArgs(params string) string {
	if params == "" {
		return ""
	}
	parts := strings.Split(strings.Trim(params, "<>"), ",")
	for i, p := range parts {
		parts[i] = strings.Fields(p)[0]
	}
	return "<" + strings.Join(parts, ", ") + ">"
}
