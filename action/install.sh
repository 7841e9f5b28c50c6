#!/usr/bin/env bash
# Installs a released studysite binary for this runner into $STUDYSITE_INSTALL_DIR
# (default ~/.studysite/bin) and puts it on the PATH of the next steps. When no release
# fits (no binary for this platform, or the download fails), it writes `fallback=true`
# to $GITHUB_OUTPUT, with the git URL and ref for `cargo install`, and exits 0.
#
# Environment: RUNNER_OS, RUNNER_ARCH (set by GitHub), STUDYSITE_REPO (owner/name),
# STUDYSITE_VERSION ("latest" or 1.2.3), STUDYSITE_RELEASES (releases URL; a file:// URL
# in tests), GITHUB_OUTPUT, GITHUB_PATH.
set -euo pipefail

repo="${STUDYSITE_REPO:-studysite/studysite}"
version="${STUDYSITE_VERSION:-latest}"
releases="${STUDYSITE_RELEASES:-https://github.com/$repo/releases}"
install_dir="${STUDYSITE_INSTALL_DIR:-$HOME/.studysite/bin}"
output="${GITHUB_OUTPUT:-/dev/null}"

case "${RUNNER_OS:-}-${RUNNER_ARCH:-}" in
  Linux-X64) target=x86_64-unknown-linux-gnu ;;
  macOS-ARM64) target=aarch64-apple-darwin ;;
  macOS-X64) target=x86_64-apple-darwin ;;
  Windows-X64) target=x86_64-pc-windows-msvc ;;
  *) target="" ;;
esac

if [ "$version" = latest ]; then
  url="$releases/latest/download/studysite-$target.tar.gz"
  ref=""
else
  version="${version#v}"
  url="$releases/download/v$version/studysite-$target.tar.gz"
  ref="v$version"
fi

fallback() {
  echo "studysite: $1; building it from source with cargo instead" >&2
  {
    echo "fallback=true"
    echo "git=https://github.com/$repo"
    echo "ref=$ref"
  } >> "$output"
  exit 0
}

[ -n "$target" ] || fallback "no released binary for ${RUNNER_OS:-this OS} on ${RUNNER_ARCH:-this CPU}"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
curl --fail --silent --show-error --location --retry 3 --output "$tmp/studysite.tar.gz" "$url" \
  || fallback "could not download $url"
mkdir -p "$install_dir"
tar -xzf "$tmp/studysite.tar.gz" -C "$tmp" || fallback "the download from $url is not a .tar.gz"
exe=studysite
[ "${RUNNER_OS:-}" = Windows ] && exe=studysite.exe
[ -f "$tmp/$exe" ] || fallback "the archive from $url has no $exe"
mv "$tmp/$exe" "$install_dir/$exe"
chmod +x "$install_dir/$exe"
"$install_dir/$exe" --version >/dev/null || fallback "the downloaded studysite does not run here"
echo "$install_dir" >> "${GITHUB_PATH:-/dev/null}"
echo "fallback=false" >> "$output"
echo "studysite: installed $("$install_dir/$exe" --version) from $url"
