#!/usr/bin/env bash
# store_kill.sh BIN — reliability of `index`: a real indexing process is killed with SIGKILL in the
# middle; the store must stay consistent (readable, counts coherent), and running `index` again must
# complete the job with exactly the counts of a clean run (no duplicates). While the indexer writes,
# other processes search the store (WAL): every search must succeed.
set -u
BIN=$(realpath "$1")
T=$(mktemp -d /tmp/ws-store-kill.XXXXXX)
pid=
trap '[ -n "$pid" ] && kill -9 "$pid" 2>/dev/null; rm -rf "$T"' EXIT
fail=0
N=${WS_KILL_DOCS:-6000}
# N generated articles, 3 attributions each, 60 speakers, quotes repeated across articles
awk -v n="$N" 'BEGIN {
  for (i = 1; i <= n; i++) {
    s = i % 60; q = i % 500
    printf "{\"id\":\"gen-%d\",\"date\":\"2017-%02d-%02d\",\"source\":\"site%d.example\",", i, 1 + i % 12, 1 + i % 28, i % 9
    printf "\"text\":\"Report %d on trade\\nSenator Alex Person%d said: \\\"We will review tariff plan %d next week.\\\"\\n", i, s, q
    printf "\\\"The talks went well,\\\" Maria Lopez%d told reporters on day %d.\\n", s % 7, i
    printf "Officials said the trade deficit grew by %d percent.\\n\"}\n", i % 13
  }
}' > "$T/docs.jsonl"

# the clean run, for reference
"$BIN" index --db "$T/clean.db" "$T/docs.jsonl" || { echo "FAIL: clean index"; exit 1; }
counts() { "$BIN" stats --db "$1" --format json | sed 's/"db_bytes":[0-9]*,//'; }
clean=$(counts "$T/clean.db")
echo "$clean" | grep -q "\"articles\":$N," || { echo "FAIL: clean run: $clean"; exit 1; }

# the run to kill: small batches so that several commits happen before the kill
"$BIN" index --batch 50 --db "$T/k.db" "$T/docs.jsonl" 2>"$T/k.err" &
pid=$!
searches=0 bad=0 seen=0
for _ in $(seq 1 2000); do
  if [ -f "$T/k.db" ]; then
    n=$("$BIN" stats --db "$T/k.db" --format json 2>>"$T/s.err" | sed -n 's/.*"articles":\([0-9]*\),.*/\1/p')
    if "$BIN" search --db "$T/k.db" --limit 3 "tariff" >/dev/null 2>>"$T/s.err"; then :; else
      rc=$?; [ -n "$n" ] && bad=$((bad + 1)); fi
    searches=$((searches + 1))
    if [ -n "$n" ] && [ "$n" -ge $((N / 3)) ]; then seen=$n; break; fi
  fi
  sleep 0.02
done
if kill -9 "$pid" 2>/dev/null; then
  wait "$pid" 2>/dev/null
  pid=
else
  echo "FAIL: the indexer finished before it could be killed (raise WS_KILL_DOCS)"; fail=1; pid=
fi
[ "$seen" -gt 0 ] || { echo "FAIL: never saw committed articles while indexing"; fail=1; }
[ "$bad" = 0 ] || { echo "FAIL: $bad of $searches searches failed during indexing: $(head -3 "$T/s.err")"; fail=1; }

# consistent after the kill: readable, and the articles present are complete (3 attributions each)
after=$(counts "$T/k.db") || { echo "FAIL: store unreadable after kill -9"; fail=1; }
na=$(echo "$after" | sed -n 's/.*"articles":\([0-9]*\),.*/\1/p')
nt=$(echo "$after" | sed -n 's/.*"attributions":\([0-9]*\),.*/\1/p')
[ -n "$na" ] && [ "$na" -lt "$N" ] || { echo "FAIL: after kill: $after"; fail=1; }
[ -n "$nt" ] && [ "$nt" = $((na * 3)) ] || { echo "FAIL: torn articles after kill: $na articles, $nt attributions"; fail=1; }
if command -v sqlite3 >/dev/null; then
  ic=$(sqlite3 "$T/k.db" "PRAGMA integrity_check" 2>&1)
  [ "$ic" = ok ] || { echo "FAIL: integrity_check: $ic"; fail=1; }
fi

echo "killed after $seen articles seen; $searches concurrent searches; store then: $na articles" >&2
# run again: completes the job, same counts as the clean run
"$BIN" index --db "$T/k.db" "$T/docs.jsonl" || { echo "FAIL: re-index after kill"; fail=1; }
again=$(counts "$T/k.db")
[ "$again" = "$clean" ] || { echo "FAIL: after kill + re-index: $again, clean run: $clean"; fail=1; }
exit $fail
