/* fuzz_jsonl.c — the CLI's JSONL reader (src/cli/input.c) through its public entry point
 * cli_for_each_doc: the input is written to a file read with --jsonl, and every record it accepts
 * is extracted and written as JSON, which must parse. Messages for bad records go to /dev/null
 * (sanitizer reports use fd 2 directly and still show). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "fuzz_check.h"

static ws_pipeline *pipe_;
static char path_[64];

static int on_doc(const cli_doc *d, void *ctx)
{
    (void)ctx;
    FUZZ_REQUIRE(d->text != NULL && d->meta.id != NULL && d->line > 0);
    ws_doc *doc = NULL;
    ws_status st = ws_extract(pipe_, d->text, d->len, d->flags, &doc);
    if (st == WS_ETOOBIG)
        return 1;
    FUZZ_REQUIRE(st == WS_OK);
    fuzz_check_doc(doc, d->text, d->len);
    fuzz_check_json(doc, &d->meta);
    ws_doc_free(doc);
    return 0;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    ws_config cfg = {.fast = 1};
    FUZZ_REQUIRE(ws_pipeline_new(&cfg, &pipe_) == WS_OK);
    const char *dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    snprintf(path_, sizeof path_, "%s/ws-fuzz-jsonl-%ld", dir, (long)getpid());
    FILE *devnull = fopen("/dev/null", "w");
    if (devnull)
        stderr = devnull;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FILE *f = fopen(path_, "wb");
    FUZZ_REQUIRE(f != NULL);
    FUZZ_REQUIRE(fwrite(data, 1, size, f) == size);
    FUZZ_REQUIRE(fclose(f) == 0);
    char *inputs[] = {path_};
    cli_input_opts o = {0};
    o.jsonl = true;
    cli_for_each_doc(inputs, 1, &o, on_doc, NULL);
    unlink(path_);
    return 0;
}
