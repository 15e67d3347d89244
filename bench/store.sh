#!/usr/bin/env bash
# bench/store.sh BIN — corpus store benchmark (not a test; numbers go to docs/PERFORMANCE.md):
#  1. indexing speed on PolNeAR train+dev (923 real articles, extraction included, one core);
#  2. a synthetic corpus of >= 1M attributions made from PolNeAR (bench/gen_corpus.py, COPIES
#     copies with varied ids, dates, sources and words) indexed into one store: speed at scale and
#     DB size per article;
#  3. in-process search latency (bench/store_search.c) for single words and two-word phrases
#     drawn from the corpus quotes (bench/gen_queries.py).
# Environment: COPIES (default 125: ~1.02M attributions), WORK (default build/bench; generated files stay there).
set -eu
BIN=$(realpath "${1:-./whosaid}")
cd "$(dirname "$0")/.."
POL=../shared/data/polnear
if [ ! -d "$POL/train/text" ]; then echo "bench/store.sh: skipped: dataset not found"; exit 0; fi
WORK=${WORK:-build/bench}
COPIES=${COPIES:-125}
mkdir -p "$WORK"
one_core="taskset -c 0"
command -v taskset >/dev/null || one_core=""
now() { date +%s.%N; }

echo "== store: indexing PolNeAR train+dev (extraction included, one core), best of 3"
bytes=$(cat "$POL"/train/text/*.txt "$POL"/dev/text/*.txt | wc -c)
best=999
for _ in 1 2 3; do
  rm -f "$WORK/polnear.db"*
  t0=$(now); $one_core "$BIN" index --db "$WORK/polnear.db" "$POL/train/text" "$POL/dev/text"; t1=$(now)
  best=$(echo "t = $t1 - $t0; if (t < $best) t else $best" | bc)
done
n=$("$BIN" stats --db "$WORK/polnear.db" --format json | sed -n 's/.*"articles":\([0-9]*\),.*/\1/p')
printf "index:   %d articles in %.3f s: %.0f articles/s, %.1f MB/s\n" "$n" "$best" "$(echo "$n / $best" | bc -l)" "$(echo "$bytes / $best / 1000000" | bc -l)"
best=999
for _ in 1 2 3; do
  t0=$(now); $one_core "$BIN" extract "$POL/train/text" "$POL/dev/text" > /dev/null; t1=$(now)
  best=$(echo "t = $t1 - $t0; if (t < $best) t else $best" | bc)
done
printf "extract: %d articles in %.3f s: %.0f articles/s (the extraction share of the above)\n" "$n" "$best" "$(echo "$n / $best" | bc -l)"

echo "== store: synthetic corpus, $COPIES copies of PolNeAR"
corpus="$WORK/corpus-$COPIES.jsonl"
[ -s "$corpus" ] || python3 bench/gen_corpus.py "$POL/train/text" "$POL/dev/text" --copies "$COPIES" --out "$corpus"
db="$WORK/corpus-$COPIES.db"
if [ ! -s "$db" ]; then
  t0=$(now); $one_core "$BIN" index --db "$db" "$corpus"; t1=$(now)
  t=$(echo "$t1 - $t0" | bc)
  n=$("$BIN" stats --db "$db" --format json | sed -n 's/.*"articles":\([0-9]*\),.*/\1/p')
  printf "index:   %d articles in %.1f s (with linking): %.0f articles/s\n" "$n" "$t" "$(echo "$n / $t" | bc -l)"
fi
"$BIN" stats --db "$db"
size=$(stat -c %s "$db")
n=$("$BIN" stats --db "$db" --format json | sed -n 's/.*"articles":\([0-9]*\),.*/\1/p')
printf "db size: %.1f MB, %.0f bytes per article (input: %.0f bytes per article)\n" \
  "$(echo "$size / 1000000" | bc -l)" "$(echo "$size / $n" | bc -l)" "$(echo "$(stat -c %s "$corpus") / $n" | bc -l)"

echo "== store: search latency (in-process, default limit 20, warm cache)"
cc -O2 -std=c11 -Iinclude -o "$WORK/store_search" bench/store_search.c build/libwhosaid.a \
  $(pkg-config --libs sqlite3 jansson libutf8proc 2>/dev/null) -lpthread -lm
python3 bench/gen_queries.py "$corpus" 300 "$WORK/q-words.txt" "$WORK/q-phrases.txt"
$one_core "$WORK/store_search" "$db" "$WORK/q-words.txt" words
$one_core "$WORK/store_search" "$db" "$WORK/q-phrases.txt" phrases
