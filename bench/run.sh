#!/usr/bin/env bash
# bench/run.sh BIN [NAME...] — the benchmark dispatcher behind `make bench`: runs every bench/*.sh
# (this one excepted) in name order, or only the named ones (`make bench BENCH="extract"`). Each
# script gets the whosaid binary as $1, prints its own report and exits nonzero when it failed.
set -u
BIN=${1:-./whosaid}
shift || true
BIN="$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")"
cd "$(dirname "$0")/.."
if [ $# -gt 0 ]; then
  names=("$@")
else
  names=()
  for f in bench/*.sh; do
    n=$(basename "$f" .sh)
    [ "$n" = run ] || names+=("$n")
  done
fi
fail=0
for n in "${names[@]}"; do
  if [ ! -f "bench/$n.sh" ]; then
    echo "bench: no bench/$n.sh" >&2
    fail=1
    continue
  fi
  echo "== bench/$n.sh"
  bash "bench/$n.sh" "$BIN" || { echo "bench: $n failed" >&2; fail=1; }
done
exit $fail
