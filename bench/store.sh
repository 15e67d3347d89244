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
# timed CMD...: runs it; sets WALL and CPU (user + sys) in seconds. CPU is the fair figure on a
# machine shared with other jobs.
timed() {
  /usr/bin/time -f "%e %U %S" -o "$WORK/time.txt" "$@"
  read -r WALL u s < "$WORK/time.txt"; CPU=$(echo "$u + $s" | bc)
}

echo "== store: indexing PolNeAR train+dev (extraction included, one core), best CPU time of 3"
bytes=$(cat "$POL"/train/text/*.txt "$POL"/dev/text/*.txt | wc -c)
best=999 bwall=0
for _ in 1 2 3; do
  rm -f "$WORK/polnear.db"*
  timed $one_core "$BIN" index --db "$WORK/polnear.db" "$POL/train/text" "$POL/dev/text"
  if [ "$(echo "$CPU < $best" | bc)" = 1 ]; then best=$CPU bwall=$WALL; fi
done
n=$("$BIN" stats --db "$WORK/polnear.db" --format json | sed -n 's/.*"articles":\([0-9]*\),.*/\1/p')
printf "index:   %d articles, %.2f s CPU (%.2f s wall): %.0f articles/s, %.1f MB/s of CPU time\n" "$n" "$best" "$bwall" \
  "$(echo "$n / $best" | bc -l)" "$(echo "$bytes / $best / 1000000" | bc -l)"
best=999
for _ in 1 2 3; do
  timed $one_core "$BIN" extract --format json "$POL/train/text" "$POL/dev/text" > /dev/null
  if [ "$(echo "$CPU < $best" | bc)" = 1 ]; then best=$CPU; fi
done
printf "extract: %d articles, %.2f s CPU: %.0f articles/s (the extraction share of the above)\n" "$n" "$best" "$(echo "$n / $best" | bc -l)"

echo "== store: synthetic corpus, $COPIES copies of PolNeAR"
corpus="$WORK/corpus-$COPIES.jsonl"
[ -s "$corpus" ] || python3 bench/gen_corpus.py "$POL/train/text" "$POL/dev/text" --copies "$COPIES" --out "$corpus"
db="$WORK/corpus-$COPIES.db"
if [ ! -s "$db" ]; then
  timed $one_core "$BIN" index --db "$db" "$corpus"
  n=$("$BIN" stats --db "$db" --format json | sed -n 's/.*"articles":\([0-9]*\),.*/\1/p')
  printf "index:   %d articles, %.0f s CPU (%.0f s wall), with linking: %.0f articles/s of CPU time\n" \
    "$n" "$CPU" "$WALL" "$(echo "$n / $CPU" | bc -l)"
fi
"$BIN" stats --db "$db"
size=$(stat -c %s "$db")
n=$("$BIN" stats --db "$db" --format json | sed -n 's/.*"articles":\([0-9]*\),.*/\1/p')
printf "db size: %.1f MB, %.0f bytes per article (input: %.0f bytes per article)\n" \
  "$(echo "$size / 1000000" | bc -l)" "$(echo "$size / $n" | bc -l)" "$(echo "$(stat -c %s "$corpus") / $n" | bc -l)"

echo "== store: search latency (in-process, default limit 20, warm cache)"
cc -O2 -std=c11 -Wall -Wextra -Iinclude -o "$WORK/store_search" bench/store_search.c build/libwhosaid.a \
  $(pkg-config --libs sqlite3 jansson libutf8proc 2>/dev/null) -lpthread -lm
python3 bench/gen_queries.py "$corpus" 300 "$WORK/q-words.txt" "$WORK/q-phrases.txt"
$one_core "$WORK/store_search" "$db" "$WORK/q-words.txt" words
$one_core "$WORK/store_search" "$db" "$WORK/q-phrases.txt" phrases
