#!/usr/bin/env bash
# store_errors.sh BIN — the corpus commands on bad stores: missing, corrupt, truncated, not a file,
# not writable; bad options. Each must end with a clear message and exit 1 (or 2 for usage), never
# a crash (exit >= 128) or a silent success.
set -u
BIN=$(realpath "$1")
T=$(mktemp -d /tmp/ws-store-errors.XXXXXX)
trap 'rm -rf "$T"' EXIT
fail=0
# expect CODE PATTERN CMD...: exit status CODE and stderr matching PATTERN
expect() {
  local code=$1 pat=$2; shift 2
  "$@" >"$T/out" 2>"$T/err"; local rc=$?
  if [ "$rc" != "$code" ] || ! grep -qE "$pat" "$T/err"; then
    echo "FAIL: '$*': exit $rc (want $code), stderr: $(head -c 300 "$T/err") (want /$pat/)"
    fail=1
  fi
}

printf 'Budget talks\nJohn Smith said: "We will balance the budget this year."\n' > "$T/a.txt"

# missing store: every read command says so
for cmd in "stats" "search budget" "quotes --speaker Smith" "speakers" "article a.txt"; do
  expect 1 "no such store" "$BIN" $cmd --db "$T/missing.db"
done
# not a database
head -c 100000 /dev/urandom > "$T/random.db"
expect 1 "not a whosaid store" "$BIN" stats --db "$T/random.db"
expect 1 "not a whosaid store" "$BIN" index --db "$T/random.db" "$T/a.txt"
# another program's SQLite file is left alone
if command -v sqlite3 >/dev/null; then
  sqlite3 "$T/other.db" "CREATE TABLE t(x); INSERT INTO t VALUES(1);"
  expect 1 "not a whosaid store" "$BIN" index --db "$T/other.db" "$T/a.txt"
  [ "$(sqlite3 "$T/other.db" 'SELECT count(*) FROM sqlite_schema')" = 1 ] || { echo "FAIL: other.db was changed"; fail=1; }
fi
# a directory, an uncreatable path
expect 1 "cannot open" "$BIN" stats --db "$T"
expect 1 "cannot open|no such" "$BIN" index --db "$T/no/such/dir/x.db" "$T/a.txt"
expect 1 "cannot open|not a whosaid|no such" "$BIN" index --db /proc/whosaid-test.db "$T/a.txt"

# a real store, then damaged: a clear error, not a crash
"$BIN" index --db "$T/good.db" "$T/a.txt" || { echo "FAIL: index a.txt"; fail=1; }
"$BIN" stats --db "$T/good.db" >/dev/null || { echo "FAIL: stats on a good store"; fail=1; }
# header overwritten
cp "$T/good.db" "$T/bad-header.db"
printf 'garbage garbage garbage garbage' | dd of="$T/bad-header.db" conv=notrunc status=none
expect 1 "not a whosaid store" "$BIN" stats --db "$T/bad-header.db"
# pages overwritten past the header: SQLite reports a malformed image
cp "$T/good.db" "$T/bad-pages.db"
size=$(stat -c %s "$T/bad-pages.db")
head -c $((size - 4096)) /dev/urandom | dd of="$T/bad-pages.db" bs=1 seek=4096 conv=notrunc status=none 2>/dev/null \
  || head -c $((size - 4096)) /dev/urandom | dd of="$T/bad-pages.db" bs=4096 seek=1 conv=notrunc status=none
for cmd in "stats" "search budget" "speakers" "quotes --speaker Smith"; do
  "$BIN" $cmd --db "$T/bad-pages.db" >/dev/null 2>"$T/err"; rc=$?
  if [ "$rc" -ge 128 ] || [ "$rc" = 0 -a -s "$T/err" ]; then
    echo "FAIL: $cmd on a corrupt store: exit $rc: $(head -c 200 "$T/err")"; fail=1
  fi
done
# truncated
cp "$T/good.db" "$T/trunc.db"
truncate -s 5000 "$T/trunc.db"
for cmd in "stats" "search budget" "speakers"; do
  "$BIN" $cmd --db "$T/trunc.db" >/dev/null 2>"$T/err"; rc=$?
  [ "$rc" -lt 128 ] || { echo "FAIL: $cmd on a truncated store crashed ($rc)"; fail=1; }
done

# read-only store file (root ignores permissions: then only the rest is checked)
if [ "$(id -u)" != 0 ]; then
  cp "$T/good.db" "$T/ro.db"; chmod 444 "$T/ro.db"
  expect 1 "cannot|read-only|readonly" "$BIN" index --db "$T/ro.db" "$T/a.txt"
fi

# usage errors exit 2
expect 2 "usage" "$BIN" search --db "$T/good.db"
expect 2 "usage" "$BIN" quotes --db "$T/good.db"
expect 2 "unknown format" "$BIN" speakers --db "$T/good.db" --format xml
expect 2 "expected a number" "$BIN" search --db "$T/good.db" --limit -3 budget
expect 2 "usage" "$BIN" index --db "$T/good.db"
expect 2 "cannot parse" "$BIN" search --db "$T/good.db" '"unbalanced'
expect 1 "no article" "$BIN" article --db "$T/good.db" nope
exit $fail
