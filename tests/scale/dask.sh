#!/usr/bin/env bash
# Scale-out on Dask distributed: a LocalCluster of 2 worker processes maps shards of a JSONL corpus
# through `whosaid extract` (scripts/dask_extract.py); the merged output, the messages and the exit
# status equal a single `whosaid extract -j 1` run.
set -u
BIN=$(realpath "$1")
cd "$(dirname "$0")/../.."
PY=${PYTHON:-/usr/bin/python3}
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
fail() { echo "dask: $*"; exit 1; }
"$PY" -c 'import distributed' 2>/dev/null || { echo "skipped: python3-distributed missing (scripts/deps.sh scale)"; exit 0; }
"$PY" tests/scale/make_corpus.py "$T/corpus.jsonl" 1200
"$BIN" extract -j 1 "$T/corpus.jsonl" > "$T/single.out" 2> "$T/single.err"; src=$?
[ $src = 1 ] || fail "single run: exit $src, wanted 1 (the corpus has bad records)"
[ "$(wc -l < "$T/single.out")" -gt 1000 ] || fail "single run: too few records out"
"$PY" scripts/dask_extract.py --whosaid "$BIN" --workers 2 --lines 97 --name "$T/corpus.jsonl" \
  "$T/corpus.jsonl" -o "$T/dask.out" 2> "$T/dask.err"; drc=$?
[ $drc = 1 ] || fail "dask run: exit $drc, wanted 1; stderr: $(grep -v '^whosaid: ' "$T/dask.err" | head -5)"
cmp -s "$T/single.out" "$T/dask.out" || fail "merged output differs from the single run: $(diff "$T/single.out" "$T/dask.out" | head -3 | cut -c1-150)"
grep -v '^whosaid: ' "$T/dask.err" | grep -v -i 'warn\|^ *$' > "$T/noise"
grep '^whosaid: ' "$T/dask.err" > "$T/dask.msgs"
cmp -s "$T/single.err" "$T/dask.msgs" || fail "messages differ: $(diff "$T/single.err" "$T/dask.msgs" | head -4)"
# the same records through --fast, passed through to whosaid
"$BIN" extract -j 1 --fast "$T/corpus.jsonl" > "$T/single-fast.out" 2>/dev/null
"$PY" scripts/dask_extract.py --whosaid "$BIN" --workers 2 --lines 500 "$T/corpus.jsonl" \
  -o "$T/dask-fast.out" -- --fast 2>/dev/null
cmp -s "$T/single-fast.out" "$T/dask-fast.out" || fail "--fast: merged output differs"
exit 0
