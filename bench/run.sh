#!/usr/bin/env bash
# bench/run.sh BIN — every benchmark in bench/, one after another (`make bench`). Each bench/*.sh
# gets the binary path as $1 and prints its own numbers; add a script to add a benchmark.
set -u
BIN=${1:-./whosaid}
cd "$(dirname "$0")/.."
rc=0
for b in bench/*.sh; do
  [ "$b" = bench/run.sh ] && continue
  echo "== $b"
  bash "$b" "$BIN" || rc=1
done
exit $rc
