package sdk

// Bounds on a JSON-like value the SDK reads from the page or from an answer
// (options, labels, a hook's answer, a peer's token, an Auth API answer).
// Such values are small objects: anything larger or deeper is hostile or
// broken. The loader reads the page's values within the same bounds
// (web/loader/src/plain.js; make build passes these to it), and jsbridge
// converts JS values to Go within them.
const (
	PlainMaxNodes  = 1000
	PlainMaxDepth  = 8
	PlainMaxString = 16384
)
