#!/usr/bin/env bash
# The same contract under GNU parallel --pipe: blocks of 100 records, 2 jobs at a time, output kept
# in order (-k); each job numbers its lines from its block's first line, so output and messages equal
# a single run. A record-level failure makes the job exit 1 and parallel count it; nothing stops.
set -u
BIN=$(realpath "$1")
cd "$(dirname "$0")/../.."
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
fail() { echo "parallel: $*"; exit 1; }
command -v parallel >/dev/null || { echo "skipped: GNU parallel missing (scripts/deps.sh scale)"; exit 0; }
python3 tests/scale/make_corpus.py "$T/corpus.jsonl" 1000
"$BIN" extract -j 1 --stdin-name corpus.jsonl --jsonl - < "$T/corpus.jsonl" > "$T/single.out" 2> "$T/single.err"
[ $? = 1 ] || fail "single run should exit 1"
parallel --will-cite --pipe -N 100 -k -j 2 \
  "$BIN" extract -j 1 --jsonl --stdin-name corpus.jsonl --first-line '$(( ({#} - 1) * 100 + 1 ))' - \
  < "$T/corpus.jsonl" > "$T/par.out" 2> "$T/par.err"; prc=$?
[ $prc -ge 1 ] && [ $prc -le 10 ] || fail "parallel exit $prc, wanted the number of jobs with bad records (1..10)"
cmp -s "$T/single.out" "$T/par.out" || fail "output differs from the single run"
cmp -s "$T/single.err" "$T/par.err" || fail "messages differ: $(diff "$T/single.err" "$T/par.err" | head -4)"
exit 0
