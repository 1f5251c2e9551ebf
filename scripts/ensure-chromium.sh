#!/usr/bin/env bash
# Installs what the browser tests (scripts/browser-test.sh), the benchmarks
# (scripts/bench.sh) and the screenshots (scripts/screenshots.sh) need from
# Debian's packages, when it is missing: Chromium and ChromeDriver, and
# Japanese fonts (fonts-ipafont), without which Chromium draws Japanese
# text as empty boxes and the printed report's PDF holds no Japanese text
# for the report's tests to read. `--pdf-pages` adds poppler-utils
# (pdftoppm, which draws the report's pages for the screenshots).
set -euo pipefail
packages=()
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
  packages+=(chromium chromium-driver)
fi
if ! command -v fc-list >/dev/null 2>&1 || [ -z "$(fc-list :lang=ja family 2>/dev/null)" ]; then
  packages+=(fonts-ipafont)
fi
if [ "${1:-}" = "--pdf-pages" ] && ! command -v pdftoppm >/dev/null 2>&1; then
  packages+=(poppler-utils)
fi
if [ ${#packages[@]} -gt 0 ]; then
  echo "Installing from Debian's packages: ${packages[*]}…"
  if [ "$(id -u)" -eq 0 ]; then apt-get update -qq && apt-get install -y -qq "${packages[@]}" >/dev/null
  else sudo apt-get update -qq && sudo apt-get install -y -qq "${packages[@]}" >/dev/null; fi
fi
