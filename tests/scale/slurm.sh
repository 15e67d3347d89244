#!/usr/bin/env bash
# contrib/slurm/whosaid-array.sbatch as Slurm would run it (one process per array index, with
# SLURM_ARRAY_TASK_ID set; no slurmctld here): over zstd-compressed shards cut with split, the
# concatenated parts and messages equal a single run.
set -u
BIN=$(realpath "$1")
cd "$(dirname "$0")/../.."
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
fail() { echo "slurm: $*"; exit 1; }
command -v zstd >/dev/null || { echo "skipped: zstd missing"; exit 0; }
python3 tests/scale/make_corpus.py "$T/corpus.jsonl" 700
"$BIN" extract -j 1 --stdin-name corpus.jsonl --jsonl - < "$T/corpus.jsonl" > "$T/single.out" 2> "$T/single.err"
mkdir "$T/shards"
split -l 100 -d -a 5 --additional-suffix=.jsonl --filter='zstd -q > $FILE.zst' "$T/corpus.jsonl" "$T/shards/shard-"
n=$(ls "$T/shards" | wc -l)
[ "$n" = 7 ] || fail "split made $n shards, wanted 7"
for ((i = 0; i < n; i++)); do
  SLURM_ARRAY_TASK_ID=$i SLURM_CPUS_PER_TASK=2 SHARDS=$T/shards OUT=$T/out LINES=100 NAME=corpus.jsonl \
    WHOSAID=$BIN bash contrib/slurm/whosaid-array.sbatch || fail "task $i failed"
done
cat "$T"/out/part-*.jsonl > "$T/merged.out"
cat "$T"/out/part-*.err > "$T/merged.err"
cmp -s "$T/single.out" "$T/merged.out" || fail "merged output differs from the single run"
cmp -s "$T/single.err" "$T/merged.err" || fail "messages differ: $(diff "$T/single.err" "$T/merged.err" | head -4)"
exit 0
