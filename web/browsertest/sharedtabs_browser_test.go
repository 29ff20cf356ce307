//go:build browser

package browsertest

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/inbenta-community/inbenta-auth/sdk"
	"github.com/inbenta-community/inbenta-auth/sdk/authtest"
)

// Pages that share one token: same-origin pages whose clients
// have the same API key, Domain Key and authURL make one /auth per token
// lifetime between them. Web Locks decide who exchanges; a BroadcastChannel
// carries the token. The pages here are same-origin iframes of one test page
// (testdata/tabs.html), each a testdata/tab.html with its own wasm and its
// own movable clock: frames share the origin's locks and channels as tabs
// do, and run unchanged in Chromium, Firefox and WebKit, whose drivers give
// each test a page of its own. Everything is counted at the emulated API.
//
// The test page reaches a frame through its contentWindow (a frame's CSP
// allows no eval of its own), and calls window.tab (testdata/tab.js), which
// builds the options and the refresh hook in the frame, as that page's own
// objects.

// tabs is a test page holding frames, the "pages" that share a token.
type tabs struct {
	*fixture
	next int // frames added so far; frame i has the id "tab<i>" and stays i when others go
}

// newTabs opens testdata/tabs.html and adds n frames, each loading
// tab.html+query; the pages may also connect to the origins in connect.
func newTabs(t *testing.T, n int, query string, connect ...string) *tabs {
	t.Helper()
	ts := &tabs{fixture: newBundleFixture(t, nil, connect...)}
	openUntil(ts.fixture, "/tabs.html", "document.readyState === 'complete'")
	ts.add(n, query)
	return ts
}

// add adds n frames at once and waits until each has loaded the SDK's
// scripts (its wasm starts with its first client). A frame added after the
// clocks moved starts on the moved time, as a tab opened after the sleep.
func (ts *tabs) add(n int, query string) []int {
	ts.t.Helper()
	ids := eval[[]int](ts.fixture, js(`Array.from({length: %s}, (_, k) => {
		const el = document.createElement('iframe');
		el.id = 'tab' + (%s + k);
		el.src = '/tab.html' + %s;
		document.body.append(el);
		return %s + k;
	})`, n, ts.next, query, ts.next))
	ts.next += n
	poll(ts.t, ts.page, js(`%s.every(i => {
		const w = document.getElementById('tab' + i).contentWindow;
		return w.document.readyState === 'complete' && typeof w.InbentaAuth === 'object' && typeof w.tab === 'object';
	})`, ids))
	if ms := time.Duration(ts.offset.Load()).Milliseconds(); ms != 0 {
		for _, i := range ids {
			inTab[any](ts, i, js(`w.e2e.advanceClock(%s)`, ms))
		}
	}
	return ids
}

// remove takes frame i out of the page: its document ends with everything
// it held (its wasm, its locks, its channels), as when a tab is closed.
func (ts *tabs) remove(i int) {
	ts.t.Helper()
	eval[any](ts.fixture, js(`document.getElementById('tab' + %s).remove()`, i))
}

// eachTab evaluates expr in every frame at once and returns its values in
// the frames' order. In expr, w is the frame's window; the expressions all
// start in one task of the test page, so calls they make are as concurrent
// as calls from several tabs can be.
func eachTab[T any](ts *tabs, expr string) []T {
	ts.t.Helper()
	return eval[[]T](ts.fixture, `Promise.all([...document.querySelectorAll('iframe')].map(async (el) => {
		const w = el.contentWindow;
		return (`+expr+`);
	}))`)
}

// inTab evaluates expr in frame i, with w its window.
func inTab[T any](ts *tabs, i int, expr string) T {
	ts.t.Helper()
	return eval[T](ts.fixture, js(`(async (w) => (`+expr+`))(document.getElementById('tab' + %s).contentWindow)`, i))
}

// createJS makes w's client from the fixture's keys, with options (a JSON
// object) merged into {authURL}; it settles as e2e.settle does.
func (ts *tabs) createJS(options map[string]any) string {
	return js(`w.tab.create(%s, %s, %s, %s)`, ts.domainKey, ts.apiKey, ts.api.AuthURL, options)
}

// createAll has every frame create its client at once and requires each to
// succeed.
func (ts *tabs) createAll(options map[string]any) {
	ts.t.Helper()
	for i, r := range eachTab[settled](ts, ts.createJS(options)) {
		require.True(ts.t, r.OK, "frame %d: createFromDomainKey failed: %+v", i, r.Error)
	}
}

// callAll has every frame make one product call at once and requires each
// to answer 200.
func (ts *tabs) callAll() {
	ts.t.Helper()
	statuses := eachTab[any](ts, `w.tab.call()`)
	for i, s := range statuses {
		require.EqualValues(ts.t, 200, s, "frame %d's product call", i)
	}
}

// tokens is each frame's client.accessToken().
func (ts *tabs) tokens() []string {
	ts.t.Helper()
	return eachTab[string](ts, `w.tab.token()`)
}

// requireOneToken requires every frame to hold the same token.
func (ts *tabs) requireOneToken() string {
	ts.t.Helper()
	toks := ts.tokens()
	require.NotEmpty(ts.t, toks)
	for i, tok := range toks {
		require.NotEmpty(ts.t, tok)
		require.Equal(ts.t, toks[0], tok, "frame %d holds another token than frame 0", i)
	}
	return toks[0]
}

// requireOwnTokens requires every frame to hold a token of its own.
func (ts *tabs) requireOwnTokens() {
	ts.t.Helper()
	toks := ts.tokens()
	seen := map[string]int{}
	for i, tok := range toks {
		require.NotEmpty(ts.t, tok)
		j, dup := seen[tok]
		require.False(ts.t, dup, "frames %d and %d hold the same token", j, i)
		seen[tok] = i
	}
}

// requireTokenEvents waits until every frame has seen n 'token' events,
// and requires that none saw more. Events can lag: those of a client's
// creation reach listeners a task after the page got the client, and an
// event may come after the call its token unblocked answered.
func (ts *tabs) requireTokenEvents(n int, why string) {
	ts.t.Helper()
	poll(ts.t, ts.page, js(`[...document.querySelectorAll('iframe')].every(el => el.contentWindow.tab.tokenEvents >= %s)`, n))
	for i, got := range eachTab[int](ts, `w.tab.tokenEvents`) {
		require.Equal(ts.t, n, got, "frame %d: %s", i, why)
	}
}

// advanceClocks moves every frame's clock and the API's together, as if
// the machine slept for d. It shadows fixture.advanceClocks, which moves
// the test page's clock (tabs.html has none).
func (ts *tabs) advanceClocks(d time.Duration) {
	ts.t.Helper()
	ts.offset.Add(int64(d))
	eachTab[any](ts, js(`w.e2e.advanceClock(%s)`, d.Milliseconds()))
}

// eventually evaluates expr in the test page (a promise is awaited) until
// it is true, for up to within.
func (ts *tabs) eventually(within time.Duration, expr, what string) {
	ts.t.Helper()
	deadline := time.Now().Add(within)
	for !eval[bool](ts.fixture, expr) {
		if time.Now().After(deadline) {
			require.FailNow(ts.t, "timed out waiting: "+what, "%s", expr)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// The harness itself: every frame runs the SDK with its own wasm and its
// own clock, and can make a client. Passes with or without sharing.
func TestSharedTabsHarnessGivesEachFrameItsOwnWasmAndClock(t *testing.T) {
	ts := newTabs(t, 3, "")
	assert.Equal(t, 3, eval[int](ts.fixture, `new Set([...document.querySelectorAll('iframe')].map(el => el.contentWindow.InbentaAuth)).size`),
		"each frame has an InbentaAuth of its own")

	ts.createAll(nil)
	ts.callAll()
	assert.Equal(t, []bool{true, true, true}, eachTab[bool](ts,
		`w.performance.getEntriesByType('resource').some(e => /\.wasm(\?|$)/.test(e.name))`),
		"each frame fetched the wasm itself")
	assert.Equal(t, 3, ts.api.Count("chatbot"))

	ts.advanceClocks(time.Hour)
	for i, ahead := range eachTab[float64](ts, `w.Date.now() - Date.now()`) {
		assert.InDelta(t, float64(time.Hour.Milliseconds()), ahead, 60e3, "frame %d's clock moved", i)
	}
}

// Pages that create their clients at the same moment make one exchange
// between them: one takes the lock and exchanges, the others adopt its
// token.
func TestSharedTabsCreatingAtOnceShareOneExchange(t *testing.T) {
	ts := newTabs(t, 3, "")
	ts.createAll(nil)

	assert.Equal(t, 1, ts.api.Count("auth"), "three pages, one /auth")
	ts.requireOneToken()
	ts.requireTokenEvents(1, "every page that adopted the token fired 'token'")
	ts.callAll()
	assert.Equal(t, map[int]int{1: 3}, ts.api.TokensUsed("chatbot"), "each page's call went out with the one token")
}

// After the token expired (every page judges by its own clock), pages that
// need it at once share one re-exchange, and every page that adopts the new
// token fires its 'token' event. Counted from after the pages' creation, so
// that this holds whether or not their first exchange was shared.
func TestSharedTabsShareOneReExchangeAfterExpiryAndEachFiresToken(t *testing.T) {
	ts := newTabs(t, 3, "")
	ts.createAll(nil)
	before := ts.api.Count("auth") // the tokens issued so far, hence the next token's number - 1
	ts.requireTokenEvents(1, "the first token's")

	ts.advanceClocks(2 * time.Hour)
	ts.callAll()

	assert.Equal(t, before+1, ts.api.Count("auth"), "three pages with an expired token, one more /auth")
	assert.Equal(t, map[int]int{before + 1: 3}, ts.api.TokensUsed("chatbot"), "all three calls with the one new token")
	assert.Equal(t, 3, ts.api.Count("chatbot"), "none went out with the expired token")
	ts.requireOneToken()
	ts.requireTokenEvents(2, "one more 'token' event in every page, for the one new token")
}

// A page opened once the others hold a live token asks them for it
// rather than exchanging.
func TestSharedTabsPageOpenedLaterAdoptsItsPeersToken(t *testing.T) {
	ts := newTabs(t, 2, "")
	ts.createAll(nil)
	before := ts.api.Count("auth")
	peers := ts.tokens()

	later := ts.add(1, "")[0]
	r := inTab[settled](ts, later, ts.createJS(nil))
	require.True(t, r.OK, "createFromDomainKey in the later page: %+v", r.Error)

	assert.Equal(t, before, ts.api.Count("auth"), "the later page made no /auth")
	assert.Contains(t, peers, inTab[string](ts, later, `w.tab.token()`), "the later page holds its peers' token")
	assert.EqualValues(t, 200, inTab[any](ts, later, `w.tab.call()`))
	assert.Equal(t, 1, ts.api.Count("chatbot"))
	assert.Zero(t, ts.api.TokensUsed("chatbot")[before+1], "the call did not go out with a token of its own")
	poll(t, ts.page, js(`document.getElementById('tab' + %s).contentWindow.tab.tokenEvents > 0`, later))
	assert.Equal(t, 1, inTab[int](ts, later, `w.tab.tokenEvents`), "the later page fired 'token' for the token it adopted")
}

// A page opened later never hears the announcement of the token its peers
// hold, though it finds that token's mark: it does not wait for it. Here
// its peers' answers come too late, so it exchanges on its own, after its
// ask (300 ms), not after the wait for an announcement (sdk.LockWait, 5 s).
func TestSharedTabsPageOpenedLaterDoesNotWaitForAnOldAnnouncement(t *testing.T) {
	ts := newTabs(t, 2, "?latemessages")
	ts.createAll(nil)
	before := ts.api.Count("auth")

	later := ts.add(1, "?latemessages")[0]
	inTab[any](ts, later, `w.InbentaAuth.load()`) // timed below: the token, not the wasm
	start := time.Now()
	r := inTab[settled](ts, later, ts.createJS(nil))
	took := time.Since(start)
	require.True(t, r.OK, "createFromDomainKey in the later page: %+v", r.Error)
	assert.Equal(t, before+1, ts.api.Count("auth"), "its peers answered too late: it exchanged")
	assert.Less(t, took, time.Duration(sdk.LockWait/sdk.Millisecond)*time.Millisecond,
		"it did not wait for an announcement made before it opened")
}

// A page that goes away while it holds the exchange lock (its /auth
// still pending) does not hold up the others: the browser releases a
// closed page's locks, and the next page exchanges on its own.
func TestSharedTabsPageClosedWhileExchangingDoesNotBlockOthers(t *testing.T) {
	ts := newTabs(t, 2, "")
	// Both wasm instances run first, so that the time below is page 1's
	// token's, not its wasm's compilation.
	eachTab[any](ts, `w.InbentaAuth.load()`)
	ts.api.Fail("auth", authtest.Fault{Delay: 20 * time.Second}) // page 0's /auth hangs

	inTab[any](ts, 0, `(w.tab.pending = `+ts.createJS(nil)+`, null)`) // not awaited: it will never settle
	require.Eventually(t, func() bool { return ts.api.Count("auth") == 1 }, 30*time.Second, 20*time.Millisecond,
		"page 0 sent its /auth")
	// The frames share the test page's lock manager, so it sees page 0's lock.
	ts.eventually(10*time.Second, `navigator.locks.query().then(s => s.held.length > 0)`,
		"page 0 holds a Web Lock while its /auth is pending")
	ts.remove(0)

	start := time.Now()
	r := inTab[settled](ts, 1, ts.createJS(nil))
	took := time.Since(start)
	require.True(t, r.OK, "createFromDomainKey in page 1: %+v", r.Error)
	assert.Less(t, took, 10*time.Second, "page 1 got its token promptly, not after page 0's stalled exchange")
	assert.Equal(t, 2, ts.api.Count("auth"), "page 1 exchanged on its own")
	assert.EqualValues(t, 200, inTab[any](ts, 1, `w.tab.call()`))
	assert.Equal(t, map[int]int{1: 1}, ts.api.TokensUsed("chatbot"), "with page 1's token, the first issued: page 0's exchange never ended")
}

// A token the API refused is refused for every page: each page replays
// its refused call once, and one re-exchange serves them all.
func TestSharedTabsRefusedTokenIsReplacedOnceForAllPages(t *testing.T) {
	ts := newTabs(t, 3, "")
	ts.createAll(nil)
	before := ts.api.Count("auth") // counted from here, as after expiry
	ts.api.RevokeTokens()          // the gateway now answers 403 "explicit deny"; the pages do not know

	ts.callAll()
	assert.Equal(t, before+1, ts.api.Count("auth"), "one re-exchange for the three pages")
	assert.Equal(t, 6, ts.api.Count("chatbot"), "three calls refused, each replayed once")
	assert.Equal(t, map[int]int{before + 1: 3}, ts.api.TokensUsed("chatbot"), "every replay with the one new token")
	ts.requireOneToken()

	// No page goes back to the refused token, nor exchanges again.
	ts.callAll()
	assert.Equal(t, before+1, ts.api.Count("auth"))
	assert.Equal(t, map[int]int{before + 1: 6}, ts.api.TokensUsed("chatbot"))
}

// The token travels between pages in memory only: after pages shared a
// token and a re-exchange, no page's storage, cookies or IndexedDB hold
// anything (the origin's storage is the frames' and the test page's).
func TestSharedTabsTokenNeverReachesStorage(t *testing.T) {
	ts := newTabs(t, 3, "")
	ts.createAll(nil)
	ts.callAll()
	ts.advanceClocks(2 * time.Hour)
	ts.callAll()

	found := eachTab[[]string](ts, `w.tab.token().then(token => `+storedJS+`(w, token))`)
	assert.Equal(t, [][]string{{}, {}, {}}, found)
}

// shareAcrossTabs: false keeps every page on its own, as before sharing.
func TestSharedTabsShareAcrossTabsFalseExchangesPerPage(t *testing.T) {
	ts := newTabs(t, 3, "")
	off := map[string]any{"shareAcrossTabs": false}
	ts.createAll(off)

	assert.Equal(t, 3, ts.api.Count("auth"), "one /auth per page")
	ts.requireOwnTokens()
	ts.callAll()

	ts.advanceClocks(2 * time.Hour)
	ts.callAll()
	assert.Equal(t, 6, ts.api.Count("auth"), "and one re-exchange per page")
	ts.requireOwnTokens()
}

// Access-token mode: pages with the same API key and authURL run the
// page's refresh hook in one page per refresh; the others adopt its token.
func TestSharedTabsAccessTokenPagesRunTheHookOnceForAll(t *testing.T) {
	expire := func(ts *tabs) { ts.advanceClocks(2 * time.Hour) }
	refuse := func(ts *tabs) { ts.api.RevokeTokens() }
	for name, c := range map[string]struct {
		query string
		lose  func(*tabs)
	}{
		"expired": {"", expire},
		"refused": {"", refuse},
		// The page that ran the hook answers the others' ask too late, and
		// its announcement comes after they hold the lock: they wait for it.
		"expired, messages late": {"?latemessages", expire},
		"refused, messages late": {"?latemessages", refuse},
		// The new token seems to expire sooner than the refused one (here
		// by 2 s; a rounded-up expiration against an expires_in does it
		// by up to 1 s): the others take it all the same.
		"refused, new token expires sooner": {"", func(ts *tabs) {
			ts.lifeCut.Store(2)
			refuse(ts)
		}},
		// The hook's page holds the lock past sdk.LockWait: the others find
		// every page alive, and wait on rather than run theirs.
		"refused, slow hook": {"", func(ts *tabs) {
			ts.mintDelay.Store(int64(6 * time.Second))
			refuse(ts)
		}},
	} {
		t.Run(name, func(t *testing.T) {
			ts := newTabs(t, 3, c.query)
			tok := ts.serverToken() // every page starts from the token the server rendered into it
			for i, r := range eachTab[settled](ts, js(`w.tab.createFromToken(%s, %s, %s)`, tok, ts.apiKey, ts.api.AuthURL)) {
				require.True(t, r.OK, "frame %d: createFromAccessToken failed: %+v", i, r.Error)
			}
			c.lose(ts)

			ts.callAll()
			runs := eachTab[int](ts, `w.tab.hookRuns`)
			assert.Equal(t, 1, runs[0]+runs[1]+runs[2], "the hook ran once in all, in one page: %v", runs)
			assert.EqualValues(t, 1, ts.minted.Load(), "the page's server minted one token")
			assert.Equal(t, 3, ts.api.TokensUsed("chatbot")[2], "all three calls with the minted token")
			assert.NotEqual(t, tok["accessToken"], ts.requireOneToken())
		})
	}
}

// Without Web Locks and BroadcastChannel (gone before the loader ran)
// every page exchanges on its own, and works.
func TestSharedTabsWithoutLocksAndBroadcastChannelEachPageExchanges(t *testing.T) {
	ts := newTabs(t, 3, "?alone")
	assert.Equal(t, []bool{true, true, true}, eachTab[bool](ts,
		`!('locks' in w.navigator) && typeof w.BroadcastChannel === 'undefined'`), "the frames lack both")

	ts.createAll(nil)
	assert.Equal(t, 3, ts.api.Count("auth"), "one /auth per page")
	ts.requireOwnTokens()
	ts.callAll()
	assert.Equal(t, 3, ts.api.Count("chatbot"))
}

// Sharing is between pages: two clients of one page (one wasm) each
// exchange, as they did before.
func TestSharedTabsTwoClientsInOnePageDoNotShare(t *testing.T) {
	ts := newTabs(t, 1, "")
	create := ts.createJS(nil)
	for i, r := range inTab[[]settled](ts, 0, `Promise.all([`+create+`, `+create+`])`) {
		require.True(t, r.OK, "client %d: %+v", i, r.Error)
	}
	assert.Equal(t, 2, ts.api.Count("auth"), "one /auth per client")
	toks := inTab[[]string](ts, 0, `Promise.all(w.tab.clients.map(c => c.accessToken()))`)
	require.Len(t, toks, 2)
	assert.NotEqual(t, toks[0], toks[1])
}

// Any script of the origin can post on the pages' channel. What arrives is
// read as data, own properties only, bounded, and checked as a token
// answer is: junk, malformed tokens and a polluted Object.prototype change
// nothing, and no page's wasm fails. (A well-formed token posted there is
// adopted: pages trust their origin, see the README.)
func TestSharedTabsIgnoreForgedMessages(t *testing.T) {
	ts := newTabs(t, 2, "")
	ts.createAll(nil)
	token := ts.requireOneToken()
	auths := ts.api.Count("auth")

	channel := "inbenta-auth/1\ndomain-key\n" + ts.api.AuthURL + "\n" + ts.apiKey + "\n" + ts.domainKey
	// Were inherited properties read, every {} would say the token was refused.
	refusal := sdk.FingerprintOf(&sdk.Token{AccessToken: token}).String()
	eachTab[any](ts, js(`void Object.assign(w.Object.prototype,
		{v: 1, from: 'forger', type: 'refused', fp: %s, to: 'forger', ask: 1, token: {accessToken: 'inherited'}})`, refusal))
	t.Cleanup(func() {
		eachTab[any](ts, `void ['v', 'from', 'type', 'fp', 'to', 'ask', 'token'].forEach(k => delete w.Object.prototype[k])`)
	})

	// The junk, then an ask of the test page's own: messages from one
	// sender arrive in order, so both pages' answers mean they read it all.
	answers := eval[[]string](ts.fixture, js(`(async (name) => {
		const far = Date.now() / 1000 + 7200, apis = {chatbot: 'https://elsewhere.test/prod/chatbot'};
		let deep = {};
		for (let i = 0; i < 50; i++) deep = {deep};
		const forged = (token) => ({v: 1, from: 'forger', type: 'token', token});
		const junk = [null, 42, 'text', [], {}, {v: 2}, {v: 1, from: 7, type: 'token'},
			forged({accessToken: 'a b', expiration: far, apis}),
			forged({accessToken: 'x'.repeat(20000), expiration: far, apis}),
			forged({accessToken: 'no-apis', expiration: far}),
			forged({accessToken: 'bad-apis', expiration: far, apis: {chatbot: 'javascript:alert(1)'}}),
			forged({accessToken: 'bad-expiry', expiration: 'soon', apis}),
			forged({accessToken: 'expired', expiration: Date.now() / 1000 - 60, apis}),
			forged(deep), forged([1, 2]), forged('token'),
			{v: 1, from: 'forger', type: 'refused', fp: 'not hex'},
			{v: 1, from: 'forger', type: 'refused', fp: 42},
			{v: 1, from: 'forger', type: 'ask', ask: {nested: [1, 2]}},
			{v: 1, from: 'forger', type: 'have', to: 'anyone', ask: 1, token: {accessToken: 'unasked'}},
			{v: 1, from: 'forger', type: 'launch'},
		];
		const ch = new BroadcastChannel(name);
		const heard = [];
		const done = new Promise((resolve) => ch.onmessage = (e) => {
			if (e.data && e.data.type === 'have' && e.data.to === 'prober') {
				heard.push(e.data.token ? e.data.token.accessToken : '');
				if (heard.length === 2) resolve();
			}
		});
		for (const m of junk) ch.postMessage(m);
		ch.postMessage({v: 1, from: 'prober', type: 'ask', ask: 'probe'});
		await done;
		ch.close();
		return heard;
	})(%s)`, channel))

	assert.Equal(t, []string{token, token}, answers, "both pages still hold the token, and answered")
	assert.Equal(t, []string{token, token}, ts.tokens())
	ts.callAll()
	assert.Equal(t, auths, ts.api.Count("auth"), "nothing made a page exchange")
	assert.Equal(t, map[int]int{auths: 2}, ts.api.TokensUsed("chatbot"), "and the calls went out with the token to the API")
}

// A page alone asks the lock manager who is open once: the loader's claim
// holds the exchange lock when it counts no other page, and a token comes
// only from that lock's holder, so the client's first ask asks no one.
func TestSharedTabsPageAloneCountsThePagesOnce(t *testing.T) {
	f := newBundleFixture(t, nil)
	f.open("/e2e-loader.html?countlocks")
	requireQuickStartOK(t, quickStart(f, "InbentaAuth.createFromDomainKey"))
	assert.Equal(t, 1, eval[int](f, `e2e.lockQueries`), "locks.query() calls")
	assert.Len(t, f.api.Requests("auth"), 1)
}

// The loader compiles the wasm only once its claim of the early /auth has
// decided (at most 50 ms): on a repeat visit the wasm comes from the HTTP
// cache before the lock manager answers, and V8 decodes it in one long
// main-thread task, behind which those answers, and so the /auth, would
// wait.
func TestSharedTabsEarlyAuthLeavesBeforeTheCompile(t *testing.T) {
	f := newBundleFixture(t, nil)
	f.open("/e2e-loader.html?slowlocks")
	require.True(t, eval[bool](f, `Array.isArray(e2e.order)`), "the page has a LockManager")
	requireQuickStartOK(t, quickStart(f, "InbentaAuth.createFromDomainKey"))
	assert.Equal(t, []string{"wasm", "auth", "compile"}, eval[[]string](f, `e2e.order`))
	assert.Len(t, f.api.Requests("auth"), 1)
}

// channel is the name of the pages' BroadcastChannel (docs/tab-protocol.md).
func (ts *tabs) channel() string {
	ts.t.Helper()
	opts, err := sdk.ParseOptions(map[string]any{"authURL": ts.api.AuthURL})
	require.NoError(ts.t, err)
	return "inbenta-auth/1\n" + sdk.ShareGroup(opts.AuthURL, ts.apiKey, ts.domainKey)
}

// forge is a same-origin script with no client (in the test page, which
// loads no SDK): it posts the messages msgsJS makes (a JS expression, with
// now the time in Unix seconds) on the pages' channel, then asks every page
// for its token. Messages from one sender arrive in order, so the answers
// come once every page read the forged ones. It returns the answers: each
// page's token, or "" when it shares none.
func (ts *tabs) forge(msgsJS string) []string {
	ts.t.Helper()
	return eval[[]string](ts.fixture, js(`(async (name) => {
		const now = Date.now() / 1000;
		const pages = document.querySelectorAll('iframe').length;
		const ch = new BroadcastChannel(name);
		const heard = [];
		const done = new Promise((resolve) => ch.onmessage = (e) => {
			if (e.data && e.data.type === 'have' && e.data.to === 'prober') {
				heard.push(e.data.token ? e.data.token.accessToken : '');
				if (heard.length === pages) resolve();
			}
		});
		for (const m of (`+msgsJS+`)) ch.postMessage(m);
		ch.postMessage({v: 1, from: 'prober', type: 'ask', ask: 'probe'});
		await done;
		ch.close();
		return heard;
	})(%s)`, ts.channel()))
}

// A well-formed token that a same-origin script posts is not believed when
// it has no expiration (it would count as newer than any and be kept until
// refused), nor when its apis name another origin than the group's (the
// pages' calls would go there): the pages keep their token, exchange
// nothing, and nothing reaches the origin the forger named.
func TestSharedTabsDoNotBelieveLyingTokens(t *testing.T) {
	for name, forged := range map[string]string{
		"no expiration": `{accessToken: 'forged-no-expiration', apis: {chatbot: apis}}`,
		"a foreign apis origin": `{accessToken: 'forged-foreign', expiration: now + 1500, obtained: now,
			apis: {chatbot: evil + '/prod/chatbot'}}`,
	} {
		t.Run(name, func(t *testing.T) {
			evil := newRecorder(t)
			ts := newTabs(t, 2, "", evil.URL)
			ts.createAll(nil)
			token := ts.requireOneToken()
			auths := ts.api.Count("auth")
			// A control: the recorder is reachable from the pages, so a leak would show.
			require.EqualValues(t, 200, inTab[any](ts, 0, js(`w.fetch(%s + '/control', {headers: {'x-probe': '1'}}).then(r => r.status)`, evil.URL)))
			require.Len(t, evil.requests(), 2, "the control call and its preflight reach the recorder")
			evil.mu.Lock()
			evil.seen = nil
			evil.mu.Unlock()

			apis := inTab[string](ts, 0, `w.tab.client.apis.chatbot`)
			answers := ts.forge(js(`((apis, evil) => [{v: 1, from: 'forger', type: 'token', token: `+forged+`}])(%s, %s)`, apis, evil.URL))

			assert.Equal(t, []string{token, token}, answers, "both pages kept their token, and share it")
			assert.Equal(t, []string{token, token}, ts.tokens())
			assert.Equal(t, []string{apis, apis}, eachTab[string](ts, `w.tab.client.apis.chatbot`))
			ts.callAll()
			assert.Equal(t, auths, ts.api.Count("auth"), "nothing made a page exchange")
			assert.Equal(t, map[int]int{auths: 2}, ts.api.TokensUsed("chatbot"), "the calls went out with the pages' token to the API")
			assert.Empty(t, evil.requests(), "nothing reached the origin the forger named")
		})
	}
}

// A refusal that a same-origin script posts (it needs only the token's
// fingerprint, and any page of the origin can ask for the token) is a
// rumour: each page keeps its token and its next call is the check. Forged
// refusals, more than the breaker allows in a minute, make no page
// exchange, and no call fails.
func TestSharedTabsForgedRefusalsCauseNoExchange(t *testing.T) {
	ts := newTabs(t, 3, "")
	ts.createAll(nil)
	auths := ts.api.Count("auth")

	rounds := sdk.DefaultBreakerMax + 2
	for round := range rounds {
		token := ts.requireOneToken()
		fp := sdk.FingerprintOf(&sdk.Token{AccessToken: token}).String()
		ts.forge(js(`[{v: 1, from: 'forger', type: 'refused', fp: %s}]`, fp))
		assert.Equal(t, []any{200.0, 200.0, 200.0}, eachTab[any](ts, `w.tab.call()`), "round %d: every page's call", round)
	}
	assert.Equal(t, auths, ts.api.Count("auth"), "no page exchanged")
	assert.Equal(t, map[int]int{auths: 3 * rounds}, ts.api.TokensUsed("chatbot"), "every call went out once, with the one token")
}
