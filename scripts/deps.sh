#!/usr/bin/env bash
# Install the Debian packages whosaid builds and tests with, when any is missing.
# Used by `make` (through build/.deps) and by .ci/run; safe to run again.
set -euo pipefail
pkgs=(build-essential pkg-config clang libclang-rt-14-dev valgrind
      libsqlite3-dev libjansson-dev libmicrohttpd-dev libutf8proc-dev zlib1g-dev libzstd-dev
      curl jq chromium wrk)  # curl, jq: API tests; chromium: browser test; wrk: bench/serve.sh
pcs=(sqlite3 jansson libmicrohttpd libutf8proc zlib libzstd)
missing=0
for pc in "${pcs[@]}"; do
  pkg-config --exists "$pc" 2>/dev/null || missing=1
done
for cmd in clang curl jq chromium wrk; do
  command -v "$cmd" >/dev/null || missing=1
done
[ "$missing" = 0 ] && exit 0
sudo=""
[ "$(id -u)" = 0 ] || sudo="sudo"
echo "deps: installing ${pkgs[*]}" >&2
$sudo apt-get update -q >&2
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${pkgs[@]}" >&2
