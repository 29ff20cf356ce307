package sdk

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestResolveLabels(t *testing.T) {
	es := Labels{LabelTitle: "Título propio", LabelBody: "Cuerpo propio", LabelButton: "Botón propio"}
	flat := Labels{LabelTitle: "Flat title"}
	cfg := LabelConfig{
		Flat:    flat,
		PerLang: map[string]Labels{"es": es, "es-mx": {LabelTitle: "Título mexicano"}, "fr": {LabelButton: "Mon bouton"}},
	}
	cases := []struct {
		name string
		cfg  LabelConfig
		lang string
		want Labels
	}{
		{"english defaults", LabelConfig{}, "en", builtinLabels("en")},
		{"unknown language falls back to English", LabelConfig{}, "xx", builtinLabels("en")},
		{"empty language is English", LabelConfig{}, "", builtinLabels("en")},
		{"built-in Spanish", LabelConfig{}, "es", builtinLabels("es")},
		{"region falls back to the base catalog", LabelConfig{}, "pt-BR", builtinLabels("pt")},
		{"underscore and case", LabelConfig{}, "NL_be", builtinLabels("nl")},
		{"per-language wins", cfg, "es", es},
		{"exact region, then base language, per label", cfg, "es-MX",
			Labels{LabelTitle: "Título mexicano", LabelBody: "Cuerpo propio", LabelButton: "Botón propio"}},
		{"per-language, then flat, then catalog, per label", cfg, "fr",
			Labels{LabelTitle: "Flat title", LabelBody: builtinLabels("fr")[LabelBody], LabelButton: "Mon bouton"}},
		{"flat beats the catalog", cfg, "de",
			Labels{LabelTitle: "Flat title", LabelBody: builtinLabels("de")[LabelBody], LabelButton: builtinLabels("de")[LabelButton]}},
		{"other languages' labels never leak", LabelConfig{PerLang: map[string]Labels{"es": es}}, "it", builtinLabels("it")},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assert.Equal(t, c.want, ResolveLabels(c.cfg, c.lang))
		})
	}
}

func TestCatalogIsComplete(t *testing.T) {
	for _, lang := range BuiltinLanguages() {
		for _, name := range LabelNames {
			assert.NotEmpty(t, builtinLabels(lang)[name], "%s %s", lang, name)
		}
	}
	assert.ElementsMatch(t, []string{"en", "es", "ca", "fr", "de", "it", "pt", "nl"}, BuiltinLanguages())
	assert.Equal(t, "Oooops...!", builtinLabels("en")[LabelTitle])
	assert.Equal(t, "Something went wrong. Please, refresh the page", builtinLabels("en")[LabelBody])
	assert.Equal(t, "Refresh", builtinLabels("en")[LabelButton])
}

func TestParseLabelConfig(t *testing.T) {
	cfg, err := ParseLabelConfig(decode(t, `{"REFRESH_TITLE":"Flat","es":{"REFRESH_BUTTON":"Recarga"},"pt_BR":{"REFRESH_TITLE":"Opa"}}`))
	assert.NoError(t, err)
	assert.Equal(t, Labels{LabelTitle: "Flat"}, cfg.Flat)
	assert.Equal(t, map[string]Labels{"es": {LabelButton: "Recarga"}, "pt-br": {LabelTitle: "Opa"}}, cfg.PerLang)
	assert.Equal(t, "Opa", ResolveLabels(cfg, "pt-BR")[LabelTitle])

	cfg, err = ParseLabelConfig(nil)
	assert.NoError(t, err)
	assert.Equal(t, LabelConfig{}, cfg)

	for _, bad := range []string{`"labels"`, `[1]`, `{"REFRESH_TITLE":5}`, `{"es":{"REFRESH_TITLE":null}}`, `{"es":[]}`, `{"":{}}`,
		`{"REFRESH_TITLE":"` + strings.Repeat("a", maxLabelLen+1) + `"}`} {
		_, err := ParseLabelConfig(decode(t, bad))
		assert.Equal(t, CodeInvalidArgument, CodeOf(err), bad)
	}
}
