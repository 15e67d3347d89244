#!/usr/bin/env bash
# store_full.sh BIN — `index` on a full disk: a clear error and exit 1, no crash, and the store
# keeps what was committed before the disk filled (readable, consistent). The full disk is a small
# tmpfs (1200k: a new store has 16 KiB pages, its empty schema alone takes 470k); without the right
# to mount one (not root, or no mount in this sandbox) the test is skipped.
set -u
BIN=$(realpath "$1")
T=$(mktemp -d /tmp/ws-store-full.XXXXXX)
M="$T/disk"
mkdir -p "$M"
if [ "$(id -u)" != 0 ] || ! mount -t tmpfs -o size=1200k tmpfs "$M" 2>/dev/null; then
  rm -rf "$T"; echo "store_full.sh: skipped: cannot mount a small tmpfs (needs root)"; exit 0
fi
trap 'umount "$M" 2>/dev/null; rm -rf "$T"' EXIT
fail=0
awk 'BEGIN { for (i = 1; i <= 3000; i++)
  printf "{\"id\":\"f-%d\",\"text\":\"Report %d on roads\\nMayor Ann Lee%d said: \\\"We will repair road %d and bridge %d before winter.\\\"\\n\"}\n", i, i, i % 30, i, i * 7 }' > "$T/docs.jsonl"
"$BIN" index --batch 100 --db "$M/c.db" "$T/docs.jsonl" > "$T/out" 2> "$T/err"; rc=$?
[ "$rc" = 1 ] || { echo "FAIL: index on a full disk: exit $rc (want 1)"; fail=1; }
grep -qiE "full|disk|space" "$T/err" || { echo "FAIL: no clear message: $(head -c 300 "$T/err")"; fail=1; }
[ "$(grep -c . "$T/err")" -le 5 ] || { echo "FAIL: one message per problem, got $(grep -c . "$T/err") lines"; fail=1; }
# what was committed is there and consistent: every stored article has its attribution
s=$("$BIN" stats --db "$M/c.db" --format json) || { echo "FAIL: store unreadable after the disk filled"; fail=1; }
na=$(echo "$s" | sed -n 's/.*"articles":\([0-9]*\),.*/\1/p')
nt=$(echo "$s" | sed -n 's/.*"attributions":\([0-9]*\),.*/\1/p')
[ -n "$na" ] && [ "$na" -gt 0 ] && [ "$na" -lt 3000 ] || { echo "FAIL: want some but not all articles: $s"; fail=1; }
[ "$na" = "$nt" ] || { echo "FAIL: torn articles: $na articles, $nt attributions"; fail=1; }
exit $fail
