// Package browsertest holds the end-to-end tests (build tag browser): the
// built bundle in web/dist and the demo, driven in headless Chromium with
// chromedp against the emulated API. make test-browser runs them:
//
//	go test -tags browser ./web/browsertest
//
// testdata/ holds their pages.
package browsertest
