#!/usr/bin/env bash
# serve_api.sh BIN — the HTTP API of `whosaid serve` against a real server on a free loopback port
# (port 0: the server picks one and prints it). Checks statuses (200/400/401/404/405/413/503),
# that POST /api/extract returns exactly what `whosaid extract` prints, bearer tokens, markup kept as
# data, survival of malformed requests, and a clean stop on SIGTERM.
set -u
BIN=$1
cd "$(dirname "$0")/../.."
command -v curl >/dev/null || { echo "serve_api: skipped: curl not found"; exit 0; }
tmp=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done; rm -rf "$tmp"; }
trap cleanup EXIT
fail=0
ok() { :; }
bad() { echo "FAIL serve_api: $*"; fail=1; }

# start NAME ARGS... : starts a server, sets URL_<NAME> and PID_<NAME>
start() {
  local name=$1; shift
  "$BIN" serve --listen 127.0.0.1:0 --threads 2 ${FAST---fast} "$@" 2> "$tmp/$name.log" &
  local pid=$!
  pids+=("$pid")
  for _ in $(seq 100); do
    url=$(sed -n 's/.*listening on \(http:[^ ]*\).*/\1/p' "$tmp/$name.log")
    [ -n "$url" ] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  [ -n "$url" ] || { echo "FAIL serve_api: server $name did not start:"; cat "$tmp/$name.log"; exit 1; }
  printf -v "URL_$name" '%s' "$url"
  printf -v "PID_$name" '%s' "$pid"
}

# req EXPECTED_STATUS CURL_ARGS... : runs curl, body in $tmp/body, headers in $tmp/head
nreq=0
req() {
  local want=$1; shift
  local got
  nreq=$((nreq + 1))
  got=$(curl -s -o "$tmp/body" -D "$tmp/head" -w '%{http_code}' "$@")
  if [ "$got" != "$want" ]; then bad "$* -> $got, want $want: $(head -c 300 "$tmp/body")"; return 1; fi
}
body_has() { grep -q -- "$1" "$tmp/body" || bad "body lacks $1: $(head -c 300 "$tmp/body")"; }
head_has() { grep -qi -- "$1" "$tmp/head" || bad "headers lack $1"; }
is_json_error() { jq -e 'has("error") and (.error|type=="string")' "$tmp/body" >/dev/null 2>&1 || bad "not a JSON error: $(head -c 200 "$tmp/body")"; }

start A --max-body 4096
U=$URL_A

# health and page
req 200 "$U/healthz" && body_has '"status":"ok"' && head_has 'Content-Type: application/json'
req 200 -I "$U/healthz"
req 200 "$U/" && body_has '<script src="app.js"' && head_has "Content-Security-Policy: default-src 'self'" && head_has 'X-Content-Type-Options: nosniff'
req 200 "$U/app.js" && head_has 'Content-Type: text/javascript'
req 200 "$U/style.css" && head_has 'Content-Type: text/css'

# POST /api/extract returns exactly `whosaid extract` (ids normalised: the CLI names the file)
art="$tmp/article.txt"
seed=../shared/data/seed/sky-trump-putin.txt
if [ -f "$seed" ]; then head -c 4000 "$seed" > "$art"; else
  printf 'Minister speaks\n"We will win," the minister said on Monday.\nShe added that taxes would fall.\n' > "$art"; fi
norm() { sed 's/^{"id":[^,]*,/{"id":X,/'; }
req 200 -X POST -H 'Content-Type: text/plain' --data-binary @"$art" "$U/api/extract" &&
  [ "$(norm < "$tmp/body")" = "$("$BIN" extract --fast "$art" | norm)" ] || bad "extract (text) differs from whosaid extract"
jq -n --rawfile t "$art" '{text:$t, title:"A <b>title</b>", id:"doc-1"}' > "$tmp/rec.json"
jq -c . "$tmp/rec.json" > "$tmp/rec.jsonl"
req 200 -X POST -H 'Content-Type: application/json' --data-binary @"$tmp/rec.json" "$U/api/extract" &&
  [ "$(cat "$tmp/body")" = "$("$BIN" extract --fast --jsonl "$tmp/rec.jsonl")" ] || bad "extract (JSON) differs from whosaid extract --jsonl"
jq -e '.title == "A <b>title</b>" and .id == "doc-1"' "$tmp/body" >/dev/null || bad "JSON meta not kept"

# markup in an article is data: JSON out, never sniffed as HTML, and kept byte for byte
xss='<script>alert(1)</script> "><img src=x onerror=alert(2)>'
printf '%s\n"%s," he said.\n' "$xss" "$xss" > "$tmp/xss.txt"
req 200 -X POST --data-binary @"$tmp/xss.txt" "$U/api/extract" && head_has 'Content-Type: application/json' && head_has 'X-Content-Type-Options: nosniff'
[ "$(jq -r .title "$tmp/body")" = "$xss" ] || bad "markup in the headline not kept as text: $(head -c 200 "$tmp/body")"

# 400
req 400 -X POST -H 'Content-Type: application/json' --data-binary '{"text": ' "$U/api/extract" && is_json_error && body_has 'invalid JSON'
req 400 -X POST -H 'Content-Type: application/json' --data-binary '{"title":"no text"}' "$U/api/extract" && is_json_error
req 400 -X POST -H 'Content-Type: application/json' --data-binary '["text"]' "$U/api/extract" && is_json_error
req 400 -X POST -H 'Content-Type: application/json' --data-binary '{"text":"x","title":7}' "$U/api/extract" && is_json_error
req 400 -X POST --data-binary '' "$U/api/extract" && is_json_error
# 404
req 404 "$U/nope" && is_json_error
req 404 "$U/api/nope" && is_json_error
req 404 "$U/api/extract/more" && is_json_error
req 404 "$U/../../etc/passwd" && is_json_error
# 405 with Allow
req 405 "$U/api/extract" && is_json_error && head_has 'Allow: POST'
req 405 -X DELETE "$U/healthz" && head_has 'Allow: GET, HEAD'
req 405 -X POST --data-binary 'x' "$U/api/search" && is_json_error
req 405 -X PUT --data-binary 'x' "$U/index.html" && is_json_error
# 413: declared length over the cap, and a chunked body that grows over it
head -c 5000 /dev/zero | tr '\0' 'a' > "$tmp/big.txt"
req 413 -X POST --data-binary @"$tmp/big.txt" "$U/api/extract" && is_json_error
req 413 -X POST -H 'Transfer-Encoding: chunked' --data-binary @"$tmp/big.txt" "$U/api/extract" && is_json_error
head -c 4096 /dev/zero | tr '\0' 'a' > "$tmp/edge.txt"
req 200 -X POST --data-binary @"$tmp/edge.txt" "$U/api/extract"
# 503: corpus endpoints without --db
for p in 'api/search?q=election' api/speakers api/speakers/1 api/articles/x; do
  req 503 "$U/$p" && is_json_error
done

# malformed requests get an error and leave the server running
exec 3<>"/dev/tcp/127.0.0.1/${U##*:}" && printf 'GARBAGE \x01\x02\r\n\r\n' >&3 && timeout 5 head -c 12 <&3 > "$tmp/raw"; exec 3<&- 3>&-
grep -q '^HTTP/1.1 400' "$tmp/raw" || bad "garbage request line: $(cat "$tmp/raw")"
req 200 "$U/healthz"

# bearer token on POST
start B --token s3cret
U=$URL_B
req 401 -X POST --data-binary 'He said "hi".' "$U/api/extract" && is_json_error && head_has 'WWW-Authenticate: Bearer'
req 401 -X POST -H 'Authorization: Bearer s3cre' --data-binary 'He said "hi".' "$U/api/extract"
req 401 -X POST -H 'Authorization: Bearer s3cretX' --data-binary 'He said "hi".' "$U/api/extract"
req 200 -X POST -H 'Authorization: Bearer s3cret' --data-binary 'He said "hi".' "$U/api/extract"
req 200 "$U/healthz"

# corpus endpoints over a small store built here (no dataset needed)
cat > "$tmp/c.jsonl" <<'EOF'
{"id":"a1","date":"2017-03-02","source":"example.com","title":"Minister speaks on taxes","text":"Alice Smith, the finance minister, said on Monday that taxes would fall.\n\"We will cut taxes for everyone,\" Ms Smith told reporters.\n"}
{"id":"a2","date":"2017-05-10","source":"news.example.org","title":"Critic replies","text":"Bob Jones criticised the plan.\n\"This is a fantasy about taxes,\" Mr Jones said.\nAlice Smith said Bob Jones was wrong about the budget.\n"}
{"id":"x<1>/2","date":"2017-05-11","source":"example.com","title":"<b>Markup</b> <script>alert(1)</script>","text":"<script>alert(1)</script>\n\"<img src=x onerror=alert(2)> is not a tax,\" Carol White said.\n"}
EOF
"$BIN" index --fast --db "$tmp/c.db" --jsonl "$tmp/c.jsonl" 2> "$tmp/index.log" || { bad "index failed: $(cat "$tmp/index.log")"; exit 1; }
sum_before=$(cksum < "$tmp/c.db")
start C --db "$tmp/c.db"
U=$URL_C
req 200 "$U/healthz" && body_has '"db":true'
req 200 "$U/api/search?q=taxes" &&
  jq -e '(.results | length) == 3 and .more == false and .offset == 0 and .limit == 20 and (.results[0] | has("snippet") and has("speaker") and has("article_id") and has("start"))' "$tmp/body" >/dev/null || bad "search: $(head -c 300 "$tmp/body")"
req 200 "$U/api/search?q=taxes&limit=2" && jq -e '(.results | length) == 2 and .more == true' "$tmp/body" >/dev/null || bad "search page 1: $(head -c 300 "$tmp/body")"
req 200 "$U/api/search?q=taxes&limit=2&offset=2" && jq -e '(.results | length) == 1 and .more == false and .offset == 2' "$tmp/body" >/dev/null || bad "search page 2"
req 200 "$U/api/search?q=taxes&speaker=Bob%20Jones" && jq -e '[.results[].speaker] == ["Bob Jones"]' "$tmp/body" >/dev/null || bad "search speaker filter: $(head -c 300 "$tmp/body")"
req 200 "$U/api/search?q=taxes&source=news.example.org" && jq -e '[.results[].article_id] == ["a2"]' "$tmp/body" >/dev/null || bad "search source filter"
req 200 "$U/api/search?q=taxes&since=2017-05" && jq -e '[.results[].article_id] == ["a2"]' "$tmp/body" >/dev/null || bad "search since filter"
req 200 "$U/api/search?q=taxes&until=2017-03" && jq -e '(.results | length) == 2 and ([.results[].article_id] | unique) == ["a1"]' "$tmp/body" >/dev/null || bad "search until filter"
req 200 "$U/api/search?speaker=alice+smith" && jq -e '(.results | length) == 3 and ([.results[].speaker] | unique) == ["Alice Smith"]' "$tmp/body" >/dev/null || bad "quotes by speaker: $(head -c 300 "$tmp/body")"
req 200 "$U/api/search?q=zzzzunseen" && jq -e '.results == [] and .more == false' "$tmp/body" >/dev/null || bad "search without hits"
req 400 "$U/api/search?q=%22unterminated" && is_json_error
req 400 "$U/api/search" && is_json_error
for bad_param in 'limit=0' 'limit=101' 'limit=abc' 'limit=-1' 'offset=-1' 'offset=1x' 'limit=99999999999999999999'; do
  req 400 "$U/api/search?q=taxes&$bad_param" && is_json_error
done
req 400 "$U/api/search?q=ta%00xes" && is_json_error
req 400 "$U/api/search?q=$(head -c 2000 /dev/zero | tr '\0' 'a')" && is_json_error
req 200 "$U/api/speakers?top=2" && jq -e '[.results[].name] == ["Alice Smith", "Bob Jones"] and .results[0].quotes == 3 and .more == true' "$tmp/body" >/dev/null || bad "speakers: $(head -c 300 "$tmp/body")"
req 200 "$U/api/speakers?q=white" && jq -e '[.results[].name] == ["Carol White"]' "$tmp/body" >/dev/null || bad "speakers name filter"
id=$(curl -s "$U/api/speakers?top=1" | jq -r '.results[0].id')
req 200 "$U/api/speakers/$id" &&
  jq -e '.speaker.name == "Alice Smith" and (.quotes | length) == 3 and .timeline == [{"month":"2017-03","quotes":2},{"month":"2017-05","quotes":1}] and (.about | type) == "array"' "$tmp/body" >/dev/null || bad "speaker: $(head -c 600 "$tmp/body")"
req 200 "$U/api/speakers/Alice%20Smith?limit=1" && jq -e ".speaker.id == $id and (.quotes | length) == 1" "$tmp/body" >/dev/null || bad "speaker by name"
req 200 "$U/api/speakers/$id?about=Bob%20Jones" && jq -e '(.quotes | length) == 1 and (.quotes[0].text | contains("Bob Jones"))' "$tmp/body" >/dev/null || bad "speaker quotes about: $(head -c 400 "$tmp/body")"
req 404 "$U/api/speakers/999999" && is_json_error
req 404 "$U/api/speakers/Nobody%20Atall" && is_json_error
jq -j 'select(.id == "a2") | .text' "$tmp/c.jsonl" > "$tmp/a2.txt"
req 200 "$U/api/articles/a2" && jq -e --rawfile t "$tmp/a2.txt" '.article.text == $t and .article.date == "2017-05-10" and (.attributions | length) >= 2 and (.entities | length) >= 2' "$tmp/body" >/dev/null || bad "article: $(head -c 300 "$tmp/body")"
# an id with markup and a slash (percent-encoded); its text and title come back as JSON strings
req 200 "$U/api/articles/x%3C1%3E%2F2" && head_has 'Content-Type: application/json' &&
  jq -e '.article.title == "<b>Markup</b> <script>alert(1)</script>" and (.article.text | startswith("<script>alert(1)</script>"))' "$tmp/body" >/dev/null || bad "markup article: $(head -c 300 "$tmp/body")"
req 404 "$U/api/articles/nope" && is_json_error
req 404 "$U/api/articles/" && is_json_error
req 405 -X POST --data-binary x "$U/api/articles/a1" && is_json_error
# the server only reads the store
kill -TERM "$PID_C"; wait "$PID_C"
[ "$(cksum < "$tmp/c.db")" = "$sum_before" ] || bad "the store file changed while serving"

# the response cache: a repeated request is a hit; a write to the store makes it a miss again
start D --db "$tmp/c.db"
U=$URL_D
req 200 "$U/api/search?q=budget" && head_has 'X-Cache: miss'
n1=$(jq '.results | length' "$tmp/body")
req 200 "$U/api/search?q=budget" && head_has 'X-Cache: hit'
[ "$(jq '.results | length' "$tmp/body")" = "$n1" ] || bad "cached answer differs"
req 200 "$U/api/search?q=budget&limit=5" && head_has 'X-Cache: miss'
printf '{"id":"a4","date":"2017-06-01","title":"Reply","text":"\\"The budget is fine,\\" Dave Brown said.\\n"}\n' > "$tmp/d.jsonl"
"$BIN" index --fast --db "$tmp/c.db" --jsonl "$tmp/d.jsonl" 2>/dev/null || bad "second index failed"
req 200 "$U/api/search?q=budget" && head_has 'X-Cache: miss'
[ "$(jq '.results | length' "$tmp/body")" = "$((n1 + 1))" ] || bad "cache not invalidated by a write: $(head -c 300 "$tmp/body")"
req 404 "$U/api/speakers/Nobody" && ! grep -qi '^X-Cache' "$tmp/head" || bad "an error was cached"
start E --db "$tmp/c.db" --cache 0
req 200 "$URL_E/api/search?q=budget" && ! grep -qi '^X-Cache' "$tmp/head" || bad "--cache 0 still caches"

# localhost is the IPv4 loopback
start F --listen localhost:0
case $URL_F in http://127.0.0.1:*) req 200 "$URL_F/healthz" ;; *) bad "localhost listened on $URL_F" ;; esac

# a missing or bad database is refused at start
"$BIN" serve --listen 127.0.0.1:0 --db "$tmp/none.db" 2> "$tmp/nodb.log" && bad "started with a missing --db"
grep -q "none.db" "$tmp/nodb.log" || bad "missing --db not reported: $(cat "$tmp/nodb.log")"
"$BIN" serve --listen nonsense 2>/dev/null; [ $? = 2 ] || bad "bad --listen is not a usage error"
"$BIN" serve --threads 0 2>/dev/null; [ $? = 2 ] || bad "--threads 0 is not a usage error"

# a long extraction runs in a worker thread: the event loop answers /healthz meanwhile, and a
# second API request waits its turn in the queue (one worker) and is answered too
FAST= start G --threads 1
yes '"Yes," "no" and "maybe", said Ann.' | head -c 1900000 > "$tmp/big.txt"
( curl -s -o "$tmp/big.out" -w '%{http_code}' --data-binary @"$tmp/big.txt" "$URL_G/api/extract" > "$tmp/big.code"
  date +%s%N > "$tmp/big.t" ) &
bigpid=$!
sleep 0.3
( curl -s -o /dev/null -w '%{http_code}' "$URL_G/api/speakers" > "$tmp/second.code"; date +%s%N > "$tmp/second.t" ) &
secpid=$!
sleep 0.1
req 200 "$URL_G/healthz"; health_t=$(date +%s%N)
wait "$bigpid" "$secpid"
[ "$(cat "$tmp/big.code")" = 200 ] || bad "big extract got $(cat "$tmp/big.code")"
[ "$(cat "$tmp/second.code")" = 503 ] || bad "queued request got $(cat "$tmp/second.code"), want 503 (no corpus)"
[ "$health_t" -lt "$(cat "$tmp/big.t")" ] || bad "/healthz waited for a running extraction"
kill -TERM "$PID_G"; wait "$PID_G"; rc=$?
[ "$rc" = 0 ] || bad "server G exited $rc on SIGTERM"

# SIGTERM stops the server cleanly (exit 0)
kill -TERM "$PID_A"
wait "$PID_A"; rc=$?
[ "$rc" = 0 ] || bad "server A exited $rc on SIGTERM: $(tail -3 "$tmp/A.log")"
grep -q 'stopping' "$tmp/A.log" || bad "no stop message"

echo "serve_api: $nreq requests checked$([ $fail = 0 ] && echo ", all as expected" || echo ", some FAILED")"
exit $fail
