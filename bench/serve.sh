#!/usr/bin/env bash
# bench/serve.sh [BIN] — load benchmark of `whosaid serve` with wrk: 30 s, 64 connections each on
# GET /api/search (answered from the response cache, and again by a server started with --cache 0)
# and POST /api/extract (default pipeline with the taggers, and again with --fast), against a corpus built from PolNeAR (../shared/data/polnear, 923 articles
# with dates from metadata.tsv). Prints wrk's report, the server's RSS before and after,
# and one summary line per endpoint for docs/PERFORMANCE.md. Not a test: numbers depend on the machine.
# Env: DURATION (30s), CONNS (64), THREADS (server threads, default nproc), WRK_THREADS (2).
set -euo pipefail
BIN=$(realpath "${1:-./whosaid}")
cd "$(dirname "$0")/.."
DURATION=${DURATION:-30s}
CONNS=${CONNS:-64}
THREADS=${THREADS:-$(nproc)}
WRK_THREADS=${WRK_THREADS:-2}
DATA=../shared/data/polnear
SEED=../shared/data/seed/sky-trump-putin.txt
out=build/bench
mkdir -p "$out"

if ! command -v wrk >/dev/null; then
  echo "bench/serve: installing wrk" >&2
  sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends wrk >&2
fi
[ -f "$DATA/metadata.tsv" ] && [ -f "$SEED" ] || { echo "bench/serve: skipped: dataset not found"; exit 0; }

# The corpus: one JSONL record per PolNeAR article (id, title, date, source = publisher).
db=$out/polnear.db
jsonl=$out/polnear.jsonl
if [ ! -s "$jsonl" ]; then
  tail -n +2 "$DATA/metadata.tsv" | while IFS=$'\t' read -r comp file _level _ann pub date _author title _rest; do
    f="$DATA/$comp/text/$file.txt"
    [ -f "$f" ] || continue
    jq -cn --rawfile text "$f" --arg id "$file" --arg title "$title" --arg date "$date" --arg source "$pub" \
      '{id:$id, title:$title, date:$date, source:$source, text:$text}'
  done > "$jsonl.tmp"
  mv "$jsonl.tmp" "$jsonl"
fi
rm -f "$db" "$db-wal" "$db-shm" # rebuilt each time (1-2 s): the binary's own extractor and schema
"$BIN" index --db "$db" --jsonl "$jsonl" >&2
"$BIN" stats --db "$db" >&2

pid=""
trap '[ -z "$pid" ] || { kill $pid 2>/dev/null; wait $pid 2>/dev/null || true; }' EXIT
# serve ARGS... : (re)starts the server, sets pid and url
serve() {
  [ -z "$pid" ] || { kill "$pid"; wait "$pid" 2>/dev/null || true; }
  local log=$out/serve.log
  "$BIN" serve --db "$db" --listen 127.0.0.1:0 --threads "$THREADS" "$@" 2> "$log" &
  pid=$!
  url=""
  for _ in $(seq 100); do
    url=$(sed -n 's/.*listening on \(http:[^ ]*\).*/\1/p' "$log")
    [ -n "$url" ] && break
    sleep 0.1
  done
  [ -n "$url" ] || { cat "$log" >&2; exit 1; }
}
rss() { awk '/VmRSS/ {print $2 " kB"}' "/proc/$pid/status"; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
serve

cat > "$out/post.lua" <<'EOF'
-- wrk script: POST the seed article to /api/extract as plain text.
wrk.method = "POST"
wrk.headers["Content-Type"] = "text/plain; charset=utf-8"
local f = assert(io.open(os.getenv("BODY_FILE"), "rb"))
wrk.body = f:read("*a")
f:close()
EOF

echo "server: $url, $THREADS threads; machine: $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
curl -sf "$url/api/search?q=election&limit=20" | jq -e '.results | length > 0' >/dev/null || { echo "search returns nothing" >&2; exit 1; }
# warm up (page cache, SQLite caches, store handles)
wrk -t1 -c4 -d2s "$url/api/search?q=election" >/dev/null
echo "RSS after warm-up: $(rss)"

summary=()
run() {
  local name=$1; shift
  echo "== $name: wrk -t$WRK_THREADS -c$CONNS -d$DURATION --latency $*"
  local rep c0 c1
  c0=$(cpu_ticks)
  rep=$(wrk -t"$WRK_THREADS" -c"$CONNS" -d"$DURATION" --latency "$@")
  c1=$(cpu_ticks)
  echo "$rep"
  local rps p50 p99 errs n cpu
  rps=$(awk '/Requests\/sec/ {print $2}' <<< "$rep")
  p50=$(awk '$1 == "50%" {print $2}' <<< "$rep")
  p99=$(awk '$1 == "99%" {print $2}' <<< "$rep")
  n=$(awk '/requests in/ {print $1}' <<< "$rep")
  # the server's own CPU time per request (user + system), which the machine's load hardly changes
  cpu=$(awk -v t=$((c1 - c0)) -v hz="$(getconf CLK_TCK)" -v n="$n" 'BEGIN {printf "%.3f", n ? t * 1000 / hz / n : 0}')
  errs=$(awk '/Non-2xx/ {n += $NF} /Socket errors/ {for (i = 4; i <= NF; i += 2) n += $i} END {print n + 0}' <<< "$rep" | tr -d ',')
  echo "RSS after $name: $(rss)"
  summary+=("$name: $rps req/s, p50 $p50, p99 $p99, errors $errs, server CPU $cpu ms/request, RSS after $(rss), load $(cut -d' ' -f1 /proc/loadavg)")
}
run "GET /api/search?q=election (cached)" "$url/api/search?q=election"
BODY_FILE=$SEED wrk -t1 -c4 -d2s -s "$out/post.lua" "$url/api/extract" >/dev/null # warm-up
BODY_FILE=$SEED run "POST /api/extract (seed article, $(wc -c < "$SEED") bytes)" -s "$out/post.lua" "$url/api/extract"
serve --fast
echo "server restarted with --fast (rules only, no taggers); RSS $(rss)"
BODY_FILE=$SEED wrk -t1 -c4 -d2s -s "$out/post.lua" "$url/api/extract" >/dev/null
BODY_FILE=$SEED run "POST /api/extract --fast (seed article)" -s "$out/post.lua" "$url/api/extract"
serve --cache 0
echo "server restarted with --cache 0; RSS $(rss)"
wrk -t1 -c4 -d2s "$url/api/search?q=election" >/dev/null
run "GET /api/search?q=election (--cache 0)" "$url/api/search?q=election"
# 300 different single words and 300 two-word phrases from the corpus's quotes, in turn, uncached
python3 bench/gen_queries.py "$out/polnear.jsonl" 300 "$out/serve-words.txt" "$out/serve-phrases.txt"
cat > "$out/queries.lua" <<'EOF'
-- wrk script: GET /api/search with the queries of QUERY_FILE in turn (URL-encoded).
local qs = {}
for line in io.lines(os.getenv("QUERY_FILE")) do
  qs[#qs + 1] = line:gsub("[^%w]", function(c) return string.format("%%%02X", string.byte(c)) end)
end
local i = 0
request = function()
  i = i % #qs + 1
  return wrk.format("GET", "/api/search?q=" .. qs[i])
end
EOF
QUERY_FILE=$out/serve-words.txt run "GET /api/search, 300 single words in turn (--cache 0)" -s "$out/queries.lua" "$url/api/search"
QUERY_FILE=$out/serve-phrases.txt run "GET /api/search, 300 two-word phrases in turn (--cache 0)" -s "$out/queries.lua" "$url/api/search"
echo "== summary"
printf '%s\n' "${summary[@]}"
