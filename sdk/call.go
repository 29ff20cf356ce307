package sdk

// Call, Do and Replay serve jsbridge's full fetch path, which sends product
// calls from Go. The loader's one path sends them itself and uses Token
// and Rejected; these go when jsbridge's full path does.

// Call sends one request with tok and reports whether the API rejected the
// token (see TokenRejected).
type Call func(ctx Context, tok *Token) (rejected bool, err error)

// Do runs call with a usable token. If the API rejects the token, Do gets a
// new one and runs call once more; never more than once, so a server that
// keeps rejecting cannot cause a loop.
func (k *Keeper) Do(ctx Context, call Call) error {
	tok, _, err := k.Token(ctx)
	if err != nil {
		return err
	}
	rejected, err := call(ctx, tok)
	if err != nil || !rejected {
		return err
	}
	return k.Replay(ctx, tok, call)
}

// Replay runs call once with a token other than rejected, which the API
// has just refused. It never runs call twice.
func (k *Keeper) Replay(ctx Context, rejected *Token, call Call) error {
	k.mu.Lock()
	var gen uint64 // 0: rejected was replaced already
	if rejected != nil && rejected == k.tok {
		gen = k.gen
	}
	k.mu.Unlock()
	tok, _, err := k.get(ctx, gen)
	if err != nil {
		return err
	}
	_, err = call(ctx, tok)
	return err
}
