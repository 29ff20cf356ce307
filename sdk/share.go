package sdk

// Pages of one origin that keep the same token (the same mode, API key,
// authURL and, with a Domain Key, the same key) share it, so that a visitor
// with five tabs costs one exchange per token lifetime, not five: Inbenta
// rate-limits /auth per API key across all of a site's visitors.
//
// The protocol (messages, lock names, group key, marks, timing and
// sequences) is specified once, in docs/tab-protocol.md; testdata/share
// holds its vectors, which the Go tests and the loader's tests both read.
// This file is its Go interface: Shared (shared.go) is the policy, Peers
// the browser's side (jsbridge.Peers over the loader's peerHub).

// Timing of the pages' exchange (docs/tab-protocol.md, "Timing").
const (
	// PeerWait is how long Ask waits for pages that do not answer (a page
	// frozen in the background): the ones that answer end it sooner, and a
	// page alone asks no one. Same-origin frames share one main thread, so
	// an answer may queue behind another frame's wasm start.
	PeerWait = 300 * Millisecond
	// LockWait is how long a page waits for the lock before it asks
	// whether the other pages are alive, and how long it waits for the
	// announcement of a token it found marked.
	LockWait = 5 * Second
)

// Peers is how a page reaches the other pages of its group. jsbridge
// implements it with Web Locks and a BroadcastChannel; what the other pages
// say comes back through the PeerListener given to Listen.
type Peers interface {
	// Lock waits until this page holds the group's lock, or ctx ends.
	Lock(ctx Context) (unlock func(), err error)
	// Ask asks the other pages for the tokens they hold, until every page
	// has answered or PeerWait has passed.
	Ask(ctx Context) Answers
	// Announce tells the other pages of a token this page just obtained,
	// and leaves its mark in place of this page's previous one.
	Announce(tok *Token)
	// Refused tells them the API refused the token with this fingerprint.
	Refused(fp Fingerprint)
	// Listen sets who hears the other pages.
	Listen(l PeerListener)
}

// Answers is what an Ask found.
type Answers struct {
	Tokens []*Token // the tokens the other pages hold now
	Marks  []Mark   // the marks they left since this page joined (Announce)
	// AllAnswered: some other page is open, and every one answered.
	AllAnswered bool
}

// PeerListener hears the other pages of a group. Held answers their Ask.
type PeerListener interface {
	Heard(tok *Token)
	HeardRefused(fp Fingerprint)
	Held() *Token
}
