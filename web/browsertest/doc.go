// Package browsertest holds the end-to-end tests (build tag browser): the
// built bundle in web/dist and the demo, driven through web/engine in the
// engine $BROWSER names (chromium, firefox or webkit; chromium when unset)
// against the emulated API. make test-browser runs them in all three:
//
//	BROWSER=firefox go test -tags browser ./web/browsertest
//
// testdata/ holds their pages.
package browsertest
