#!/usr/bin/env bash
# Refreshes static/ts-fsrs.js (the UMD build of the npm package ts-fsrs, the FSRS
# scheduler used by the Review page) and its licence from the pinned version below.
# Run it by hand after changing TS_FSRS_VERSION; builds and pages never fetch anything.
# Needs npm (for `npm pack`, which verifies the tarball's integrity against the registry).
set -euo pipefail
TS_FSRS_VERSION="5.4.2"
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "ts-fsrs@${TS_FSRS_VERSION}" >/dev/null && tar xzf "ts-fsrs-${TS_FSRS_VERSION}.tgz")
pkg="$work/package"
got="$(node -p "require('$pkg/package.json').version")"
[ "$got" = "$TS_FSRS_VERSION" ] || { echo "expected ts-fsrs $TS_FSRS_VERSION, got $got" >&2; exit 1; }
{
  echo "/* ts-fsrs ${TS_FSRS_VERSION} (https://www.npmjs.com/package/ts-fsrs), UMD build, MIT licence:"
  echo "   see static/ts-fsrs.LICENSE. Vendored by scripts/vendor-ts-fsrs.sh; do not edit. */"
  sed '/^\/\/# sourceMappingURL=/d' "$pkg/dist/index.umd.js"
} > "$repo/static/ts-fsrs.js"
cp "$pkg/LICENSE" "$repo/static/ts-fsrs.LICENSE"
echo "static/ts-fsrs.js is ts-fsrs ${TS_FSRS_VERSION}"
