#!/usr/bin/env bash
# bench/store.sh BIN — corpus store benchmark (not a test; numbers go to docs/PERFORMANCE.md):
#  1. indexing speed on PolNeAR train+dev (923 real articles, extraction included, one core), with
#     the default pipeline and with --fast (rules only), next to `extract` alone: the difference
#     is what the store costs per article;
#  2. a synthetic corpus of > 1M attributions made from PolNeAR (bench/gen_corpus.py, COPIES
#     copies with varied ids, dates, sources and words) indexed into one store (--fast, to spare
#     the shared machine): speed at scale and DB size per article;
#  3. in-process search latency (bench/store_search.c) for single words and two-word phrases
#     drawn from the corpus quotes (bench/gen_queries.py), without and with filters.
# Environment: COPIES (default 125: ~1.37M attributions), WORK (default build/bench; generated
# files stay there, never committed).
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
# best CMD...: the least CPU time of 3 runs of CMD (a store at $WORK/polnear.db removed first).
best() {
  BEST=999
  for _ in 1 2 3; do
    rm -f "$WORK/polnear.db"*
    timed "$@" > /dev/null
    if [ "$(echo "$CPU < $BEST" | bc)" = 1 ]; then BEST=$CPU; fi
  done
}
load() { cut -d' ' -f1-3 /proc/loadavg; }

echo "== store: indexing PolNeAR train+dev (extraction included, one core), best CPU time of 3; load $(load)"
n=$(ls "$POL"/train/text/*.txt "$POL"/dev/text/*.txt | wc -l)
for mode in default fast; do
  flag=""; [ "$mode" = fast ] && flag=--fast
  best $one_core "$BIN" extract $flag --format json "$POL/train/text" "$POL/dev/text"; ext=$BEST
  best $one_core "$BIN" index $flag --db "$WORK/polnear.db" "$POL/train/text" "$POL/dev/text"; idx=$BEST
  printf "%-8s index %.2f s CPU: %.0f articles/s; extract alone %.2f s: %.0f articles/s; the store: %.2f ms/article\n" \
    "$mode" "$idx" "$(echo "$n / $idx" | bc -l)" "$ext" "$(echo "$n / $ext" | bc -l)" \
    "$(echo "($idx - $ext) * 1000 / $n" | bc -l)"
done
printf "db size: %.0f bytes per article (PolNeAR, --fast)\n" "$(echo "$(stat -c %s "$WORK/polnear.db") / $n" | bc -l)"

echo "== store: synthetic corpus, $COPIES copies of PolNeAR"
corpus="$WORK/corpus-$COPIES.jsonl"
[ -s "$corpus" ] || python3 bench/gen_corpus.py "$POL/train/text" "$POL/dev/text" --copies "$COPIES" --out "$corpus"
db="$WORK/corpus-$COPIES.db"
if [ ! -s "$db" ]; then
  echo "load before: $(load)"
  timed "$BIN" index --fast --db "$db" "$corpus"
  n=$("$BIN" stats --db "$db" --format json | sed -n 's/.*"articles":\([0-9]*\),.*/\1/p')
  printf "index --fast: %d articles, %.0f s CPU (%.0f s wall), with linking: %.0f articles/s of CPU time; load after: %s\n" \
    "$n" "$CPU" "$WALL" "$(echo "$n / $CPU" | bc -l)" "$(load)"
fi
"$BIN" stats --db "$db"
size=$(stat -c %s "$db")
n=$("$BIN" stats --db "$db" --format json | sed -n 's/.*"articles":\([0-9]*\),.*/\1/p')
printf "db size: %.1f MB, %.0f bytes per article (input: %.0f bytes per article)\n" \
  "$(echo "$size / 1000000" | bc -l)" "$(echo "$size / $n" | bc -l)" "$(echo "$(stat -c %s "$corpus") / $n" | bc -l)"

echo "== store: search latency (in-process, default limit 20, warm cache); load $(load)"
make --no-print-directory -s build/bench/store_search
[ -s "$WORK/q-words.txt" ] || python3 bench/gen_queries.py "$corpus" 300 "$WORK/q-words.txt" "$WORK/q-phrases.txt"
$one_core build/bench/store_search "$db" "$WORK/q-words.txt" words
$one_core build/bench/store_search "$db" "$WORK/q-phrases.txt" phrases
# filtered: a source per query (one of 40), a date range, a speaker with many quotes
$one_core build/bench/store_search "$db" "$WORK/q-words.txt" source --source 'site%02d.example'
$one_core build/bench/store_search "$db" "$WORK/q-words.txt" since --since 2023-01-01
$one_core build/bench/store_search "$db" "$WORK/q-words.txt" speaker --speaker Trump
echo "load after: $(load)"
