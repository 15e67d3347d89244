#!/usr/bin/env bash
# bench/tagger.sh BIN — tagging speed (tokens per CPU second, one core) of data/models/{pos,ner}.model
# over the PolNeAR dev articles, tokenised once beforehand; then `whosaid tag` end to end.
set -u
BIN=${1:-./whosaid}
cd "$(dirname "$0")/.."
TEXTS=../shared/data/polnear/dev/text
if [ ! -d "$TEXTS" ]; then echo "skipped: dataset not found ($TEXTS)"; exit 0; fi
if [ ! -f data/models/pos.model ] || [ ! -f data/models/ner.model ]; then
  echo "skipped: no models in data/models (make train)"; exit 0
fi
BUILD=${BUILD:-build}
make -s "$BUILD/bench/tagger_bench" >/dev/null || exit 1
"$BUILD/bench/tagger_bench" data/models "$TEXTS"/*.txt
# end to end (read, tokenise, split, tag, print), CPU seconds of the whole command
/usr/bin/env time -f "whosaid tag (all stages, TSV out): %U s user, %S s sys" \
  "$BIN" tag --models data/models "$TEXTS" > /dev/null
