#!/usr/bin/env bash
# tests/eval.sh BIN [--update-floor | --report] — the accuracy regression floor (issue 3; docs/ACCURACY.md).
# Runs `BIN eval --json` (in-process extraction) on the seed, news-dev and PolNeAR dev from
# ../shared/data and fails when a headline F1 is more than 0.5 points below its floor in
# tests/accuracy-floor.tsv (corpus, metric, F1 in percent). --update-floor writes the current
# numbers as the new floor: do it, and commit the file, with every accuracy improvement.
# --report prints the markdown tables of docs/ACCURACY.md (also PolNeAR train) instead.
# Without the data it prints "skipped: dataset not found" and succeeds.
set -u
BIN=${1:-./whosaid}
UPDATE=0 REPORT=0
[ "${2:-}" = --update-floor ] && UPDATE=1
[ "${2:-}" = --report ] && REPORT=1
case "$BIN" in /*) ;; *) BIN="$PWD/$BIN" ;; esac
cd "$(dirname "$0")/.."
DATA=${WHOSAID_DATA:-../shared/data}   # overridable, e.g. to check the skip
FLOOR=tests/accuracy-floor.tsv
TOLERANCE=0.5

# corpus | eval arguments | headline metrics (paths into the --json object)
CORPORA=(
  "seed|--gold $DATA/seed|attribution.soft.f attribution.e2e.f"
  "news-dev|--gold $DATA/news-dev|attribution.soft.f attribution.e2e.f"
  "polnear-dev|--gold $DATA/polnear/dev|roles.source.exact.f roles.cue.exact.f roles.content.exact.f attribution.soft.f attribution.e2e.f"
)

if [ ! -d "$DATA" ]; then
  echo "eval: skipped: dataset not found ($DATA)"
  exit 0
fi

# metric JSON a.b.c: the number at that path (the object's keys are unique along each path)
metric() {
  local s=$1 k
  IFS=. read -ra keys <<< "$2"
  for k in "${keys[@]}"; do
    [[ $s == *"\"$k\":"* ]] || { echo "missing"; return; }
    s=${s#*\"$k\":}
  done
  echo "${s%%[,\}]*}"
}

pct() { awk -v v="$1" 'BEGIN { printf "%.1f", v * 100 }'; }

# --report: per-attribution and per-role tables for every corpus, numbers in percent
report() {
  local corpora=("${CORPORA[@]}" "polnear-train|--gold $DATA/polnear/train|")
  local rows1="" rows2="" entry corpus args dir json m r
  for entry in "${corpora[@]}"; do
    IFS='|' read -r corpus args _ <<< "$entry"
    dir=${args#--gold }
    [ -d "$dir" ] || continue
    # shellcheck disable=SC2086
    json=$("$BIN" eval $args --json) || return 1
    r="| $corpus | $(metric "$json" gold) | $(metric "$json" pred)"
    for m in attribution.soft.p attribution.soft.r attribution.soft.f attribution.e2e.f attribution.speaker_accuracy \
             recall_by_kind.direct recall_by_kind.mixed recall_by_kind.indirect; do
      r+=" | $(pct "$(metric "$json" "$m")")"
    done
    rows1+="$r |"$'\n'
    r="| $corpus"
    for m in source cue content; do
      for k in exact trimmed jaccard; do r+=" | $(pct "$(metric "$json" "roles.$m.$k.f")")"; done
    done
    rows2+="$r |"$'\n'
  done
  echo "| corpus | gold | pred | soft P | soft R | soft F1 | e2e F1 | speaker acc. | recall direct | recall mixed | recall indirect |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  printf '%s' "$rows1"
  echo
  echo "| corpus | source exact | source trimmed | source J≥.5 | cue exact | cue trimmed | cue J≥.5 | content exact | content trimmed | content J≥.5 |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  printf '%s' "$rows2"
}

floor_of() { awk -F'\t' -v c="$1" -v m="$2" '$1 == c && $2 == m { print $3 }' "$FLOOR" 2>/dev/null; }

if [ "$REPORT" = 1 ]; then
  report
  exit
fi

fail=0 checked=0
new_floor=$(printf '# corpus\tmetric\tF1 in percent: `make eval` fails below value - %s (tests/eval.sh --update-floor)\n' "$TOLERANCE")
for entry in "${CORPORA[@]}"; do
  IFS='|' read -r corpus args metrics <<< "$entry"
  dir=${args#--gold }
  if [ ! -d "$dir" ]; then
    echo "eval: $corpus: skipped: dataset not found ($dir)"
    continue
  fi
  # shellcheck disable=SC2086
  if ! json=$("$BIN" eval $args --json); then
    echo "FAIL eval: $corpus: whosaid eval failed"
    fail=1
    continue
  fi
  for m in $metrics; do
    v=$(metric "$json" "$m")
    if [ "$v" = missing ]; then
      echo "FAIL eval: $corpus: no $m in the output"; fail=1; continue
    fi
    pct=$(pct "$v")
    new_floor+=$(printf '\n%s\t%s\t%s' "$corpus" "$m" "$pct")
    f=$(floor_of "$corpus" "$m")
    checked=$((checked + 1))
    if [ -z "$f" ]; then
      echo "eval: $corpus $m = $pct (no floor)"
    elif awk -v v="$pct" -v f="$f" -v t="$TOLERANCE" 'BEGIN { exit !(v < f - t - 1e-9) }'; then
      echo "FAIL eval: $corpus $m = $pct, more than $TOLERANCE below the floor $f"
      fail=1
    else
      echo "eval: $corpus $m = $pct (floor $f)"
    fi
  done
done

if [ "$UPDATE" = 1 ]; then
  printf '%s\n' "$new_floor" > "$FLOOR"
  echo "eval: wrote the current numbers to $FLOOR"
  exit 0
fi
echo "eval: $checked headline metrics checked, $([ $fail = 0 ] && echo "none below the floor" || echo "REGRESSION")"
[ "$fail" = 0 ]
