#!/usr/bin/env bash
# store_twice.sh BIN — indexing the same inputs twice (or again after an edit) never duplicates:
# every count stays the same; an edited article replaces its earlier copy. Uses generated articles
# (no dataset needed) and also checks the output formats.
set -u
BIN=$(realpath "$1")
T=$(mktemp -d /tmp/ws-store-twice.XXXXXX)
trap 'rm -rf "$T"' EXIT
fail=0
mkdir -p "$T/in"
for i in $(seq 1 40); do
  printf 'Story %d on the budget\nJohn Smith said: "We will balance the budget in year %d."\n"Taxes will not rise," Jane Doe told reporters.\n' \
    "$i" $((i % 7)) > "$T/in/s$i.txt"
done
counts() { "$BIN" stats --db "$T/c.db" --format json | sed 's/"db_bytes":[0-9]*,//'; }
"$BIN" index --db "$T/c.db" "$T/in" || { echo "FAIL: first index"; fail=1; }
one=$(counts)
"$BIN" index --db "$T/c.db" "$T/in" || { echo "FAIL: second index"; fail=1; }
two=$(counts)
[ "$one" = "$two" ] || { echo "FAIL: counts changed on re-index: $one -> $two"; fail=1; }
echo "$one" | grep -q '"articles":40,' || { echo "FAIL: want 40 articles: $one"; fail=1; }
# the extractor must find these quotes; 7 distinct Smith quotes + 1 Doe quote repeated 40 times
echo "$one" | grep -q '"attributions":80,' || { echo "FAIL: want 80 attributions: $one"; fail=1; }
echo "$one" | grep -q '"clusters":8,' || { echo "FAIL: want 8 quote clusters: $one"; fail=1; }
# an edited article replaces the old one
printf 'Story 1 on the budget, updated\nJohn Smith said: "We will balance the budget in year 1."\n"Taxes will not rise," Jane Doe told reporters.\n' > "$T/in/s1.txt"
"$BIN" index --db "$T/c.db" "$T/in/s1.txt"
# the id is the path as given, so index the directory again for the same id
"$BIN" index --db "$T/c.db" "$T/in"
three=$(counts)
echo "$three" | grep -q '"articles":4[01],' || { echo "FAIL: edit: $three"; fail=1; }
"$BIN" article --db "$T/c.db" s1.txt | grep -q "updated" || { echo "FAIL: s1.txt not replaced"; fail=1; }

# output formats
"$BIN" quotes --db "$T/c.db" --speaker Smith --format jsonl > "$T/q.jsonl"
[ "$(wc -l < "$T/q.jsonl")" = 7 ] || { echo "FAIL: want 7 Smith quote clusters, got $(wc -l < "$T/q.jsonl")"; fail=1; }
grep -q '"speaker":"John Smith"' "$T/q.jsonl" || { echo "FAIL: jsonl speaker"; fail=1; }
"$BIN" quotes --db "$T/c.db" --speaker "Jane Doe" --format json | grep -q '"occurrences":4[01],' \
  || { echo "FAIL: the repeated Doe quote is one cluster with every occurrence"; fail=1; }
"$BIN" speakers --db "$T/c.db" --format csv > "$T/s.csv"
head -1 "$T/s.csv" | grep -q '^id,speaker,kind,quotes,articles,aliases' || { echo "FAIL: csv header"; fail=1; }
grep -q ',Jane Doe,person,4[01],' "$T/s.csv" || { echo "FAIL: csv row: $(cat "$T/s.csv")"; fail=1; }
"$BIN" search --db "$T/c.db" "taxes" --limit 5 | grep -q "\[Taxes\]" || { echo "FAIL: table snippet"; fail=1; }
"$BIN" search --db "$T/c.db" "balance" --speaker "Jane Doe" --format jsonl | grep -q . \
  && { echo "FAIL: --speaker filter let another speaker's quote through"; fail=1; }
exit $fail
