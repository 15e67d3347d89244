#!/usr/bin/env bash
# Over-limit inputs are reported and skipped, the batch goes on: a 70 MB JSONL line (skipped while
# read, never held whole), a 70 MB text file, with -j 1 and -j 2.
set -u
BIN=$1
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
fail() { echo "extract_limits: $*"; exit 1; }
{ printf '{"id":"big","text":"'; head -c 70000000 /dev/zero | tr '\0' 'x'; printf '"}\n'
  printf '{"id":"after","text":"\\"Fine,\\" she said."}\n'; } > "$T/big.jsonl"
head -c 70000000 /dev/zero | tr '\0' 'y' > "$T/big.txt"
printf 'Title\n"Yes," he said.\n' > "$T/small.txt"
for j in 1 2; do
  "$BIN" extract -j $j "$T/big.jsonl" "$T/big.txt" "$T/small.txt" > "$T/out" 2> "$T/err"; rc=$?
  [ $rc = 1 ] || fail "-j $j: exit $rc, wanted 1"
  grep -q "big.jsonl:1: record of 70000022 bytes is over the 67108864-byte limit" "$T/err" || fail "-j $j: $(cat "$T/err")"
  grep -q "big.txt: file is over the 67108864-byte document limit" "$T/err" || fail "-j $j: $(cat "$T/err")"
  [ "$(grep -c '"id"' "$T/out")" = 2 ] && grep -q '"id":"after"' "$T/out" && grep -q 'small.txt","title"' "$T/out" \
    || fail "-j $j: the records after the big ones are missing"
done
exit 0
