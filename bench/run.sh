#!/usr/bin/env bash
# Builds generated handbooks with `handbook build` and reports wall time, pages per second,
# peak memory and output size: the plain layout (free chapters, as the anchors measure) and
# the structured layout (roles and procedures with steps and decisions, so back-links,
# flowcharts and search are all in the measurement).
#
#   bench/run.sh                 # 5,000 pages, 3 timed runs after one warm-up
#   SIZES="1000 5000" RUNS=5 bench/run.sh
#   WORK=/dev/shm/hb bench/run.sh   # output on tmpfs, to separate CPU from disk
#
# Needs python3 and GNU time (/usr/bin/time, Debian package `time`).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(dirname "$HERE")"
WORK="${WORK:-$REPO/bench/work}"
SIZES="${SIZES:-5000}"
RUNS="${RUNS:-3}"
[[ -x /usr/bin/time ]] || { echo "missing /usr/bin/time (apt-get install time)" >&2; exit 1; }

cargo build --release --quiet --manifest-path "$REPO/Cargo.toml"
BIN="$REPO/target/release/handbook"
mkdir -p "$WORK"
echo "# handbook $(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo '?') on $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg)"
echo
echo "| layout | pages | wall (median) | min–max | pages/s | peak RSS | output |"
echo "|---|---|---|---|---|---|---|"
for n in $SIZES; do
  for layout in plain handbook; do
    dir="$WORK/$layout-$n"
    if [[ ! -d "$dir" ]]; then
      python3 "$HERE/gen_corpus.py" "$n" "$dir" --layout "$layout" >/dev/null
      # The plain layout has no book.toml: it is a folder of Markdown chapters.
      [[ $layout == plain ]] && mkdir -p "$dir-project" && mv "$dir" "$dir-project/handbook" && mv "$dir-project" "$dir" \
        && printf '[book]\ntitle = "员工手册（合成语料）"\nversion = "bench"\n' > "$dir/book.toml"
    fi
    "$BIN" build "$dir" --quiet >/dev/null 2>&1 || { echo "| $layout | $n | FAILED |"; "$BIN" check "$dir" | tail -5; continue; }
    tf=$(mktemp)
    for ((i = 0; i < RUNS; i++)); do
      /usr/bin/time -f '%e %M' -a -o "$tf" "$BIN" build "$dir" --quiet
    done
    pages=$(find "$dir/book" -name '*.html' | wc -l)
    size=$(du -sb "$dir/book" | cut -f1)
    sort -n "$tf" | awk -v pages="$pages" -v size="$size" -v layout="$layout" -v n="$n" '
      { t[NR] = $1; m[NR] = $2 }
      END {
        med = t[int((NR + 1) / 2)]; maxm = 0; for (i in m) if (m[i] > maxm) maxm = m[i];
        printf "| %s | %d (%d html) | %.2f s | %.2f–%.2f s | %.0f | %.0f MiB | %.1f MB |\n",
          layout, n, pages, med, t[1], t[NR], pages / med, maxm / 1024, size / 1e6
      }'
    rm -f "$tf"
  done
done
echo
echo "Anchors on this machine class (shared/tools/README.md), 5,000 pages: Zola 1.61 s / 98 MiB"
echo "(minimal templates, no search), Hugo 2.22 s / 486 MiB, mdBook 62.2 s / 401 MiB."
