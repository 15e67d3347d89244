#!/usr/bin/env bash
# extract -j: output and messages in input order, byte-identical for -j 1, -j 2 and -j 7, with bad
# records reported at their line and the batch going on (exit 1). Documents of very different sizes
# are interleaved so that a pool that wrote in completion order would reorder them.
set -u
BIN=$1
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
fail() { echo "extract_jobs: $*"; exit 1; }
gen() { # gen N: N JSONL records, some big, some bad
  local i
  for ((i = 1; i <= $1; i++)); do
    case $((i % 50)) in
      7) echo 'not json at all' ;;
      19) echo '{"id":"no-text"}' ;;
      23) echo '' ;;
      *)
        local reps=$(( (i * 7919) % 13 == 0 ? 400 : 1 + i % 3 ))
        local body="" k
        for ((k = 0; k < reps; k++)); do
          body+="\\\"We will win this,\\\" Senator Jane Miller said on Tuesday. Officials said the plan would cost \$${i} million. "
        done
        printf '{"id":"doc-%d","title":"T%d","text":"%s"}\n' "$i" "$i" "$body" ;;
    esac
  done
}
gen 400 > "$T/in.jsonl"
for j in 1 2 7; do
  "$BIN" extract -j $j "$T/in.jsonl" > "$T/out$j" 2> "$T/err$j"; echo $? > "$T/rc$j"
  "$BIN" extract -j $j --format table "$T/in.jsonl" > "$T/tab$j" 2>/dev/null
done
[ "$(cat "$T/rc1")" = 1 ] || fail "exit status $(cat "$T/rc1"), wanted 1 (bad records)"
for j in 2 7; do
  cmp -s "$T/out1" "$T/out$j" || fail "-j $j stdout differs from -j 1"
  cmp -s "$T/err1" "$T/err$j" || fail "-j $j stderr differs from -j 1"
  cmp -s "$T/tab1" "$T/tab$j" || fail "-j $j table differs from -j 1"
  cmp -s "$T/rc1" "$T/rc$j" || fail "-j $j exit status differs"
done
# every good record, in input order
want=$(for ((i = 1; i <= 400; i++)); do case $((i % 50)) in 7|19|23) ;; *) echo "doc-$i" ;; esac; done)
got=$(sed 's/^{"id":"\([^"]*\)".*/\1/' "$T/out2")
[ "$got" = "$want" ] || fail "ids not in input order"
# errors at their line numbers, in order
grep -q '^whosaid: .*in.jsonl:7: not JSON' "$T/err2" || fail "no not-JSON error at line 7"
grep -q '^whosaid: .*in.jsonl:19: record has no "text" string' "$T/err2" || fail "no missing-text error at line 19"
lines=$(grep -o 'in.jsonl:[0-9]*' "$T/err2" | cut -d: -f2 | tr '\n' ' ')
[ "$lines" = "7 19 57 69 107 119 157 169 207 219 257 269 307 319 357 369 " ] || fail "errors out of order: $lines"
# stdin and a directory of text files, -j 2 = -j 1
mkdir -p "$T/dir/b" "$T/dir/a"
for i in 1 2 3 4 5; do printf 'Headline %d\n"No comment," the spokesman said.\n' $i > "$T/dir/a/$i.txt"; done
cp "$T/in.jsonl" "$T/dir/b/x.jsonl"
"$BIN" extract -j 1 "$T/dir" < /dev/null > "$T/d1" 2>&1
"$BIN" extract -j 2 "$T/dir" > "$T/d2" 2>&1
cmp -s "$T/d1" "$T/d2" || fail "directory: -j 2 differs from -j 1"
[ "$(grep -c '"id":"a/' "$T/d2")" = 5 ] || fail "directory: the five text files are missing"
"$BIN" extract -j 2 --jsonl - < "$T/in.jsonl" > "$T/s2" 2>/dev/null
cmp -s "$T/out1" "$T/s2" || fail "stdin -j 2 differs from the file"
# usage errors
"$BIN" extract -j 0 "$T/in.jsonl" > /dev/null 2>&1; [ $? = 2 ] || fail "-j 0 is not a usage error"
"$BIN" extract -j x "$T/in.jsonl" > /dev/null 2>&1; [ $? = 2 ] || fail "-j x is not a usage error"
exit 0
