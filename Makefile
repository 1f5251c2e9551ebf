# Sasaeai — build, test and benchmark. Every target installs what it needs.
#
#   make test    every test: formatting, lints, the native test suite in
#                release mode, and the WebAssembly build of the engine
#   make bench   the criterion benchmarks of the engine
#   make cli     build the `sasaeai` command-line tool (target/release/sasaeai)

CARGO ?= cargo
WASM_TARGET := wasm32-unknown-unknown

.PHONY: test bench cli wasm-target lint

wasm-target:
	@rustup target list --installed 2>/dev/null | grep -qx '$(WASM_TARGET)' || rustup target add $(WASM_TARGET)

lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --release --all-targets -- -D warnings

test: wasm-target lint
	$(CARGO) test --release
	$(CARGO) build --release --target $(WASM_TARGET) --lib

bench:
	$(CARGO) bench --bench engine

cli:
	$(CARGO) build --release --bin sasaeai
