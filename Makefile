# whosaid — plain Makefile. Targets: all (default), test, asan, eval, bench, demo, clean, format, lint.
CC      ?= cc
CFLAGS  ?= -O2 -g
STD      = -std=c11 -Wall -Wextra -Werror -pedantic -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
PKGS     = sqlite3 jansson libmicrohttpd libutf8proc zlib libzstd
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
BUILD   ?= build
ALL_CFLAGS = $(STD) -Iinclude -Isrc/lib $(PKG_CFLAGS) $(CFLAGS)
LDLIBS   = $(PKG_LIBS) -lpthread -lm

LIB_SRC  = $(sort $(wildcard src/lib/*.c))
CLI_SRC  = $(sort $(wildcard src/cli/*.c))
SRV_SRC  = $(sort $(wildcard src/server/*.c))
WEB_SRC  = $(sort $(wildcard src/server/web/*))
LIB_OBJ  = $(LIB_SRC:%.c=$(BUILD)/%.o)
SRV_OBJ  = $(SRV_SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/web_assets.o
CLI_OBJ  = $(CLI_SRC:%.c=$(BUILD)/%.o) $(SRV_OBJ)
UNIT_SRC = $(sort $(wildcard tests/unit/*.c))
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

.PHONY: all deps test unit asan eval bench test-scale demo clean format lint train
all: whosaid

$(BUILD)/.deps: scripts/deps.sh
	@mkdir -p $(BUILD)
	@scripts/deps.sh
	@touch $@
deps: $(BUILD)/.deps

$(BUILD)/%.o: %.c include/whosaid.h $(wildcard src/lib/*.h) | $(BUILD)/.deps
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

# The web page's files, embedded into the binary as srv_assets[] (src/server/server.h).
$(BUILD)/gen/web_assets.c: src/server/embed.sh $(WEB_SRC)
	@mkdir -p $(dir $@)
	src/server/embed.sh $@ $(WEB_SRC)
$(BUILD)/gen/web_assets.o: $(BUILD)/gen/web_assets.c src/server/server.h include/whosaid.h
	$(CC) $(ALL_CFLAGS) -Isrc/server -c $< -o $@
$(CLI_OBJ): src/server/server.h src/cli/cli.h  # the CLI shares cli.h: a change must rebuild every user

$(BUILD)/libwhosaid.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

$(BUILD)/whosaid: $(CLI_OBJ) $(BUILD)/libwhosaid.a
	$(CC) $(CFLAGS) -o $@ $(CLI_OBJ) $(BUILD)/libwhosaid.a $(LDLIBS)

whosaid: $(BUILD)/whosaid
	cp $< $@

# test_server drives the server's request handler directly, so it links the server's objects too.
$(BUILD)/tests/test_server: tests/unit/test_server.c $(SRV_OBJ) $(BUILD)/libwhosaid.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(SRV_OBJ) $(BUILD)/libwhosaid.a $(LDLIBS)

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libwhosaid.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(BUILD)/libwhosaid.a $(LDLIBS)

# jsonl_fast.c includes src/cli/input.c (to test its static parser against jansson)
$(BUILD)/tests/jsonl_fast: src/cli/input.c src/cli/cli.h

unit: $(UNIT_BIN)
	@for t in $(UNIT_BIN); do $$t || exit 1; done

test: whosaid unit
	@tests/run.sh ./whosaid
	@$(MAKE) --no-print-directory eval

# The whole suite under AddressSanitizer + UndefinedBehaviorSanitizer, in its own build dir.
asan:
	$(MAKE) BUILD=build-asan CC=clang \
	  CFLAGS="-O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer" \
	  build-asan/whosaid unit
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 tests/run.sh build-asan/whosaid
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 tests/eval.sh build-asan/whosaid

eval: whosaid
	@tests/eval.sh ./whosaid

# BENCH="extract ..." runs only those bench/*.sh scripts.
bench: whosaid $(BUILD)/bench/tagger_bench
	@bench/run.sh ./whosaid $(BENCH)

# The scale-out contract on Dask distributed and GNU parallel (docs/SCALING.md).
test-scale: whosaid
	@scripts/deps.sh scale
	@tests/scale/run.sh ./whosaid

# Benchmark programs that time library internals (bench/*.c, linked like the unit tests).
$(BUILD)/bench/%: bench/%.c $(BUILD)/libwhosaid.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(BUILD)/libwhosaid.a $(LDLIBS)

# Rebuild the tagger models in data/models from the shared CoreNLP annotations (docs/ACCURACY.md).
SHARED ?= ../shared/data
train: whosaid
	@mkdir -p data/models
	./whosaid train pos --data $(SHARED)/polnear-corenlp/train.tsv.gz --dev $(SHARED)/polnear-corenlp/dev.tsv.gz \
	  --epochs 6 --seed 1 --out data/models/pos.model
	./whosaid train ner --data $(SHARED)/polnear-corenlp/train.tsv.gz --dev $(SHARED)/polnear-corenlp/dev.tsv.gz \
	  --epochs 10 --seed 1 --pos data/models/pos.model --out data/models/ner.model

demo: whosaid
	./whosaid extract --format table examples/harbour-flood-barrier.txt
	./whosaid index --db whosaid.db examples/
	./whosaid search --db whosaid.db "barrier"
	./whosaid speakers --db whosaid.db

clean:
	rm -rf build build-asan whosaid

format:
	clang-format -i include/*.h src/*/*.c src/*/*.h tests/unit/*.c

lint:
	cppcheck --quiet --enable=warning,performance,portability --error-exitcode=1 -Iinclude -Isrc/lib src
