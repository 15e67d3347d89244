#!/usr/bin/env bash
# tests/cli/eval.sh BIN — `whosaid eval` on the fixtures in tests/fixtures/eval, against hand counts:
# json/beta has 4 gold attributions + 1 optional; pred.jsonl predicts 5 (one on the optional item,
# one false); content hits at Jaccard >= .5: 3, of which 2 with the right speaker.
set -u
BIN=$1
F=tests/fixtures/eval
fail=0
check() { if [ "$2" != "$3" ]; then echo "eval.sh: $1:"; echo "  got:      $2"; echo "  expected: $3"; fail=1; fi; }

got=$("$BIN" eval --gold $F/json --pred $F/pred.jsonl --json 2>/dev/null)
check "fixture metrics" "$got" '{"roles":{"source":{"exact":{"p":0.666667,"r":0.500000,"f":0.571429},"trimmed":{"p":0.666667,"r":0.500000,"f":0.571429},"jaccard":{"p":1.000000,"r":0.750000,"f":0.857143}},"cue":{"exact":{"p":1.000000,"r":0.750000,"f":0.857143},"trimmed":{"p":1.000000,"r":0.750000,"f":0.857143},"jaccard":{"p":1.000000,"r":0.750000,"f":0.857143}},"content":{"exact":{"p":0.250000,"r":0.250000,"f":0.250000},"trimmed":{"p":0.500000,"r":0.500000,"f":0.500000},"jaccard":{"p":0.750000,"r":0.750000,"f":0.750000}}},"attribution":{"soft":{"p":0.750000,"r":0.750000,"f":0.750000},"e2e":{"p":0.500000,"r":0.500000,"f":0.500000},"speaker_accuracy":0.666667},"recall_by_kind":{"direct":1.000000,"mixed":1.000000,"indirect":0.500000},"gold":4,"pred":4}'

# the record for an unknown document is reported, not fatal
err=$("$BIN" eval --gold $F/json --pred $F/pred.jsonl --json 2>&1 >/dev/null); rc=$?
check "unknown record rc" "$rc" 0
check "unknown record message" "$err" 'whosaid: warning: tests/fixtures/eval/pred.jsonl:2: no gold document named "unknown-doc"; record ignored'

# quoted subset: direct + mixed only (2 gold, both found)
got=$("$BIN" eval --gold $F/json --pred $F/pred.jsonl --subset quoted --json 2>/dev/null)
check "quoted counts" "${got##*\"recall_by_kind\"}" ':{"direct":1.000000,"mixed":1.000000,"indirect":0.000000},"gold":2,"pred":2}'

# --errors: one wrong speaker, one miss, one false hit, each with its sentence
got=$("$BIN" eval --gold $F/json --pred $F/pred.jsonl --errors 2>/dev/null | grep -E '^(MISS|FALSE|SPEAKER)')
check "error lines" "$got" 'SPEAKER beta:2 direct gold: speaker "Donald Trump" source "Mr Trump" cue "told"; predicted: speaker "Melania Trump" source "Trump" cue "told" content "We had a great meeting"
MISS    beta:3 indirect gold: speaker "Vladimir Putin" source "Vladimir Putin" cue "said" content "the summit was a success"
FALSE   beta:2 indirect predicted: speaker "-" content "in Helsinki"'
got=$("$BIN" eval --gold $F/json --pred $F/pred.jsonl --errors 2>/dev/null | grep -c '^      | ')
check "error sentences" "$got" 3

# table output carries the same numbers
got=$("$BIN" eval --gold $F/json --pred $F/pred.jsonl 2>/dev/null | grep -E '^(attribution|speaker)')
check "table" "$got" 'attribution  soft           75.0   75.0   75.0   3/4/4
speaker accuracy on matched: 66.7% (2/3)'

# brat fixture, in-process: 4 gold attributions from alpha_0001.ann (alpha_0002.ann has 1)
got=$("$BIN" eval --gold $F/brat --json); rc=$?
check "brat rc" "$rc" 0
g=${got##*\"gold\":}
check "brat gold" "${g%%,*}" 4

# usage and input errors
"$BIN" eval >/dev/null 2>&1; check "no --gold" "$?" 2
"$BIN" eval --gold $F/json --subset some >/dev/null 2>&1; check "bad subset" "$?" 2
err=$("$BIN" eval --gold $F/missing 2>&1); rc=$?
check "missing gold rc" "$rc" 1
check "missing gold message" "$err" "whosaid: $F/missing: no such folder"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf '{"id":"beta.txt","attributions":[{"kind":"direct","content":{"start":0,"end":9999}}]}\nnot json\n' > "$tmp/p.jsonl"
err=$("$BIN" eval --gold $F/json --pred "$tmp/p.jsonl" --json 2>&1 >/dev/null); rc=$?
check "bad pred rc" "$rc" 1
check "bad pred messages" "$err" "whosaid: $tmp/p.jsonl:1: a span is outside the 260-byte text of beta; record skipped
whosaid: $tmp/p.jsonl:2: not a JSON object: '[' or '{' expected near 'not'
whosaid: warning: $tmp/p.jsonl: 1 of 1 gold documents have no prediction record; scored as empty"
mkdir -p "$tmp/g"
printf '{"attributions":[{"kind":"direct","content":[0,9999]}]}' > "$tmp/g/x.json"
printf 'text\n' > "$tmp/g/x.txt"
err=$("$BIN" eval --gold "$tmp/g" 2>&1); rc=$?
check "bad gold rc" "$rc" 1
check "bad gold message" "$err" "whosaid: $tmp/g/x.json: attribution 0: \"content\" ends past the text (5 characters)"

# both PolNeAR readers give the same gold (brat and its JSON conversion)
D=../shared/data
if [ -d $D/polnear/dev ] && [ -d $D/polnear-gold/dev ]; then
  a=$("$BIN" eval --gold $D/polnear/dev --pred /dev/null --json 2>/dev/null)
  b=$("$BIN" eval --gold $D/polnear-gold/dev --text-dir $D/polnear/dev/text --pred /dev/null --json 2>/dev/null)
  check "polnear readers" "${a##*\"gold\":}" "${b##*\"gold\":}"
  check "polnear dev gold" "${a##*\"gold\":}" '2192,"pred":0}'
fi
# saved `whosaid extract` output scores the same as the in-process run (offsets, segments, speakers)
if [ -d $D/news-dev ]; then
  "$BIN" extract $D/news-dev > "$tmp/news.jsonl" 2>/dev/null
  check "--pred = in-process" "$("$BIN" eval --gold $D/news-dev --pred "$tmp/news.jsonl" --json)" \
        "$("$BIN" eval --gold $D/news-dev --json)"
fi
exit $fail
