#!/usr/bin/env bash
# tests/cli/tag.sh BIN — `whosaid tag` against the committed models: golden TSV and JSON output of
# tests/tagger/example.txt (UPDATE=1 rewrites them), and the errors for missing or corrupt models.
set -u
BIN=$1
cd "$(dirname "$0")/../.."
if [ ! -f data/models/pos.model ] || [ ! -f data/models/ner.model ]; then
  echo "skipped: no models in data/models"; exit 0
fi
fail=0
for fmt in tsv json; do
  exp=tests/tagger/example.$fmt.expected
  out=$("$BIN" tag --models data/models --format $fmt tests/tagger/example.txt 2>&1 | sed 's#"id":"[^"]*"#"id":"X"#; s#^\# doc = .*#\# doc = X#')
  if [ "${UPDATE:-0}" = 1 ]; then printf '%s\n' "$out" > "$exp"; fi
  if [ "$out" != "$(cat "$exp")" ]; then
    echo "FAIL tag --format $fmt"; diff <(printf '%s\n' "$out") "$exp" | head -20; fail=1
  fi
done
# the TSV has one line per token with 5 fields, and every token is tagged
n=$("$BIN" tag --models data/models tests/tagger/example.txt | awk -F'\t' 'NF && !/^#/ && (NF != 5 || $4 == "" || $5 == "")' | wc -l)
[ "$n" = 0 ] || { echo "FAIL tag: $n malformed or untagged lines"; fail=1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# no models in an explicit directory: exit 1 and a message
"$BIN" tag --models "$tmp" tests/tagger/example.txt > /dev/null 2> "$tmp/err"
rc=$?
[ $rc = 1 ] && grep -q "whosaid: tag:" "$tmp/err" || { echo "FAIL tag without models: rc $rc"; cat "$tmp/err"; fail=1; }
# a truncated model: exit 1 and the reason
head -c 1000 data/models/pos.model > "$tmp/pos.model"
"$BIN" tag --models "$tmp" tests/tagger/example.txt > /dev/null 2> "$tmp/err"
rc=$?
[ $rc = 1 ] && grep -q "pos.model: truncated model file" "$tmp/err" || { echo "FAIL tag with a truncated model: rc $rc"; cat "$tmp/err"; fail=1; }
# usage errors
"$BIN" tag > /dev/null 2>&1; [ $? = 2 ] || { echo "FAIL tag without inputs should exit 2"; fail=1; }
"$BIN" tag --format xml tests/tagger/example.txt > /dev/null 2>&1; [ $? = 2 ] || { echo "FAIL tag --format xml should exit 2"; fail=1; }
"$BIN" train pos > /dev/null 2>&1; [ $? = 2 ] || { echo "FAIL train without --data should exit 2"; fail=1; }
exit $fail
