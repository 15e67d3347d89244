#!/usr/bin/env bash
# tests/leakcheck.sh BIN — the CLI paths under valgrind (make leakcheck): extract on every golden
# input (JSON and table), JSONL input with good and bad records, bad files, dump per stage, tag
# (also with missing models) and extract with truncated models, and eval on tests/fixtures/eval
# (JSON gold + predictions, brat in-process). Any leak (definite, indirect or possible) or memory
# error fails the run; valgrind's own report is printed. Also the store: index, search (also bad
# query syntax), speakers, stats, article, quotes, a corrupt database; and the server.
set -u
BIN=$(realpath "${1:-./whosaid}")
cd "$(dirname "$0")/.."
command -v valgrind > /dev/null || { echo "leakcheck: valgrind not installed (apt-get install valgrind)"; exit 1; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
VG=(valgrind --quiet --leak-check=full --show-leak-kinds=definite,indirect,possible
    --errors-for-leak-kinds=definite,indirect,possible --error-exitcode=99)
fail=0 n=0
# run NAME ARGS...: exit 0, 1 (some inputs are bad on purpose) or 2 (usage), never 99 (valgrind)
run() {
  local name=$1; shift
  n=$((n+1))
  "${VG[@]}" --log-file="$T/vg.log" "$BIN" "$@" > /dev/null 2> "$T/err"; local rc=$?
  if [ $rc -gt 2 ] || [ -s "$T/vg.log" ]; then
    echo "leakcheck: FAIL $name (exit $rc)"; cat "$T/vg.log"; tail -5 "$T/err"; fail=1
  fi
}

printf '{"id":"a","text":"The mayor said the bridge would open in May.","title":"T","url":"u","date":"d","source":"s"}\nnot json\n{"id":"c"}\n\n{"id":7,"text":"\\u201cNo,\\u201d she said. Police said two men were arrested."}\n{"text":"a","text":"b"}\n' > "$T/in.jsonl"
: > "$T/empty.txt"
printf 'bin\0ary' > "$T/binary.txt"
printf 'T\ncaf\xe9 \xff said \xed\xa0\x80 the mayor.\n' > "$T/latin1.txt"

for f in tests/golden/*/*.txt examples/*.txt; do
  run "extract $f" extract "$f"
  run "extract --format table $f" extract --format table "$f"
done
for stage in paragraphs tokens sentences quotes attributions; do
  run "dump --stage $stage" dump --stage "$stage" tests/golden/extract/harbour.txt
done
run "extract JSONL" extract "$T/in.jsonl"
run "extract --fast" extract --fast tests/golden/extract/harbour.txt
run "tag tsv" tag tests/golden/extract/harbour.txt
run "tag json JSONL" tag --format json "$T/in.jsonl"
run "tag missing models" tag --models "$T/nowhere" tests/golden/extract/harbour.txt
head -c 100 data/models/pos.model > "$T/pos.model" && cp "$T/pos.model" "$T/ner.model"
run "extract truncated models" extract --models "$T" tests/golden/extract/harbour.txt
run "extract --jsonl stdin" extract --jsonl - < "$T/in.jsonl"
run "extract bad files" extract "$T/empty.txt" "$T/binary.txt" "$T/latin1.txt" "$T/missing.txt"
run "extract directory" extract tests/golden
run "eval json gold" eval --gold tests/fixtures/eval/json --pred tests/fixtures/eval/pred.jsonl --json
run "eval --errors" eval --gold tests/fixtures/eval/json --pred tests/fixtures/eval/pred.jsonl --errors
run "eval brat in-process" eval --gold tests/fixtures/eval/brat --json
run "eval missing gold" eval --gold "$T/nowhere" --json
run "index" index --db "$T/c.db" tests/golden "$T/in.jsonl"
run "index again (replace)" index --db "$T/c.db" tests/golden/extract
run "search" search --db "$T/c.db" "barrier OR mayor"
run "search bad FTS5 syntax" search --db "$T/c.db" '"unclosed'
run "speakers" speakers --db "$T/c.db"
run "stats json" stats --db "$T/c.db" --format json
run "article" article --db "$T/c.db" a
run "quotes" quotes --db "$T/c.db" --speaker "Ana Ruiz"
printf 'not a database' > "$T/bad.db"
run "corrupt store" search --db "$T/bad.db" mayor
run "usage error" extract --format nope x

# the server under valgrind: API requests through the worker queue (extract, search, speakers,
# errors), cached answers, assets, then SIGTERM; it must stop with exit 0 and a clean report
if command -v curl > /dev/null; then
  n=$((n+1))
  "${VG[@]}" --log-file="$T/vg.log" "$BIN" serve --listen 127.0.0.1:0 --threads 2 --fast --db "$T/c.db" 2> "$T/serve.err" &
  spid=$!
  url=""
  for _ in $(seq 300); do
    url=$(sed -n 's/.*listening on \(http:[^ ]*\).*/\1/p' "$T/serve.err"); [ -n "$url" ] && break; sleep 0.1
  done
  if [ -n "$url" ]; then
    for path in healthz / app.js api/search?q=mayor api/search?q=mayor api/speakers api/speakers/1 \
                api/articles/a api/nope 'api/search?q=%22unclosed'; do
      curl -s -o /dev/null "$url/$path"
    done
    curl -s -o /dev/null --data-binary @tests/golden/extract/harbour.txt "$url/api/extract"
    curl -s -o /dev/null -H 'Content-Type: application/json' --data-binary '{"text":' "$url/api/extract"
  fi
  kill -TERM "$spid"; wait "$spid"; rc=$?
  if [ -z "$url" ] || [ $rc != 0 ] || [ -s "$T/vg.log" ]; then
    echo "leakcheck: FAIL serve (exit $rc)"; cat "$T/vg.log"; tail -5 "$T/serve.err"; fail=1
  fi
fi
echo "leakcheck: $n CLI runs under valgrind, $([ $fail = 0 ] && echo clean || echo FAILED)"
exit $fail
