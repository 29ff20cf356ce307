package sdk

// ShareGroup is the group key of docs/tab-protocol.md: it names the pages
// that keep the same token, with a Domain Key (domainKey non-empty) those
// with the same key, API key and Auth API base, with access tokens those
// with the same API key and base. authURL is validated and normalized as
// AuthBase does; the loader's early /auth names its group the same way
// before the wasm runs (testdata/share/group-keys.json holds both sides'
// cases).
func ShareGroup(authURL, apiKey, domainKey string) (string, error) {
	base, err := AuthBase(authURL)
	if err != nil {
		return "", err
	}
	if domainKey == "" {
		return "access-token\n" + base + "\n" + apiKey, nil
	}
	return "domain-key\n" + base + "\n" + apiKey + "\n" + domainKey, nil
}
