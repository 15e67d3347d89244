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
exit 0
