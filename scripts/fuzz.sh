#!/usr/bin/env bash
# Fuzz the scenario reader, the engine and the merge of shard files with
# cargo-fuzz (libFuzzer), each target for SECONDS (default 600), one after
# the other.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]     targets: scenario engine merge
#
# Installs what it needs when missing: a nightly toolchain (cargo-fuzz
# builds with the sanitizer flags only nightly takes) and cargo-fuzz.
# The checked-in seeds are in fuzz/corpus/<target>/; inputs the fuzzer
# finds are added beside them (ignored by git). A crash stops the run and
# leaves its input in fuzz/artifacts/<target>/: copy it to tests/data/fuzz/
# as a regression test (tests/fuzz_regressions.rs) and fix the code.
# Not part of `make test`; `make fuzz` runs it.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-600}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(scenario engine merge)
fi

if ! rustup run nightly rustc --version >/dev/null 2>&1; then
  rustup toolchain install nightly --profile minimal
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
  cargo install cargo-fuzz
fi

cd fuzz
# Release build with debug assertions (overflow checks) and AddressSanitizer.
cargo +nightly fuzz build -O -a
for target in "${targets[@]}"; do
  mkdir -p "corpus/$target" "artifacts/$target"
  log="artifacts/$target/fuzz.log"
  echo "fuzz: $target for ${seconds}s (log: fuzz/$log)"
  # -timeout: a case taking over 10 s counts as a hang; -rss_limit_mb: 2 GB.
  # The engine's cases are slow (a few per second), so its inputs get their
  # full length from the start instead of growing over many runs: a short
  # input makes no edits to the scenario.
  extra=()
  if [ "$target" = engine ]; then
    extra=(-len_control=0 -max_len=1024)
  fi
  set +e
  cargo +nightly fuzz run -O -a "$target" "corpus/$target" -- \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 "${extra[@]}" \
    2>&1 | tee "$log" | grep -E '^(#[0-9]+ +(DONE|INITED)|stat::number_of_executed_units|==[0-9]+== ?ERROR|SUMMARY|Done )'
  status=${PIPESTATUS[0]}
  set -e
  if [ "$status" -ne 0 ]; then
    echo "fuzz: $target found a failure; see fuzz/$log and fuzz/artifacts/$target/" >&2
    exit "$status"
  fi
done
