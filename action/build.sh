#!/usr/bin/env bash
# Builds the site. The base URL is the one given, else what GitHub Pages reported
# (https://USER.github.io/REPO, without a trailing slash), so links, the 404 page and
# the sitemap work under the repository's path.
set -euo pipefail
args=(build --root "${STUDYSITE_ROOT:-.}" --out "${STUDYSITE_OUT:-public}")
if [ -n "${STUDYSITE_BASE_URL:-}" ]; then
  base="$STUDYSITE_BASE_URL"
  case "$base" in */) ;; *) base="$base/" ;; esac
  args+=(--base-url "$base")
fi
# Extra arguments are split on spaces, like a command line.
read -r -a extra <<< "${STUDYSITE_ARGS:-}"
studysite "${args[@]}" ${extra[@]+"${extra[@]}"}
