#!/usr/bin/env bash
# Print the size of each shipped .wasm file and fail if one exceeds 1.8 MB
# (1,800,000 bytes uncompressed), the budget for a page that must load
# quickly on ward PCs.
set -euo pipefail
dir=${1:-www/pkg}
limit=1800000
status=0
for f in "$dir"/*.wasm; do
  size=$(stat -c %s "$f")
  gz=$(gzip -9 -c "$f" | wc -c)
  awk -v n="$(basename "$f")" -v s="$size" -v g="$gz" 'BEGIN { printf "%-32s %8.1f KB  (gzip %6.1f KB)\n", n, s / 1024, g / 1024 }'
  if [ "$size" -gt "$limit" ]; then
    echo "  over the 1.8 MB budget" >&2
    status=1
  fi
done
exit $status
