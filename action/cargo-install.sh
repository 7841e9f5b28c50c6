#!/usr/bin/env bash
# Builds studysite from its repository with the versions in its Cargo.lock. Skipped
# when the cache step already restored the binary. Takes a few minutes on a runner.
set -euo pipefail
if command -v studysite >/dev/null 2>&1; then
  echo "studysite: using the cached $(studysite --version)"
  exit 0
fi
args=(install --locked --git "$STUDYSITE_GIT")
[ -n "${STUDYSITE_REF:-}" ] && args+=(--tag "$STUDYSITE_REF")
cargo "${args[@]}" studysite
