#!/usr/bin/env bash
# Measure the engine on this machine and write benches/RESULTS.md:
# criterion figures (ward-months per second per core), wall time of 10,000
# stochastic runs through the CLI, and time and peak memory of 1,000,000 runs.
# Takes several minutes; run it on an otherwise idle machine.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --bin sasaeai >/dev/null
bin=target/release/sasaeai
out=benches/RESULTS.md
log=$(mktemp)
cargo bench --bench engine -- --warm-up-time 2 --measurement-time 6 2>&1 | tee "$log" >/dev/null

crit() { # group/name → "time | throughput"
  awk -v id="$1" '
    $0 == id || index($0, id) == 1 && NF == 1 { found = 1; next }
    found && /time:/ { t = $0; sub(/.*time: +\[/, "", t); split(t, a, " "); tm = a[3] " " a[4] }
    found && /thrpt:/ { t = $0; sub(/.*thrpt: +\[/, "", t); split(t, a, " "); print tm " | " a[3] " " a[4]; exit }
  ' "$log"
}

timed() { # command… → "seconds peakKB"
  /usr/bin/time -f "%e %M" "$@" 2>&1 >/dev/null | tail -1
}

read -r t10k_1 _ < <(timed "$bin" run combined-plan --runs 10000 --threads 1)
read -r t10k_n _ < <(timed "$bin" run combined-plan --runs 10000)
read -r t1m m1m < <(timed "$bin" run combined-plan --runs 1000000)

{
  echo "# Benchmark results"
  echo
  echo "Measured $(date -u +%Y-%m-%d) by \`scripts/bench.sh\` on: $(nproc) cores,"
  echo "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/Mem:/ {print $2}') GB,"
  echo "$(rustc --version)."
  echo
  echo "| benchmark | time per iteration | ward-months per second |"
  echo "|---|---|---|"
  for id in one_run/expected/status-quo one_run/stochastic/status-quo \
            one_run/expected/combined-plan one_run/stochastic/combined-plan \
            one_run/stochastic-ward-by-ward/status-quo \
            one_run/stochastic-ward-by-ward/combined-plan \
            run_and_summarise/stochastic/combined-plan \
            ten_thousand_runs/status-quo ten_thousand_runs/combined-plan; do
    echo "| \`$id\` | $(crit "$id") |"
  done
  echo
  echo "A run is 23 wards × 60 months = 1,380 ward-months; one thread. Stochastic"
  echo 'runs step four wards at a time in AVX2 lanes where the processor has them;'
  echo '`stochastic-ward-by-ward` is the same runs one ward at a time (the same bits).'
  echo
  echo "| CLI | wall time | peak memory |"
  echo "|---|---|---|"
  echo "| \`sasaeai run combined-plan --runs 10000 --threads 1\` | ${t10k_1} s | |"
  echo "| \`sasaeai run combined-plan --runs 10000\` ($(nproc) threads) | ${t10k_n} s | |"
  echo "| \`sasaeai run combined-plan --runs 1000000\` ($(nproc) threads) | ${t1m} s | $((m1m / 1024)) MB |"
} > "$out"
rm -f "$log"
cat "$out"
