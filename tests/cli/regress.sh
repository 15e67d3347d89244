#!/usr/bin/env bash
# Inputs that once crashed the CLI's JSONL reader (tests/regress/jsonl/, named in
# tests/regress/README.md): `whosaid extract --jsonl` must finish with exit 0 or 1, write valid
# JSONL and raise no sanitizer report (under `make asan` the binary has them built in).
set -u
BIN=$(realpath "$1")
cd "$(dirname "$0")/../regress/jsonl" || exit 1
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export ASAN_OPTIONS="${ASAN_OPTIONS:-}:exitcode=86" UBSAN_OPTIONS="${UBSAN_OPTIONS:-}:exitcode=86"
n=0
for f in *; do
  [ -f "$f" ] || continue
  "$BIN" extract --jsonl "$f" > "$T/out" 2> "$T/err"; rc=$?
  if [ $rc -gt 1 ] || grep -q -E 'runtime error|Sanitizer' "$T/err"; then
    echo "regress: $f: exit $rc"; head -20 "$T/err"; exit 1
  fi
  python3 -c 'import json,sys
for l in open(sys.argv[1], encoding="utf-8", errors="strict"): json.loads(l)' "$T/out" \
    || { echo "regress: $f: output is not valid JSONL"; exit 1; }
  n=$((n+1))
done
[ $n -gt 0 ] || { echo "regress: no inputs"; exit 1; }
exit 0
