#!/usr/bin/env bash
# Input edge cases of the reader: a symbolic link loop in a directory is reported once and the walk
# goes on; a UTF-8 byte order mark and CRLF line ends in JSONL are accepted; --first-line and
# --stdin-name renumber stdin as a shard of a bigger file.
set -u
BIN=$1
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
fail() { echo "extract_inputs: $*"; exit 1; }
mkdir -p "$T/d/a"
printf 'Headline\n"We are ready," the mayor said.\n' > "$T/d/a/one.txt"
ln -s .. "$T/d/a/up"
"$BIN" extract "$T/d" > "$T/out" 2> "$T/err"; rc=$?
[ $rc = 1 ] || fail "symlink loop: exit $rc, wanted 1"
grep -q 'a/up: symbolic link loop, skipped' "$T/err" || fail "symlink loop: $(cat "$T/err")"
[ "$(wc -l < "$T/out")" = 1 ] || fail "symlink loop: $(wc -l < "$T/out") documents, wanted 1"
printf '\xef\xbb\xbf{"id":"a","text":"He said so."}\r\n{"id":"b","text":"She agreed."}\r\n' > "$T/bom.jsonl"
"$BIN" extract "$T/bom.jsonl" > "$T/out" 2> "$T/err" || fail "BOM/CRLF: $(cat "$T/err")"
[ "$(cut -c1-9 "$T/out" | tr '\n' ' ')" = '{"id":"a" {"id":"b" ' ] || fail "BOM/CRLF: $(cat "$T/out")"
printf '{"text":"One."}\nbroken\n{"text":"Three."}\n' | "$BIN" extract --jsonl --first-line 41 --stdin-name big.jsonl - > "$T/out" 2> "$T/err"
[ "$(cat "$T/err")" = "whosaid: big.jsonl:42: not JSON: '[' or '{' expected near 'broken' (column 6)" ] || fail "--first-line: $(cat "$T/err")"
[ "$(cut -c1-10 "$T/out" | tr '\n' ' ')" = '{"id":"41" {"id":"43" ' ] || fail "--first-line ids: $(cat "$T/out")"
"$BIN" extract --first-line 0 - < /dev/null > /dev/null 2>&1; [ $? = 2 ] || fail "--first-line 0 is not a usage error"
exit 0
