#!/usr/bin/env bash
# tests/scale/run.sh BIN — `make test-scale`: the scale-out contract on real engines (Dask
# distributed, GNU parallel); each tests/scale/*.sh gets the binary as $1 and exits nonzero on failure.
set -u
BIN=${1:-./whosaid}
cd "$(dirname "$0")/../.."
pass=0 fail=0
for t in tests/scale/*.sh; do
  [ "$(basename "$t")" = run.sh ] && continue
  if out=$(bash "$t" "$BIN" 2>&1); then
    pass=$((pass + 1)); [ -n "$out" ] && echo "$(basename "$t" .sh): $out"
  else
    fail=$((fail + 1)); echo "FAIL $t"; echo "$out" | head -20
  fi
done
echo "test-scale: $pass passed, $fail failed"
[ "$fail" = 0 ]
