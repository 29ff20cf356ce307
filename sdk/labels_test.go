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
		{"english defaults", LabelConfig{}, "en", catalog["en"]},
		{"unknown language falls back to English", LabelConfig{}, "xx", catalog["en"]},
		{"empty language is English", LabelConfig{}, "", catalog["en"]},
		{"built-in Spanish", LabelConfig{}, "es", catalog["es"]},
		{"region falls back to the base catalog", LabelConfig{}, "pt-BR", catalog["pt"]},
		{"underscore and case", LabelConfig{}, "NL_be", catalog["nl"]},
		{"per-language wins", cfg, "es", es},
		{"exact region, then base language, per label", cfg, "es-MX",
			Labels{LabelTitle: "Título mexicano", LabelBody: "Cuerpo propio", LabelButton: "Botón propio"}},
		{"per-language, then flat, then catalog, per label", cfg, "fr",
			Labels{LabelTitle: "Flat title", LabelBody: catalog["fr"][LabelBody], LabelButton: "Mon bouton"}},
		{"flat beats the catalog", cfg, "de",
			Labels{LabelTitle: "Flat title", LabelBody: catalog["de"][LabelBody], LabelButton: catalog["de"][LabelButton]}},
		{"other languages' labels never leak", LabelConfig{PerLang: map[string]Labels{"es": es}}, "it", catalog["it"]},
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
			assert.NotEmpty(t, catalog[lang][name], "%s %s", lang, name)
		}
	}
	assert.Len(t, catalog, len(BuiltinLanguages()))
	assert.Equal(t, "Oooops...!", catalog["en"][LabelTitle])
	assert.Equal(t, "Something went wrong. Please, refresh the page", catalog["en"][LabelBody])
	assert.Equal(t, "Refresh", catalog["en"][LabelButton])
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
