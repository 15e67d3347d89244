# whosaid — plain Makefile. Targets: all (default), test, asan, eval, bench, demo, clean, format, lint,
# fuzz, leakcheck.
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

.PHONY: all deps test unit asan eval bench test-scale demo clean format lint train fuzz fuzz-build leakcheck
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
	  --epochs 10 --seed 1 --average 3 --pos data/models/pos.model --out data/models/ner.model

demo: whosaid
	./whosaid extract --format table examples/harbour-flood-barrier.txt
	./whosaid index --db whosaid.db examples/
	./whosaid search --db whosaid.db "barrier"
	./whosaid speakers --db whosaid.db

# libFuzzer targets (tests/fuzz/fuzz_*.c, docs/ROBUSTNESS.md): the library and CLI objects built
# with clang and coverage instrumentation in build-fuzz/, each target run FUZZ_SECONDS on a copy of
# its seed corpus tests/fuzz/corpus/NAME/ (new inputs go to build-fuzz/corpus/, crashes to
# build-fuzz/crashes/). FUZZ_TARGETS picks a subset.
FUZZ_SECONDS ?= 60
FUZZ_SRC     = $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_TARGETS ?= $(FUZZ_SRC:tests/fuzz/%.c=%)
FUZZ_FLAGS   = -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_CLI_OBJ = $(filter-out build-fuzz/src/cli/main.o,$(CLI_OBJ:$(BUILD)/%=build-fuzz/%))

build-fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/*.h build-fuzz/libwhosaid.a $(FUZZ_CLI_OBJ)
	clang $(STD) -Iinclude -Isrc/lib -Isrc/cli -Isrc/server $(PKG_CFLAGS) $(FUZZ_FLAGS) -fsanitize=fuzzer \
	  -o $@ $< $(FUZZ_CLI_OBJ) build-fuzz/libwhosaid.a $(LDLIBS)

fuzz-build:
	$(MAKE) BUILD=build-fuzz CC=clang CFLAGS="$(FUZZ_FLAGS) -fsanitize=fuzzer-no-link" \
	  build-fuzz/libwhosaid.a $(FUZZ_CLI_OBJ)
	$(MAKE) BUILD=build-fuzz CC=clang $(FUZZ_TARGETS:%=build-fuzz/%)

fuzz: fuzz-build
	@mkdir -p build-fuzz/crashes
	@for t in $(FUZZ_TARGETS); do \
	  mkdir -p build-fuzz/corpus/$$t; \
	  echo "== $$t ($(FUZZ_SECONDS) s)"; \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 build-fuzz/$$t -max_total_time=$(FUZZ_SECONDS) \
	    -timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
	    -artifact_prefix=build-fuzz/crashes/$$t- build-fuzz/corpus/$$t tests/fuzz/corpus/$$t \
	    2> build-fuzz/$$t.log; rc=$$?; \
	  grep -E '^#[0-9]+[[:space:]]+DONE|stat::number_of_executed_units|stat::average_exec_per_sec' build-fuzz/$$t.log; \
	  if [ $$rc != 0 ]; then tail -60 build-fuzz/$$t.log; echo "fuzz: $$t failed (log: build-fuzz/$$t.log)"; exit 1; fi; \
	done

# The CLI paths under valgrind: any leak or memory error fails (tests/leakcheck.sh).
leakcheck: whosaid
	tests/leakcheck.sh ./whosaid

clean:
	rm -rf build build-asan build-fuzz whosaid

format:
	clang-format -i include/*.h src/*/*.c src/*/*.h tests/unit/*.c

lint:
	cppcheck --quiet --enable=warning,performance,portability --error-exitcode=1 -Iinclude -Isrc/lib src
