#!/usr/bin/env bash
# Measure the engine on this machine and write benches/RESULTS.md:
# criterion figures (ward-months per second per core), wall time of 10,000
# stochastic runs through the CLI, time and peak memory of 1,000,000 runs,
# and the browser benchmark page (www/bench.html) in headless Chromium with
# 1, 2 and N workers, with the wasm/native ratio per core and the scaling,
# and the app itself: an edit of the seed to the first estimate and to all
# 10,000 runs on screen (tests/e2e/timing.mjs).
# Takes several minutes; run it on an otherwise idle machine.
set -euo pipefail
cd "$(dirname "$0")/.."
make app >/dev/null
cargo build --release --bin sasaeai >/dev/null
scripts/ensure-chromium.sh
if [ ! -d tests/e2e/node_modules/playwright-core ]; then
  (cd tests/e2e && npm ci --no-audit --no-fund --silent)
fi
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

# Where the time goes: instructions executed per ward-month by function
# (valgrind's cachegrind counts instructions, whatever the machine's load).
profile() { # label runs args… → markdown rows
  local label=$1 wm=$2; shift 2
  local cg
  cg=$(mktemp)
  valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file="$cg" "$bin" "$@" >/dev/null 2>&1
  cg_annotate "$cg" 2>/dev/null | WM="$wm" LABEL="$label" python3 -c '
import os, re, sys
wm = float(os.environ["WM"]); label = os.environ["LABEL"]
rows = []
total = None
for line in sys.stdin:
    m = re.match(r"\s*([\d,]+) \(\s*[\d.]+%\)\s+(.*)$", line)
    if not m:
        continue
    n = int(m.group(1).replace(",", "")); what = m.group(2)
    if "PROGRAM TOTALS" in what:
        total = n
        continue
    name = what.split(":", 1)[-1]
    name = re.sub(r"^sasaeai::", "", name)
    rows.append((n, name))
print("| %s: all | %.0f |" % (label, total / wm))
for n, name in rows[:8]:
    print("| %s: `%s` | %.0f |" % (label, name, n / wm))
'
  rm -f "$cg"
}

# The browser benchmark page, served locally.
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$bin" serve www --port "$port" 2>/dev/null &
server=$!
trap 'kill $server 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
browser_json=$(node tests/e2e/bench.mjs --url "http://127.0.0.1:$port/" --runs 10000 --repeat 3 --chromium "$(command -v chromium)")
app_json=$(node tests/e2e/timing.mjs --url "http://127.0.0.1:$port/" --edit 1 --runs 10000 --repeat 8 --json 1 --chromium "$(command -v chromium)" | tail -1)
app_rows=$(APP_JSON="$app_json" python3 - <<'PY'
import json, os
a = json.loads(os.environ["APP_JSON"])
span = lambda xs: "%.2f–%.2f s" % (min(xs), max(xs))
within = lambda xs, limit: "%d of %d" % (sum(x <= limit for x in xs), len(xs))
print("| first estimate on screen | %s | %s | 0.3 s |" % (span(a["first"]), within(a["first"], 0.3)))
print("| all %s runs on screen | %s | %s | 1.5 s |" % (format(a["runs"], ","), span(a["all"]), within(a["all"], 1.5)))
print()
print("As the test driver saw them (it looks every 0.5 s once it has waited a"
      " while): first estimate %s, all runs %s." % (span([s[0] for s in a["seen"]]), span([s[1] for s in a["seen"]])))
PY
)
browser_rows=$(T10K_1="$t10k_1" BROWSER_JSON="$browser_json" python3 - <<'PY'
import json, os
b = json.loads(os.environ["BROWSER_JSON"])
native = 10000 * 23 * 60 / float(os.environ["T10K_1"])
rows = b["rows"]
rate = lambda r: r["ward_months"] / r["seconds"]
one = rate(rows[0])
for r in rows:
    print("| %d | %s | %.2f s | %.2f M | %.2f× |" % (r["workers"], format(r["runs"], ","), r["seconds"], rate(r) / 1e6, rate(r) / one))
print()
print("Per core: native (CLI, 1 thread) %.2f M ward-months/s, wasm (1 worker) %.2f M;"
      " wasm takes %.2f× the native time (target: within 1.5×). Two workers run %.2f× as"
      " fast as one (target: 1.8× on 2 cores); the browser reports %d logical processors."
      % (native / 1e6, one / 1e6, native / one, rate(rows[1]) / one, b["hardware_concurrency"]))
PY
)

if command -v valgrind >/dev/null && command -v cg_annotate >/dev/null; then
  profile_rows=$(profile "combined-plan" $((500 * 1380)) run combined-plan --runs 500 --threads 1
                 profile "my-ward (one ward)" $((4000 * 60)) run scenarios/examples/my-ward.toml --runs 4000 --threads 1)
else
  profile_rows="| (valgrind is not installed: no profile) | |"
fi

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
            grouped_runs/stochastic/status-quo grouped_runs/stochastic/combined-plan \
            grouped_runs/stochastic-portable-lanes/combined-plan \
            run_and_summarise/stochastic/combined-plan \
            ten_thousand_runs/status-quo ten_thousand_runs/combined-plan \
            ten_thousand_runs/my-ward; do
    echo "| \`$id\` | $(crit "$id") |"
  done
  echo
  echo "A run is 23 wards × 60 months = 1,380 ward-months (\`my-ward\`: the one-ward"
  echo "example, 60 ward-months); one thread. Stochastic"
  echo 'runs step eight wards at a time in AVX-512 lanes, or four in AVX2 lanes, where'
  echo 'the processor has them;'
  echo '`stochastic-ward-by-ward` is the same runs one ward at a time (the same bits).'
  echo '`grouped_runs` steps as many runs together as the lanes are wide (eight with'
  echo 'AVX-512, four otherwise), each block holding one ward of every run, as the'
  echo 'batch runner does; its time is per group and its rate per ward-month of the group.'
  echo
  echo "| CLI | wall time | peak memory |"
  echo "|---|---|---|"
  echo "| \`sasaeai run combined-plan --runs 10000 --threads 1\` | ${t10k_1} s | |"
  echo "| \`sasaeai run combined-plan --runs 10000\` ($(nproc) threads) | ${t10k_n} s | |"
  echo "| \`sasaeai run combined-plan --runs 1000000\` ($(nproc) threads) | ${t1m} s | $((m1m / 1024)) MB |"
  echo
  echo "Browser: \`www/bench.html\` in headless Chromium ($(chromium --version 2>/dev/null | head -1)),"
  echo "10,000 runs of combined-plan split over a pool of Web Workers, from the"
  echo "request to the merged final summaries (after a warm-up); the best of three"
  echo "loads of the page for each pool size."
  echo
  echo "| workers | runs | wall time | ward-months per second | speed-up |"
  echo "|---|---|---|---|---|"
  echo "$browser_rows"
  echo
  echo "The app (\`tests/e2e/timing.mjs --edit 1\`): combined-plan with 10,000 runs open"
  echo "and its results on screen, the seed edited eight times; each time from the"
  echo "Tab key that ends the edit to the second animation frame after the dashboard"
  echo "holds the first estimate, and all the runs (measured in the page)."
  echo
  echo "| an edit of the seed to | time | within the target | target |"
  echo "|---|---|---|---|"
  echo "$app_rows"
  echo
  echo "## Where the time goes"
  echo
  echo "Instructions executed per ward-month, in all and in the functions that"
  echo "execute most (\`valgrind --tool=cachegrind\`, one thread: 500 runs of"
  echo "combined-plan, 4,000 runs of the one-ward example; set-up and report included)."
  echo "valgrind does not run AVX-512 instructions, so these are the counts of the"
  echo "AVX2 path (four wards per block) even on a processor with AVX-512."
  echo
  echo "| run: function | instructions per ward-month |"
  echo "|---|---|"
  echo "$profile_rows"
  cat <<'TEXT'

`lanes::avx2::step_block` is the stochastic month of four wards in vector
lanes: five keyed uniforms, the month's rates (a logarithm and a twelfth
root), an exact inversion for each small count (Poisson or binomial: the
first term, cumulative terms six at a time until every lane's count is
reached, and for a binomial (1 − p)ⁿ by binary powering) and the normal
approximation for each large one. The
summaries (`QuantileSketch::add_many`, `Summary::add_many`,
`add_series_block`, `Store::reshape`) put 1,160 monthly and fiscal figures
of every run into an exact sum and a quantile sketch each, however many
wards the plan has; for one ward that is 19 figures per ward-month, against
0.84 for 23 wards, which is why a one-ward run costs several times as much
per ward-month. `run_group` is the set-up of each run (parameters,
calibration, programmes) and the sums over wards. cachegrind counts every
iteration of a repeated string instruction, so `memset` and `memcpy` weigh
less in time than in this count.

The gap left is small plans: matching the 23-ward rate per ward-month
would need fewer figures per run, or summaries at a few instructions per
figure. The bucket counters of 1,160 quantile sketches (some 2 MB) do not
stay in a core's caches, and `perf` puts about half of the sketches' time
on incrementing them.
TEXT
} > "$out"
cat "$out"
