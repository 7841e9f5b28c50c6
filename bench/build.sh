#!/usr/bin/env bash
# Full-build and link-stage benchmark on the generated corpora (1,000 and 10,000 notes).
# Prints, for each size: wall time of `studysite build` (median of N runs, output removed
# before each run) and the time of each pipeline stage, including the link stage that
# cross-links every note against every key (one Aho-Corasick pass per note).
#
# Usage: bench/build.sh [--sizes "1000 10000"] [--runs 3] [--work DIR]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"
sizes="1000 10000"
runs=3
work="${TMPDIR:-/tmp}/studysite-bench"
while [ $# -gt 0 ]; do
  case "$1" in
    --sizes) sizes="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
gen="$here/gen_corpus.py"
[ -f "$gen" ] || { echo "corpus generator not found at $gen" >&2; exit 1; }
(cd "$repo" && cargo build --release --quiet)
bin="${CARGO_TARGET_DIR:-$repo/target}/release/studysite"
mkdir -p "$work"
for n in $sizes; do
  site="$work/corpus-$n"
  [ -d "$site/notes" ] || python3 "$gen" --notes "$n" --out "$site" --flavor studysite --seed 42 >/dev/null
  keys=$(grep -h '^keywords' -r "$site/notes" | tr ',' '\n' | grep -c '"' || true)
  echo "== $n notes ($((keys + n)) keys: titles and keywords)"
  times=()
  for _ in $(seq "$runs"); do
    rm -rf "$site/public"
    out=$("$bin" build --root "$site" --timings)
    times+=("$(echo "$out" | sed -n 's/.* in \([0-9.]*\) s.*/\1/p')")
    last="$out"
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "build: median %.2f s over %d runs (min %.2f, max %.2f)\n", a[int((NR+1)/2)], NR, a[1], a[NR]}'
  echo "$last" | sed -n '2,$p'
done
