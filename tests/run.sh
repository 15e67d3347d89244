#!/usr/bin/env bash
# tests/run.sh BIN — end-to-end tests: golden files per stage and CLI behaviour.
# Each tests/golden/<stage>/NAME.txt is an input; NAME.expected is `whosaid dump --stage <stage>`
# of it (for stage "extract": `whosaid extract` JSON). UPDATE=1 rewrites the expected files.
set -u
BIN=${1:-./whosaid}
export LC_ALL=C
cd "$(dirname "$0")/.."
fail=0 pass=0
for dir in tests/golden/*/; do
  stage=$(basename "$dir")
  for in in "$dir"*.txt; do
    [ -e "$in" ] || continue
    exp="${in%.txt}.expected"
    if [ "$stage" = extract ]; then
      out=$("$BIN" extract --fast "$in" 2>&1 | sed "s#\"id\":\"[^\"]*\"#\"id\":\"X\"#")
    else
      out=$("$BIN" dump --stage "$stage" "$in" 2>&1)
    fi
    if [ "${UPDATE:-0}" = 1 ]; then printf '%s\n' "$out" > "$exp"; fi
    if [ -f "$exp" ] && [ "$out" = "$(cat "$exp")" ]; then
      pass=$((pass+1))
    else
      echo "FAIL golden $stage/$(basename "$in")"; diff <(printf '%s\n' "$out") "$exp" | head -20
      fail=$((fail+1))
    fi
  done
done
for t in tests/cli/*.sh; do
  [ -e "$t" ] || continue
  if bash "$t" "$BIN"; then pass=$((pass+1)); else echo "FAIL $t"; fail=$((fail+1)); fi
done
echo "tests: $pass passed, $fail failed"
[ "$fail" = 0 ]
