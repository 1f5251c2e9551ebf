#!/usr/bin/env bash
# The screenshot set of docs/screenshots/ (Japanese, 1366 px, and the page
# at 390 and 1920 px; make
# screenshots): serves the built app on a free local port and drives it in
# headless Chromium (tests/e2e/screenshots.mjs). It needs fonts-ipafont for
# Japanese text and poppler-utils for the report's pages, which
# scripts/ensure-chromium.sh installs if they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-chromium.sh --pdf-pages
test -f www/pkg/app.js || { echo "build the app first (make app)" >&2; exit 2; }
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
target/release/sasaeai serve www --port "$port" 2>/dev/null &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
node tests/e2e/screenshots.mjs --url "http://127.0.0.1:$port/" --out docs/screenshots --chromium "$(command -v chromium)"
