#!/usr/bin/env bash
# The progress bar: off when stderr is not a terminal, on with --progress (docs/s, MB/s, and an ETA
# when the input size is known), off again with --quiet; stdout is the same either way.
set -u
BIN=$1
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
fail() { echo "extract_progress: $*"; exit 1; }
for ((i = 1; i <= 200; i++)); do printf '{"id":"%d","text":"He said it was fine."}\n' $i; done > "$T/a.jsonl"
"$BIN" extract -j 2 "$T/a.jsonl" > "$T/o1" 2> "$T/e1" || fail "plain run failed"
[ ! -s "$T/e1" ] || fail "progress written to a pipe without --progress: $(head -c 200 "$T/e1")"
"$BIN" extract -j 2 --progress "$T/a.jsonl" > "$T/o2" 2> "$T/e2" || fail "--progress run failed"
cmp -s "$T/o1" "$T/o2" || fail "--progress changed stdout"
grep -q 'docs/s' "$T/e2" && grep -q 'MB/s' "$T/e2" || fail "no rates in: $(cat -v "$T/e2")"
tail -c 200 "$T/e2" | grep -q '^200 docs\|[^0-9]200 docs' || fail "final count is not 200: $(cat -v "$T/e2")"
"$BIN" extract -j 1 --progress - < "$T/a.jsonl" --jsonl > /dev/null 2> "$T/e3" || fail "stdin run failed"
grep -q 'docs/s' "$T/e3" || fail "no progress for stdin"
"$BIN" extract --progress --quiet "$T/a.jsonl" > /dev/null 2> "$T/e4"
[ ! -s "$T/e4" ] || fail "--quiet still shows progress"
if command -v script >/dev/null; then # a real terminal on stderr: shown without --progress
  script -qec "$BIN extract -j 2 $T/a.jsonl > /dev/null" /dev/null > "$T/e5" 2>&1 < /dev/null
  grep -q 'docs/s' "$T/e5" || fail "no progress on a terminal: $(cat -v "$T/e5" | head -c 300)"
fi
exit 0
