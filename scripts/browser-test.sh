#!/usr/bin/env bash
# Browser tests of the built app (make browser-test; part of make test):
# installs Debian's Chromium and ChromeDriver and the test's npm package if
# missing, serves www/ on a free local port, runs the worker round trip
# (tests/browser_worker.rs, wasm-bindgen-test) and the WebAssembly lanes'
# equality with the ward-by-ward path (tests/wasm_lanes.rs, in Node.js) and
# drives the page in
# headless Chromium: a short run of the benchmark page (tests/e2e/bench.mjs),
# the app against the CLI's numbers (tests/e2e/app.test.mjs), presentation
# mode, the printed A4 report (PDF) and the model page with axe-core's
# accessibility rules (tests/e2e/council.test.mjs), and the fault checks
# (tests/e2e/faults.test.mjs), the council report and equity checks
# (tests/e2e/report.test.mjs), plain words in Japanese
# (tests/e2e/words.test.mjs), money entry (tests/e2e/input.test.mjs) and the
# workspace (tests/e2e/workspace.test.mjs). Every suite runs; the exit code counts the
# failures of all.
#
# SCREENSHOTS=DIR also saves dashboard and presentation screenshots there.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/ensure-chromium.sh
if [ ! -d tests/e2e/node_modules/playwright-core ] || [ ! -d tests/e2e/node_modules/axe-core ] ||
   [ ! -d tests/e2e/node_modules/pdfjs-dist ]; then
  # pdfjs-dist's optional canvas is not needed to read a PDF's text.
  (cd tests/e2e && npm ci --no-audit --no-fund --silent --omit=optional)
fi
test -f www/pkg/app.js && test -f www/pkg/worker.js || { echo "build the app first (make app)" >&2; exit 2; }

bin=target/release/sasaeai
work=$(mktemp -d)
# Two free ports: the app's, and that of wasm-bindgen-test-runner's test page
# (a command substitution, so that python has closed them when it returns).
ports=$(python3 -c 'import socket
s, t = socket.socket(), socket.socket()
s.bind(("127.0.0.1", 0)); t.bind(("127.0.0.1", 0))
print(s.getsockname()[1], t.getsockname()[1])')
read -r port page_port <<<"$ports"
# The worker test's page (on page_port) imports the worker script from this
# server, a cross-origin module import: this one origin may read the files.
"$bin" serve www --port "$port" --allow-origin "http://127.0.0.1:$page_port" 2>"$work/serve.log" &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 50); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  sleep 0.1
done
kill -0 "$server" 2>/dev/null || { cat "$work/serve.log" >&2; exit 2; }

# The worker round trip through gloo-worker, in Chromium via chromedriver
# (the runner serves its test page on page_port), and the WebAssembly lanes
# in Node.js.
WASM_BINDGEN_TEST_ADDRESS="127.0.0.1:$page_port" \
SASAEAI_WORKER_URL="http://127.0.0.1:$port/pkg/worker.js" \
CHROMEDRIVER="$(command -v chromedriver)" \
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  cargo test --release --no-default-features --features web --target wasm32-unknown-unknown \
  --test browser_worker --test wasm_lanes

# The served page end to end, against the CLI's numbers.
"$bin" run status-quo --runs 2000 --seed 7 --format json --out "$work/cli-status-quo.json"
"$bin" compare status-quo combined-plan --runs 300 --seed 7 --format json --out "$work/cli-compare.json"
"$bin" sensitivity combined-plan --output participants --runs 300 --seed 7 --format json \
  --out "$work/cli-sensitivity.json"

# The benchmark page measures a small workload with 1 and 2 workers.
node tests/e2e/bench.mjs --url "http://127.0.0.1:$port/" --runs 200 --chromium "$(command -v chromium)" \
  | python3 -c 'import json, sys; b = json.load(sys.stdin); rows = b["rows"]
assert [r["workers"] for r in rows][:2] == [1, 2] and all(r["runs"] == 200 and r["seconds"] > 0 for r in rows), rows
print("ok - the benchmark page measures %d pool sizes" % len(rows))'

app_failures=0
node tests/e2e/app.test.mjs --url "http://127.0.0.1:$port/" --cli "$work/cli-status-quo.json" \
  --cli-compare "$work/cli-compare.json" --cli-sensitivity "$work/cli-sensitivity.json" \
  --chromium "$(command -v chromium)" ${SCREENSHOTS:+--screenshots "$SCREENSHOTS"} || app_failures=$?

# Presentation mode, the printed report and the model page, with axe-core.
council_failures=0
node tests/e2e/council.test.mjs --url "http://127.0.0.1:$port/" \
  --chromium "$(command -v chromium)" ${SCREENSHOTS:+--screenshots "$SCREENSHOTS"} || council_failures=$?

# Faults and hostile input: damaged saved work and links, a 50 MB file,
# markup in names, 20 FYs, a worker dying mid-run.
fault_failures=0
node tests/e2e/faults.test.mjs --url "http://127.0.0.1:$port/" \
  --chromium "$(command -v chromium)" || fault_failures=$?
# Money entry in the budget editor: 万/億, full-width digits, +50%, refused text kept.
input_failures=0
node tests/e2e/input.test.mjs --url "http://127.0.0.1:$port/" --chromium "$(command -v chromium)" || input_failures=$?
# Live results, nothing lost, structure and model panels, layout at four widths.
workspace_failures=0
node tests/e2e/workspace.test.mjs --url "http://127.0.0.1:$port/" --chromium "$(command -v chromium)" || workspace_failures=$?
# The printed report for a council (page n / N, date of issue, issuing
# section, first-page summary, link once) and the equity panel's scale,
# Gini note and data banner (tests/e2e/report.test.mjs).
report_failures=0
node tests/e2e/report.test.mjs --url "http://127.0.0.1:$port/" \
  --chromium "$(command -v chromium)" ${SCREENSHOTS:+--screenshots "$SCREENSHOTS"} || report_failures=$?
# Plain words: no ids where people read, one calendar, files named in import errors.
words_failures=0
node tests/e2e/words.test.mjs --url "http://127.0.0.1:$port/" \
  --chromium "$(command -v chromium)" || words_failures=$?
exit $((app_failures + council_failures + fault_failures + input_failures + workspace_failures + report_failures + words_failures))
