#!/usr/bin/env bash
# Install the Debian packages whosaid builds and tests with, when any is missing.
# Used by `make` (through build/.deps) and by .ci/run; safe to run again.
set -euo pipefail
# `scripts/deps.sh scale`: what `make test-scale` needs (Dask distributed for Debian's python3, GNU
# parallel), installed only when missing.
if [ "${1:-}" = scale ]; then
  /usr/bin/python3 -c 'import distributed' 2>/dev/null && command -v parallel >/dev/null && exit 0
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  echo "deps: installing python3-distributed parallel" >&2
  $sudo apt-get update -q >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends \
    python3-distributed parallel >&2
  exit 0
fi
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
