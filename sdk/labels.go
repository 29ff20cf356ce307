package sdk

// Label names, as Inbenta's own SDKs call them.
const (
	LabelTitle  = "REFRESH_TITLE"
	LabelBody   = "REFRESH_INVALID_ACCESS_TOKEN"
	LabelButton = "REFRESH_BUTTON"
)

// LabelNames lists every label, in display order.
var LabelNames = []string{LabelTitle, LabelBody, LabelButton}

// Labels maps label names to text. Text is always shown as text, never
// parsed as HTML.
type Labels map[string]string

// LabelConfig is what a page passed as options.labels: labels given flat
// ({REFRESH_TITLE: ...}) and per language ({es: {...}}). Both may be given.
type LabelConfig struct {
	Flat    Labels
	PerLang map[string]Labels // keys normalized with NormalizeLang
}

// catalog holds the built-in translations of the refresh-error labels, in
// LabelNames order: a table, which is static data in the wasm, where a map
// literal would be built by init code.
var catalog = [...]struct {
	lang string
	text [3]string
}{
	{"en", [3]string{"Oooops...!", "Something went wrong. Please, refresh the page", "Refresh"}},
	{"es", [3]string{"¡Vaya...!", "Algo ha ido mal. Por favor, recarga la página", "Recargar"}},
	{"ca", [3]string{"Vaja...!", "Alguna cosa ha anat malament. Si us plau, torna a carregar la pàgina", "Torna a carregar"}},
	{"fr", [3]string{"Oups...!", "Une erreur s'est produite. Veuillez actualiser la page", "Actualiser"}},
	{"de", [3]string{"Hoppla...!", "Etwas ist schiefgelaufen. Bitte laden Sie die Seite neu", "Neu laden"}},
	{"it", [3]string{"Ops...!", "Qualcosa è andato storto. Per favore, ricarica la pagina", "Ricarica"}},
	{"pt", [3]string{"Ops...!", "Algo deu errado. Por favor, atualize a página", "Atualizar"}},
	{"nl", [3]string{"Oeps...!", "Er is iets misgegaan. Vernieuw de pagina", "Vernieuwen"}},
}

// builtinLabels is the catalog's labels for lang, or nil.
func builtinLabels(lang string) Labels {
	for _, c := range catalog {
		if c.lang == lang {
			out := make(Labels, len(c.text))
			for i, name := range LabelNames {
				out[name] = c.text[i]
			}
			return out
		}
	}
	return nil
}

// BuiltinLanguages lists the languages of the built-in catalog.
func BuiltinLanguages() []string {
	langs := make([]string, len(catalog))
	for i, c := range catalog {
		langs[i] = c.lang
	}
	return langs
}

// NormalizeLang turns a BCP 47-ish tag into lower case with hyphens:
// "es_MX" and "ES-mx" both become "es-mx".
func NormalizeLang(tag string) string {
	b := []byte(lowerASCII(trimASCIISpace(tag)))
	for i, c := range b {
		if c == '_' {
			b[i] = '-'
		}
	}
	return string(b)
}

// baseLang is the language of a tag without region or script: es-mx -> es.
func baseLang(tag string) string {
	base, _, _ := cut(tag, "-")
	return base
}

// ResolveLabels picks each label for lang, first found: labels[lang],
// labels[base language] (es-MX -> es), flat labels, the built-in catalog
// for lang or its base language, English. Each label resolves on its own,
// so a page may override only some.
func ResolveLabels(cfg LabelConfig, lang string) Labels {
	lang = NormalizeLang(lang)
	base := baseLang(lang)
	chain := []Labels{cfg.PerLang[lang], cfg.PerLang[base], cfg.Flat, builtinLabels(lang), builtinLabels(base), builtinLabels("en")}
	out := make(Labels, len(LabelNames))
	for _, name := range LabelNames {
		for _, set := range chain {
			if text, ok := set[name]; ok {
				out[name] = text
				break
			}
		}
	}
	return out
}

// Limits on options.labels: labels are short UI strings.
const (
	maxLabelLen   = 1000
	maxLabelLangs = 100
)

// ParseLabelConfig reads options.labels as decoded JSON: string values are
// flat labels, object values are the labels of the language named by the
// key. Anything else is INVALID_ARGUMENT. nil means no labels.
func ParseLabelConfig(v any) (LabelConfig, error) {
	var cfg LabelConfig
	if v == nil {
		return cfg, nil
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return cfg, newError(CodeInvalidArgument, "options.labels must be an object")
	}
	for key, val := range obj {
		switch val := val.(type) {
		case string:
			if err := addLabel(&cfg.Flat, key, val); err != nil {
				return LabelConfig{}, err
			}
		case map[string]any:
			lang := NormalizeLang(key)
			if lang == "" || len(cfg.PerLang) >= maxLabelLangs {
				return LabelConfig{}, newError(CodeInvalidArgument, "options.labels has an empty or too many language keys")
			}
			set := cfg.PerLang[lang]
			for name, text := range val {
				s, ok := text.(string)
				if !ok {
					return LabelConfig{}, newError(CodeInvalidArgument, "options.labels."+key+"."+name+" must be a string")
				}
				if err := addLabel(&set, name, s); err != nil {
					return LabelConfig{}, err
				}
			}
			if cfg.PerLang == nil {
				cfg.PerLang = map[string]Labels{}
			}
			cfg.PerLang[lang] = set
		default:
			return LabelConfig{}, newError(CodeInvalidArgument, "options.labels."+key+" must be a string or an object of labels")
		}
	}
	return cfg, nil
}

func addLabel(set *Labels, name, text string) error {
	if len(text) > maxLabelLen {
		return newError(CodeInvalidArgument, "label "+name+" is too long")
	}
	if *set == nil {
		*set = Labels{}
	}
	(*set)[name] = text
	return nil
}
