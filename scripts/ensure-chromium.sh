#!/usr/bin/env bash
# Installs Debian's Chromium and ChromeDriver when either is missing: the
# browser tests (scripts/browser-test.sh) and the benchmarks
# (scripts/bench.sh) drive them.
set -euo pipefail
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
  echo "Installing Chromium from Debian's packages…"
  if [ "$(id -u)" -eq 0 ]; then apt-get update -qq && apt-get install -y -qq chromium chromium-driver >/dev/null
  else sudo apt-get update -qq && sudo apt-get install -y -qq chromium chromium-driver >/dev/null; fi
fi
