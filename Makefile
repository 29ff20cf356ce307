# Inbenta Auth SDK: Go compiled to WebAssembly, tested in Chromium, Firefox and WebKit.
GO        ?= go
DIST      := web/dist
GOROOT    := $(shell $(GO) env GOROOT)
CHROMIUM  ?= $(firstword $(shell command -v chromium chromium-browser google-chrome 2>/dev/null))

WASM_EXEC_RUNNER := $(GOROOT)/lib/wasm/go_js_wasm_exec

# The browser suite's engines; BROWSER=one of them runs only that one.
ENGINES := chromium firefox webkit
BROWSER ?=

FUZZ_TARGETS := FuzzParseTokenAnswer FuzzResolveLabels FuzzParseOptions FuzzParseStored
FUZZTIME     ?= 5000000x

TEST_JS := web/loader/test/*.test.js web/devserver/test/*.test.js

.PHONY: build package release npm run test other-tests browsertest-binary tsc test-native test-js test-wasm test-fuzz test-browser $(addprefix test-browser-,$(ENGINES)) screenshots typecheck fuzz vet chromium node clean bench browsers

## build: the bundle in web/dist: the wasm and its .br/.gz, wasm_exec.js, the
## loaders (inbenta-auth.js, inbenta-auth.mjs, bundled by esbuild from
## web/loader/src, with source maps), their types, integrity.json. The SDK's
## own packages are compiled without inlining (-l): a smaller wasm, no slower
## (docs/performance.md); make bench builds its floor with the same flags.
build:
	@mkdir -p $(DIST)
	GOOS=js GOARCH=wasm $(GO) build -trimpath -ldflags='-s -w' -gcflags=github.com/inbenta-community/inbenta-auth/...=-l -o $(DIST)/inbenta-auth.wasm ./wasm
	$(GO) run ./web/cmd/build -dist $(DIST) -go $(GO)

## package: the npm package web/dist/inbenta-community-inbenta-auth-VERSION.tgz
## (npm pack of a generated folder: package.json, README, LICENSE, CHANGELOG, dist/)
package: build npm
	$(GO) run ./web/cmd/package -dist $(DIST)

## release: web/dist/inbenta-auth-VERSION.tar.gz (the hosted bundle, SHA256SUMS,
## integrity.json's SRI hashes) and its .sha256, to copy to /inbenta/ or a CDN
release: build
	$(GO) run ./web/cmd/package -release -dist $(DIST)

## run: build, then serve the demo site and the emulated Inbenta API;
## ARGS='-addr localhost:9000 -origin http://localhost:5173' passes flags (go run ./web/cmd/devserver -h)
run: build
	$(GO) run ./web/cmd/devserver $(ARGS)

## test: vet and the build, then all at once: the browser tests in each engine,
## and, at a lower priority (they take the CPU the browsers leave idle), native
## tests with -race, the loader's unit tests and the bridge in Node.js, brief
## fuzzing and the TypeScript check; each one's output together once it ends
test: vet build browsers npm node browsertest-binary
	@$(MAKE) --no-print-directory -k -j4 --output-sync=target $(addprefix test-browser-,$(or $(BROWSER),$(ENGINES))) other-tests

# What make test runs beside the browsers, one after another.
other-tests:
	@nice -n 10 $(MAKE) --no-print-directory test-native test-js test-wasm test-fuzz tsc

vet:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$unformatted" ]; then echo "gofmt needed: $$unformatted"; exit 1; fi
	$(GO) vet ./...
	$(GO) vet -tags browser ./web/...
	GOOS=js GOARCH=wasm $(GO) vet ./sdk ./jsbridge ./wasm

test-native: node
	$(GO) test -race -count=1 ./...

## test-js: the loader's ES modules (web/loader/src) and the demo's plain modules (snippets, chat), unit-tested with
## Node.js's own runner against fakes of fetch, Web Locks and channels: seconds
test-js: node
	node --test $(TEST_JS)

# The platform-free core and the JS bridge, compiled to wasm and run in Node.js.
test-wasm: node
	GOOS=js GOARCH=wasm $(GO) test -count=1 -exec=$(WASM_EXEC_RUNNER) ./sdk ./jsbridge

# Each fuzz target briefly (seeds in testdata/); make fuzz runs them longer.
# Budgets are counts, not durations: a duration -fuzztime can fail with a
# spurious "context deadline exceeded" on Go 1.26 (golang/go#75804).
FUZZ_SMOKE ?= 100000x
test-fuzz:
	@for t in $(FUZZ_TARGETS); do \
	  $(GO) test -run '^$$' -fuzz "^$$t\$$" -fuzztime $(FUZZ_SMOKE) ./sdk || exit 1; \
	done

## fuzz: each fuzz target for FUZZTIME executions (default 5,000,000, a few minutes)
fuzz:
	@for t in $(FUZZ_TARGETS); do \
	  $(GO) test -run '^$$' -fuzz "^$$t\$$" -fuzztime $(FUZZTIME) ./sdk || exit 1; \
	done

## test-browser: the browser suite in each engine, in parallel, each one's
## output together once it ends; BROWSER=chromium|firefox|webkit runs one.
## One test binary, built first, serves the three.
test-browser: build browsers npm browsertest-binary
	@$(MAKE) --no-print-directory -k -j3 --output-sync=target $(addprefix test-browser-,$(or $(BROWSER),$(ENGINES)))

browsertest-binary:
	$(if $(filter-out $(ENGINES),$(BROWSER)),$(error BROWSER=$(BROWSER): want one of $(ENGINES), or none for all))
	$(GO) test -c -tags browser -o web/browsertest/browsertest.test ./web/browsertest

# The test binary runs in its package's directory, as go test runs it. The
# timeout only guards against a hang: the three engines at once on a small
# machine take many minutes.
$(addprefix test-browser-,$(ENGINES)): test-browser-%:
	@echo "== browser tests in $*"; start=$$(date +%s); \
	cd web/browsertest && CHROMIUM=$(CHROMIUM) BROWSER=$* ./browsertest.test -test.count=1 -test.timeout=45m; \
	rc=$$?; echo "== $*: $$([ $$rc = 0 ] && echo ok || echo FAILED) in $$(( $$(date +%s) - start )) s"; exit $$rc

## screenshots: the notification as each engine draws it, at 1280 and 375 px,
## into screenshots/ (notification-<engine>.png is committed: look at the
## change before committing it); one engine after another, BROWSER=one of them
## for one. make test leaves its pictures in screenshots/latest/ (git-ignored).
screenshots: build browsers
	$(if $(filter-out $(ENGINES),$(BROWSER)),$(error BROWSER=$(BROWSER): want one of $(ENGINES), or none for all))
	$(GO) test -c -tags browser -o web/browsertest/browsertest.test ./web/browsertest
	@for e in $(or $(BROWSER),$(ENGINES)); do \
	  echo "== screenshots in $$e"; \
	  (cd web/browsertest && CHROMIUM=$(CHROMIUM) BROWSER=$$e SCREENSHOTS=$(CURDIR)/screenshots \
	    ./browsertest.test -test.count=1 -test.run '^TestNotificationScreenshots$$' -test.timeout=10m) || exit 1; \
	done

# TypeScript for `make typecheck`, installed from npm into a git-ignored folder when missing.
TYPESCRIPT_VERSION := 7.0.2
TYPES_DIR := web/loader/types
TSC       := $(TYPES_DIR)/node_modules/.bin/tsc
TSC_FLAGS := --noEmit --strict --target es2022 --lib es2022,dom,dom.iterable --module esnext --moduleResolution bundler

## typecheck: the example pages in web/loader/types, checked with tsc against web/dist's declarations
typecheck: build node npm
	@$(MAKE) --no-print-directory tsc

tsc:
	@if [ "$$($(TSC) --version 2>/dev/null)" != "Version $(TYPESCRIPT_VERSION)" ]; then \
	  echo "Installing typescript@$(TYPESCRIPT_VERSION) into $(TYPES_DIR)/node_modules..."; \
	  npm install --no-save --no-audit --no-fund --no-package-lock --prefix $(TYPES_DIR) typescript@$(TYPESCRIPT_VERSION) >/dev/null || exit 1; \
	fi
	$(TSC) $(TSC_FLAGS) $(TYPES_DIR)/example.ts
	$(TSC) $(TSC_FLAGS) $(TYPES_DIR)/example-module.ts $(TYPES_DIR)/mistakes.ts

## bench: size, cold start, per-call cost, refresh and memory next to their floors,
## side by side in headless Chromium; prints a table and writes $(DIST)/bench.json.
## BENCHFLAGS='-runs 7 -v' passes flags to go run ./web/bench. Not part of test.
bench: build chromium
	CHROMIUM=$(or $(CHROMIUM),$(shell command -v chromium)) $(GO) run ./web/bench -dist $(DIST) -go $(GO) $(BENCHFLAGS)

## chromium: install Debian's chromium when missing (as root), or say how
chromium:
	@if [ -n "$(CHROMIUM)" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing Debian's chromium for the browser tests..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
	  echo "The browser tests need Chromium. Install it (Debian/Ubuntu: sudo apt-get install chromium)"; \
	  echo "or point CHROMIUM=/path/to/chrome at one, then run make test again."; exit 1; \
	fi

## browsers: what the browser suite's engines need (all three, or BROWSER's),
## also for web/engine's tests (go test -tags browser ./web/engine/); installs
## Debian's packages that are missing (as root), or says which. CHROMIUM set
## (or chromium on PATH) stands for Debian's chromium.
packages_chromium = $(if $(CHROMIUM),,chromium)
packages_firefox  = firefox-esr
packages_webkit   = webkit2gtk-driver xvfb
BROWSER_PACKAGES  = $(foreach e,$(or $(BROWSER),$(ENGINES)),$(packages_$(e)))
browsers:
	@missing=$$(for p in $(BROWSER_PACKAGES); do \
	  dpkg-query -W -f='$${db:Status-Status}' $$p 2>/dev/null | grep -qx installed || echo $$p; done); \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing Debian's" $$missing "for the browser tests..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	else \
	  echo "The browser tests need:" $$missing; \
	  echo "Install them (Debian/Ubuntu: sudo apt-get install" $$missing"),"; \
	  echo "or run one engine: make test-browser BROWSER=chromium|firefox|webkit."; exit 1; \
	fi

## npm: npm packs the package and installs TypeScript and Vite for the tests;
## install Debian's when missing (as root), or say how
npm:
	@if command -v npm >/dev/null; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing Debian's npm..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null || exit 1; \
	else \
	  echo "This needs npm. Install it (Debian/Ubuntu: sudo apt-get install npm)."; exit 1; \
	fi

## node: Node.js runs the wasm unit tests; install Debian's when missing (as root)
node:
	@if command -v node >/dev/null; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing Debian's nodejs for the wasm unit tests..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs >/dev/null; \
	else \
	  echo "The wasm unit tests need Node.js. Install it (Debian/Ubuntu: sudo apt-get install nodejs)."; exit 1; \
	fi

clean:
	rm -rf $(DIST)
