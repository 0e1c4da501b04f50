#!/usr/bin/env bash
# How long `handbook serve` takes to rebuild the bundled handbook after one edit (goal ≤ 300 ms).
# Starts serve on a copy of the project, edits a procedure five times, prints the rebuild times
# serve logs. Usage: bench/serve_rebuild.sh
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cargo build --release --quiet --manifest-path "$REPO/Cargo.toml"
work=$(mktemp -d)
trap 'kill $pid 2>/dev/null; rm -rf "$work"' EXIT
cp -r "$REPO/book.toml" "$REPO/handbook" "$work/"
log="$work/serve.log"
"$REPO/target/release/handbook" serve "$work" --port 0 >"$log" 2>&1 &
pid=$!
until grep -q "serving" "$log"; do sleep 0.1; done
file="$work/handbook/procedures/refund.md"
for i in 1 2 3 4 5; do
  printf '\n<!-- edit %s -->\n' "$i" >>"$file"
  until [ "$(grep -c '^rebuilt in' "$log")" -ge "$i" ]; do sleep 0.05; done
done
grep '^rebuilt in' "$log" | awk '{ print; sum += $3 } END { printf "mean rebuild after one edit: %.0f ms over %d edits\n", sum / NR, NR }'
