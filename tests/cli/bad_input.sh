#!/usr/bin/env bash
# Bad input never crashes whosaid: each case gets a clear message naming file (and line), the rest
# of the batch goes on, output stays valid JSON, and the exit code says what happened.
set -u
BIN=$(realpath "$1")
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "bad_input: $*"; exit 1; }
valid_jsonl() { python3 -c 'import json,sys
for l in open(sys.argv[1]):
    json.loads(l)' "$1" || fail "output of $2 is not valid JSONL"; }

printf 'Good title\nThe mayor said the bridge would open in May.\n' > "$T/good.txt"
: > "$T/empty.txt"
printf 'bin\0ary\0data' > "$T/binary.txt"
printf 'Title\nThe mayor said caf\xe9 prices \xff rose.\n' > "$T/latin1.txt"

# empty + binary + good: exit 1, good still processed, errors name the files
"$BIN" extract "$T/empty.txt" "$T/binary.txt" "$T/good.txt" > "$T/out" 2> "$T/err"; rc=$?
[ $rc = 1 ] || fail "exit $rc for a batch with bad files (want 1)"
grep -q "empty.txt: empty file" "$T/err" || fail "no message for the empty file"
grep -q "binary.txt: binary file" "$T/err" || fail "no message for the binary file"
[ "$(wc -l < "$T/out")" = 1 ] || fail "the good file was not processed"
valid_jsonl "$T/out" batch

# invalid UTF-8: a warning with the byte offset, exit 0, offsets still exact
"$BIN" extract "$T/latin1.txt" > "$T/out" 2> "$T/err"; rc=$?
[ $rc = 0 ] || fail "exit $rc for invalid UTF-8 (want 0)"
grep -q "latin1.txt: byte 24: invalid UTF-8 byte" "$T/err" || fail "no warning with the byte offset: $(cat "$T/err")"
valid_jsonl "$T/out" latin1
python3 - "$T/out" "$T/latin1.txt" <<'PY' || fail "content offsets do not index the original bytes"
import json, sys
d = json.loads(open(sys.argv[1]).read()); raw = open(sys.argv[2], 'rb').read()
a = d["attributions"][0]["content"]
assert raw[a["start"]:a["end"]].startswith(b"caf\xe9"), raw[a["start"]:a["end"]]
PY

# JSONL: a line that is not JSON and one without "text" are reported with their line numbers
printf '{"id":"a","text":"The mayor said the bridge would open."}\nnot json\n{"id":"c"}\n\n{"id":"d","text":"Police said two men were arrested."}\n' > "$T/in.jsonl"
"$BIN" extract "$T/in.jsonl" > "$T/out" 2> "$T/err"; rc=$?
[ $rc = 1 ] || fail "exit $rc for bad JSONL lines (want 1)"
grep -q "in.jsonl:2: not JSON" "$T/err" || fail "no message for line 2"
grep -q 'in.jsonl:3: record has no "text" string' "$T/err" || fail "no message for line 3"
[ "$(wc -l < "$T/out")" = 2 ] || fail "good JSONL records lost"
valid_jsonl "$T/out" jsonl
grep -q '"id":"d"' "$T/out" || fail "record d missing"

# stdin, usage errors
printf 'T\nShe said it was over.\n' | "$BIN" extract - > "$T/out" || fail "stdin failed"
grep -q '"id":"-"' "$T/out" || fail "stdin document id"
"$BIN" extract > /dev/null 2>&1; [ $? = 2 ] || fail "missing input is not a usage error"
"$BIN" extract --format nope "$T/good.txt" > /dev/null 2>&1; [ $? = 2 ] || fail "bad --format is not a usage error"
"$BIN" extract "$T/missing.txt" > /dev/null 2> "$T/err"; [ $? = 1 ] || fail "missing file exit code"
grep -q "missing.txt: No such file" "$T/err" || fail "no message for a missing file"

# pathological: 100k quote marks, a 50 MB single line, only whitespace
python3 -c 'import sys; sys.stdout.write("T\n" + "\u201c" * 100000 + " he said.\n")' > "$T/quotes.txt"
"$BIN" extract "$T/quotes.txt" > "$T/out" 2>&1 || fail "100k quote marks"
python3 -c 'import sys; sys.stdout.write("T\n" + ("The mayor said it would rain. " * 1700000) + "\n")' > "$T/big.txt"
"$BIN" extract --fast "$T/big.txt" > "$T/out" 2> "$T/err" || fail "50 MB line: $(head -c 300 "$T/err")"
valid_jsonl "$T/out" big
printf '   \n\t\n  ' > "$T/ws.txt"
"$BIN" extract "$T/ws.txt" > "$T/out" 2>&1 || fail "whitespace-only file"

# more pathological text (docs/ROBUSTNESS.md; timed by bench/pathological.sh, not here): each file
# gives exit 0 and one valid JSON line
python3 - "$T" <<'PY'
import sys
t = sys.argv[1]
def w(name, data): open(f"{t}/{name}", "wb").write(data)
w("sentence.txt", b"T\n" + b"word " * 200000 + b"\n")                    # 1 MB, no sentence end
w("token.txt", b"T\n" + b"a" * 1000000 + b"\n")                         # one 1 MB token
w("overlong.txt", b"T\nHe said \xc0\xaf\xe0\x80\xaf \xf0\x80\x80\xaf " * 20000 + b"\n")
w("surrogates.txt", b"T\n\xe2\x80\x9c\xed\xa0\x80\xed\xbf\xbf,\xe2\x80\x9d she said. " * 20000 + b"\n")
w("nul_late.txt", b"T\n" + b"The mayor said it. " * 600 + b"\x00 \x00\x00 she said.\n")
w("alternating.txt", b"T\n" + "\u201c\u201d\u2018\u2019\"'\u00ab\u00bb".encode() * 10000 + b"\n")
PY
for f in sentence token overlong surrogates nul_late alternating; do
  "$BIN" extract "$T/$f.txt" > "$T/out" 2> "$T/err" || fail "$f.txt: exit $?: $(head -c 300 "$T/err")"
  valid_jsonl "$T/out" "$f.txt"
  [ "$(wc -l < "$T/out")" = 1 ] || fail "$f.txt: not one JSON line"
done
"$BIN" extract "$T/overlong.txt" 2>&1 >/dev/null | grep -q "overlong.txt: byte 10: invalid UTF-8 byte" || fail "no warning for an overlong sequence"
"$BIN" extract "$T/surrogates.txt" 2>&1 >/dev/null | grep -q "surrogates.txt: byte 5: invalid UTF-8 byte" || fail "no warning for an encoded surrogate"
"$BIN" extract "$T/nul_late.txt" 2>&1 >/dev/null | grep -q "nul_late.txt: byte 11402: NUL byte" || fail "no warning for a NUL byte past the binary check"

# JSONL: NUL characters inside a record's text are kept and reported
printf '{"id":"n","text":"He said \\u0000 it\\u0000."}\n' > "$T/nul.jsonl"
"$BIN" extract "$T/nul.jsonl" > "$T/out" 2> "$T/err" || fail "NUL in JSONL text: exit $?"
valid_jsonl "$T/out" nul.jsonl
grep -q "nul.jsonl:1: byte 8: NUL byte" "$T/err" || fail "no warning for NUL in a JSONL record: $(cat "$T/err")"

# limits (docs/ROBUSTNESS.md "Limits")
# document size: a sparse file one byte over WS_MAX_DOC_BYTES is refused by name, the batch goes on
truncate -s $((64 * 1024 * 1024 + 1)) "$T/huge.txt"
"$BIN" extract "$T/huge.txt" "$T/good.txt" > "$T/out" 2> "$T/err"; rc=$?
[ $rc = 1 ] || fail "exit $rc for a document over the limit (want 1)"
grep -q "huge.txt: file is over the 67108864-byte document limit" "$T/err" || fail "no message for an oversized file: $(cat "$T/err")"
[ "$(wc -l < "$T/out")" = 1 ] || fail "the good file after an oversized one was not processed"
# JSON nesting depth: jansson stops at 2048 levels with a message naming line and column
python3 -c 'print("{\"text\":\"a\",\"x\":" + "[" * 100000 + "]" * 100000 + "}"); print("{\"text\":\"b\",\"x\":" + "[" * 2000 + "]" * 2000 + "}")' > "$T/deep.jsonl"
"$BIN" extract "$T/deep.jsonl" > "$T/out" 2> "$T/err"; rc=$?
[ $rc = 1 ] || fail "exit $rc for a too deeply nested record (want 1)"
grep -q "deep.jsonl:1: not JSON: maximum parsing depth reached" "$T/err" || fail "no message for JSON nesting: $(cat "$T/err")"
[ "$(wc -l < "$T/out")" = 1 ] || fail "a record nested 2000 deep was not processed"
# attributions per document: the first WS_MAX_ATTRIBUTIONS are kept, a warning says where the rest start
python3 -c 'import sys; sys.stdout.write("T\n" + "\u201cYes,\u201d he said. " * 100010 + "\n")' > "$T/many.txt"
"$BIN" extract "$T/many.txt" > "$T/out" 2> "$T/err" || fail "attribution limit: exit $?"
grep -q "many.txt: byte 2000002: attribution limit reached" "$T/err" || fail "no warning at the attribution limit: $(head -c 300 "$T/err")"
python3 -c 'import json,sys; d = json.load(open(sys.argv[1])); assert len(d["attributions"]) == 100000, len(d["attributions"])' "$T/out" \
  || fail "not exactly 100000 attributions at the limit"
exit 0
