#!/usr/bin/env bash
# .gz and .zst inputs are read transparently (by magic bytes, also on stdin): the output equals the
# uncompressed run, ids drop the compression suffix, concatenated members are read through, and a
# truncated or corrupt stream is reported at its line, after the records before it (exit 1).
set -u
BIN=$1
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
fail() { echo "extract_compressed: $*"; exit 1; }
command -v gzip >/dev/null && command -v zstd >/dev/null || { echo "skipped: gzip or zstd missing"; exit 0; }
for ((i = 1; i <= 3000; i++)); do
  printf '{"id":"r%d","text":"\\"Prices will rise by %d percent,\\" the minister told reporters in Paris. The talks ended late."}\n' $i $i
done > "$T/a.jsonl"
sed -n '1,1500p' "$T/a.jsonl" > "$T/h1"; sed -n '1501,$p' "$T/a.jsonl" > "$T/h2"
gzip -c "$T/a.jsonl" > "$T/a.jsonl.gz"
zstd -q -c "$T/a.jsonl" > "$T/a.jsonl.zst"
{ gzip -c "$T/h1"; gzip -c "$T/h2"; } > "$T/multi.jsonl.gz"    # two gzip members
{ zstd -q -c "$T/h1"; zstd -q -c "$T/h2"; } > "$T/multi.jsonl.zst" # two zstd frames
"$BIN" extract -j 1 "$T/a.jsonl" > "$T/plain" 2>&1 || fail "plain run failed"
[ "$(wc -l < "$T/plain")" = 3000 ] || fail "plain run: $(wc -l < "$T/plain") lines, wanted 3000"
for f in a.jsonl.gz a.jsonl.zst multi.jsonl.gz multi.jsonl.zst; do
  for j in 1 2; do
    "$BIN" extract -j $j "$T/$f" > "$T/out" 2>&1 || fail "$f -j $j: exit $?"
    cmp -s "$T/plain" "$T/out" || fail "$f -j $j: output differs from the uncompressed run"
  done
done
# zero padding after the last gzip member is ignored (as gzip -d does); other trailing bytes are not
{ cat "$T/a.jsonl.gz"; head -c 512 /dev/zero; } > "$T/pad.jsonl.gz"
"$BIN" extract "$T/pad.jsonl.gz" > "$T/out" 2>&1 || fail "zero-padded gzip: exit $?"
cmp -s "$T/plain" "$T/out" || fail "zero-padded gzip: output differs"
# stdin: compression recognised by magic bytes
for f in a.jsonl.gz a.jsonl.zst; do
  "$BIN" extract --jsonl - < "$T/$f" > "$T/out" 2>&1 || fail "stdin $f: exit $?"
  cmp -s "$T/plain" "$T/out" || fail "stdin $f: output differs"
done
# text files, compressed, in a directory: ids without .gz / .zst
mkdir "$T/d"
printf 'Summit ends\n"We made progress," Putin said.\n' > "$T/d/one.txt"
printf 'Vote delayed\nThe senator said the vote would wait.\n' > "$T/d/two.txt"
"$BIN" extract "$T/d" > "$T/dplain" 2>&1 || fail "directory run failed"
gzip "$T/d/one.txt"; zstd -q --rm "$T/d/two.txt"
"$BIN" extract "$T/d" > "$T/dz" 2>&1 || fail "compressed directory run failed"
cmp -s "$T/dplain" "$T/dz" || fail "compressed text files: output differs"
grep -q '"id":"one.txt"' "$T/dz" && grep -q '"id":"two.txt"' "$T/dz" || fail "ids keep the suffix"
zstd -q -d -c "$T/d/two.txt.zst" | gzip -c | "$BIN" extract - > "$T/sz" 2>&1 || fail "gz text on stdin"
grep -q '"title":"Vote delayed"' "$T/sz" || fail "gz text on stdin: no title"
# truncated and corrupt streams: records before the damage come out, the error names the line
size=$(stat -c %s "$T/a.jsonl.gz")
head -c $((size / 2)) "$T/a.jsonl.gz" > "$T/t.jsonl.gz"
"$BIN" extract -j 2 "$T/t.jsonl.gz" > "$T/out" 2> "$T/err"; rc=$?
[ $rc = 1 ] || fail "truncated gzip: exit $rc, wanted 1"
grep -Eq '^whosaid: .*t\.jsonl\.gz:[0-9]+: truncated gzip data$' "$T/err" || fail "truncated gzip: message: $(cat "$T/err")"
n=$(wc -l < "$T/out"); [ "$n" -gt 100 ] && [ "$n" -lt 3000 ] || fail "truncated gzip: $n records out"
zsize=$(stat -c %s "$T/a.jsonl.zst")
head -c $((zsize / 2)) "$T/a.jsonl.zst" > "$T/t.jsonl.zst"
"$BIN" extract "$T/t.jsonl.zst" > /dev/null 2> "$T/err"; rc=$?
[ $rc = 1 ] && grep -q 'truncated zstd data' "$T/err" || fail "truncated zstd: exit $rc, $(cat "$T/err")"
{ head -c 200 "$T/a.jsonl.gz"; head -c 4000 /dev/zero | tr '\0' 'x'; } > "$T/c.jsonl.gz"
"$BIN" extract "$T/c.jsonl.gz" > /dev/null 2> "$T/err"; rc=$?
[ $rc = 1 ] && grep -q 'corrupt gzip data' "$T/err" || fail "corrupt gzip: exit $rc, $(cat "$T/err")"
{ printf '\x28\xb5\x2f\xfd'; head -c 4000 /dev/zero | tr '\0' 'x'; } > "$T/c.jsonl.zst"
"$BIN" extract "$T/c.jsonl.zst" > /dev/null 2> "$T/err"; rc=$?
[ $rc = 1 ] && grep -q 'corrupt zstd data' "$T/err" || fail "corrupt zstd: exit $rc, $(cat "$T/err")"
exit 0
