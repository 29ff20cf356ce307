package sdk

// ParsePeerToken validates a token another page announced or answered:
// {accessToken, expiration?, obtained?, apis} (expiration and obtained in
// Unix seconds). It is checked as a hook's answer, and must name its
// product APIs: a token is worth nothing without them.
func ParsePeerToken(v any, now Instant) (*Token, error) {
	tok, err := ParseHookAnswer(v, nil, now)
	if err != nil {
		return nil, err
	}
	if len(tok.APIs) == 0 {
		tok.Wipe()
		return nil, badResponse("a shared token has no apis")
	}
	obj := v.(map[string]any)
	if sec, ok := obj["obtained"].(float64); ok {
		if at, err := unixToInstant(sec); err == nil && at <= now {
			tok.Obtained = at
		}
	}
	return tok, nil
}
