package sdk

// ShareGroup is the group key of docs/tab-protocol.md: it names the pages
// that keep the same token, with a Domain Key (domainKey non-empty) those
// with the same key, API key and Auth API base, with access tokens those
// with the same API key and base. base is the Auth API base as AuthBase
// gives it (Options.AuthURL); the loader's early /auth names its group the
// same way before the wasm runs (testdata/share/group-keys.json holds both
// sides' cases).
func ShareGroup(base, apiKey, domainKey string) string {
	if domainKey == "" {
		return "access-token\n" + base + "\n" + apiKey
	}
	return "domain-key\n" + base + "\n" + apiKey + "\n" + domainKey
}
