package sdk

// The values of options.environment, as Inbenta's SDKs name them.
const (
	EnvProduction  = "production"
	EnvDevelopment = "development"
)

// Bounds of the product-header options.
const (
	// MaxUserType bounds options.userType. A user type is the number of one
	// of the profiles an instance defines (0 is the default one); instances
	// define a handful. Three digits leave room for any of them and refuse
	// what is certainly a mistake: a user ID or a timestamp passed instead
	// would silently select a profile that does not exist.
	MaxUserType = 999
	// MaxSourceLen bounds options.source: a label for where the calls come
	// from ("web", "help-center"), sent on every call.
	MaxSourceLen = 128
)

// ProductHeaders are the headers Inbenta's own SDKs add to product calls,
// from the options environment, userType and source. They go to the
// product APIs (client.apis) only.
type ProductHeaders struct {
	Environment string // EnvProduction (also when "") or EnvDevelopment
	UserType    int    // 0 to MaxUserType
	Source      string // "" when not set
}

// Pairs are the headers as name, value, name, value, ...: x-inbenta-env
// and x-inbenta-user-type always, with their defaults when not set (as
// Inbenta's SDKs send them), and x-inbenta-source only when set.
func (h ProductHeaders) Pairs() []string {
	env := h.Environment
	if env == "" {
		env = EnvProduction
	}
	pairs := append(make([]string, 0, 6), "x-inbenta-env", env, "x-inbenta-user-type", Itoa(h.UserType))
	if h.Source != "" {
		pairs = append(pairs, "x-inbenta-source", h.Source)
	}
	return pairs
}

// productHeaders reads the options environment, userType and source.
func (r *optionReader) productHeaders() ProductHeaders {
	h := ProductHeaders{Environment: r.str("environment")}
	switch h.Environment {
	case "":
		h.Environment = EnvProduction
	case EnvProduction, EnvDevelopment:
	default:
		r.fail("options.environment must be 'production' (the default) or 'development'")
	}
	if raw, present := r.obj["userType"]; present && raw != nil {
		f, ok := raw.(float64)
		if !ok || !(f >= 0 && f <= MaxUserType) || f != float64(int(f)) {
			r.fail("options.userType must be a whole number from 0 to 999: the number of one of your instance's user types (0, the default, when unsure)")
		}
		h.UserType = int(f)
	}
	h.Source = r.str("source")
	if !validSource(h.Source) {
		r.fail("options.source must be at most 128 printable ASCII characters, not starting or ending with a space (e.g. 'web')")
		h.Source = ""
	}
	return h
}

// validSource reports whether s can be sent as x-inbenta-source as it is:
// printable ASCII (fetch would refuse other bytes, or trim edge spaces,
// and the header sent would differ from the option).
func validSource(s string) bool {
	if len(s) > MaxSourceLen || (s != "" && (s[0] == ' ' || s[len(s)-1] == ' ')) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < ' ' || s[i] >= 0x7f {
			return false
		}
	}
	return true
}
