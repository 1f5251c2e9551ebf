# Sasaeai — build, serve, test and benchmark. Every target installs what it needs.
#
#   make serve   build the browser app (release) and serve www/ on http://127.0.0.1:8080
#   make test    every test: formatting, lints, the native test suite in
#                release mode, the WebAssembly builds, and the browser tests
#                in headless Chromium
#   make app     build the browser app into www/pkg without serving it
#                (the page for size, profile wasm-app; the worker for speed, release)
#   make bench   the criterion benchmarks of the engine
#   make cli     build the `sasaeai` command-line tool (target/release/sasaeai)
#   make fuzz    fuzz the scenario reader, the engine and the merge of shard
#                files (cargo-fuzz, nightly), FUZZ_SECONDS each (default 600);
#                not part of `make test`

CARGO ?= cargo
WASM_TARGET := wasm32-unknown-unknown
WASM_DIR := target/$(WASM_TARGET)/release
PORT ?= 8080
# wasm-bindgen-cli must match the wasm-bindgen crate in Cargo.lock exactly.
WASM_BINDGEN_VERSION := $(shell awk '/^name = "wasm-bindgen"$$/ { getline; gsub(/"/, "", $$3); print $$3; exit }' Cargo.lock)

FUZZ_SECONDS ?= 600

.PHONY: test bench cli app serve wasm-target wasm-bindgen-cli lint no-web-in-cli browser-test fuzz screenshots

wasm-target:
	@rustup target list --installed 2>/dev/null | grep -qx '$(WASM_TARGET)' || rustup target add $(WASM_TARGET)

wasm-bindgen-cli:
	@wasm-bindgen --version 2>/dev/null | grep -qx 'wasm-bindgen $(WASM_BINDGEN_VERSION)' || \
	  $(CARGO) install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION)

lint: no-web-in-cli
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --release --all-targets --features web -- -D warnings
	$(CARGO) clippy --release --target $(WASM_TARGET) --features web --lib --bin app --bin worker -- -D warnings
	$(CARGO) clippy --release --target $(WASM_TARGET) --no-default-features --features web --test browser_worker --test wasm_lanes -- -D warnings

# The CLI (and the fuzz targets, which use the library without features)
# must not compile Yew, web-sys, gloo or plotters.
no-web-in-cli:
	@if $(CARGO) tree -e normal --no-default-features --features cli --prefix none | \
	  grep -qE '^(yew|web-sys|gloo|gloo-[a-z]+|plotters|wasm-bindgen|js-sys) v'; then \
	  echo "the CLI build depends on a web crate:"; \
	  $(CARGO) tree -e normal --no-default-features --features cli --prefix none | \
	    grep -E '^(yew|web-sys|gloo|gloo-[a-z]+|plotters|wasm-bindgen|js-sys) v' | sort -u; \
	  exit 1; \
	fi

app: wasm-target wasm-bindgen-cli
	$(CARGO) build --profile wasm-app --target $(WASM_TARGET) --features web --bin app
	$(CARGO) build --release --target $(WASM_TARGET) --features web --bin worker
	wasm-bindgen --target web --no-typescript --remove-name-section --remove-producers-section --out-dir www/pkg target/$(WASM_TARGET)/wasm-app/app.wasm
	wasm-bindgen --target web --no-typescript --remove-name-section --remove-producers-section --out-dir www/pkg $(WASM_DIR)/worker.wasm
	@scripts/wasm-sizes.sh www/pkg

cli:
	$(CARGO) build --release --bin sasaeai

serve: app cli
	target/release/sasaeai serve www --port $(PORT)

browser-test: app cli
	scripts/browser-test.sh

screenshots: app cli
	scripts/screenshots.sh

test: wasm-target lint
	$(CARGO) test --release --features web
	$(CARGO) build --release --target $(WASM_TARGET) --features web --lib
	$(MAKE) browser-test

bench:
	$(CARGO) bench --bench engine

fuzz:
	scripts/fuzz.sh $(FUZZ_SECONDS)
