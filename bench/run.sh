#!/usr/bin/env bash
# bench/run.sh BIN — runs every bench/*.sh (except this one) with the binary; `make bench` calls it.
# A benchmark script takes the binary as $1, prints its numbers, and skips (exit 0) when its data
# is absent. Add yours as bench/<name>.sh.
set -u
BIN=${1:-./whosaid}
cd "$(dirname "$0")/.."
rc=0
for b in bench/*.sh; do
  [ "$(basename "$b")" = run.sh ] && continue
  echo "### $b"
  bash "$b" "$BIN" || { echo "bench: $b failed"; rc=1; }
done
exit $rc
