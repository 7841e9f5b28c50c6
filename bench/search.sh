#!/usr/bin/env bash
# Search budgets (issue 5) for the default site and the 10,000-note corpus: index size,
# bytes loaded per query, query time in Chromium, build-time overhead. See bench/search.py.
#
# Usage: bench/search.sh [--notes N] [--corpus DIR] [--runs N] [--work DIR]
#   --corpus DIR  an existing corpus from bench/gen_corpus.py (default: generated into
#                 WORK/corpus-N, or /tmp/corpus-N when that exists)
# mdBook's searchindex.js on the same corpus is measured too when `mdbook` is on PATH
# (its build is stopped after MDBOOK_CAP seconds, 900 by default, once the index is written).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
NOTES=10000; CORPUS=""; RUNS=3; WORK=/tmp/studysite-search-bench
while [ $# -gt 0 ]; do
  case "$1" in
    --notes) NOTES=$2; shift 2;; --corpus) CORPUS=$2; shift 2;;
    --runs) RUNS=$2; shift 2;; --work) WORK=$2; shift 2;;
    *) echo "unknown option $1" >&2; exit 2;;
  esac
done
GEN="$HERE/gen_corpus.py"
mkdir -p "$WORK"
if [ -z "$CORPUS" ]; then
  if [ -d "/tmp/corpus-$NOTES/notes" ]; then CORPUS=/tmp/corpus-$NOTES; else CORPUS=$WORK/corpus-$NOTES; fi
fi
if [ ! -d "$CORPUS/notes" ]; then
  python3 "$GEN" --notes "$NOTES" --out "$CORPUS" --flavor studysite
fi
(cd "$REPO" && cargo build --release --quiet)
python3 "$HERE/search.py" --bin "${CARGO_TARGET_DIR:-$REPO/target}/release/studysite" --runs "$RUNS" --work "$WORK" \
  --site "default=$REPO" --site "corpus-$NOTES=$CORPUS"

if command -v mdbook >/dev/null 2>&1; then
  BOOK=$WORK/mdbook-$NOTES
  [ -f "$BOOK/book.toml" ] || python3 "$GEN" --notes "$NOTES" --out "$BOOK" --flavor mdbook >/dev/null
  rm -rf "$BOOK/book"
  (cd "$BOOK" && timeout "${MDBOOK_CAP:-900}" mdbook build >/dev/null 2>&1) || true
  IDX=$(ls "$BOOK"/book/searchindex*.js 2>/dev/null | head -1 || true)
  if [ -n "$IDX" ]; then
    echo; echo "## mdBook $(mdbook --version | cut -d' ' -f2) on the same corpus"
    echo "$(basename "$IDX"): $(wc -c <"$IDX") bytes raw, $(gzip -9c "$IDX" | wc -c) bytes gzipped"
  fi
else
  echo; echo "(mdbook is not installed: its searchindex.js is not measured; \`cargo install mdbook\` to add it)"
fi
