package sdk

// DefaultAuthURL is Inbenta's global Auth API base. Regional and
// smart-routing bases exist, hence the option.
const DefaultAuthURL = "https://api.inbenta.io/v1"

const maxKeyLen = 8 << 10

// Credentials are what a browser may hold: the public API key and a Domain
// Key. Never the Secret.
type Credentials struct {
	_         NoCompare
	APIKey    string
	DomainKey string
}

// Validate checks the shape of the keys before anything is sent.
func (c Credentials) Validate() error {
	if err := validateKey("apiKey", c.APIKey); err != nil {
		return err
	}
	return validateKey("domainKey", c.DomainKey)
}

func validateKey(name, v string) error {
	switch {
	case v == "":
		return newError(CodeInvalidArgument, name+" is empty")
	case len(v) > maxKeyLen:
		return newError(CodeInvalidArgument, name+" is too long")
	case !isHeaderSafe(v):
		return newError(CodeInvalidArgument, name+" has spaces or control characters")
	}
	return nil
}
