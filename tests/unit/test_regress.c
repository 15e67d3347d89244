/* test_regress.c — replays every input under tests/regress/<target>/ through the same code as the
 * fuzz target tests/fuzz/<target>.c (checks included), so each crash a fuzzer found stays fixed.
 * tests/regress/README.md names the bug behind each file; under `make asan` the replay runs with
 * the sanitizers that found it. Inputs for the CLI's JSONL reader are replayed by
 * tests/cli/regress.sh instead. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>

/* Each target's entry point and its static pipeline get their own names. */
#define LLVMFuzzerTestOneInput fuzz_text_one
#define pipe_ text_pipe_
#include "../fuzz/fuzz_text.c"
#undef LLVMFuzzerTestOneInput
#undef pipe_
#define LLVMFuzzerTestOneInput fuzz_pipeline_one
#define pipe_ pipeline_pipe_
#include "../fuzz/fuzz_pipeline.c"
#undef LLVMFuzzerTestOneInput
#undef pipe_
#define LLVMFuzzerTestOneInput fuzz_brat_one
#include "../fuzz/fuzz_brat.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_gold_json_one
#include "../fuzz/fuzz_gold_json.c"
#undef LLVMFuzzerTestOneInput

static const struct {
    const char *dir;
    int (*run)(const uint8_t *, size_t);
} targets[] = {
    {"tests/regress/fuzz_text", fuzz_text_one},
    {"tests/regress/fuzz_pipeline", fuzz_pipeline_one},
    {"tests/regress/fuzz_brat", fuzz_brat_one},
    {"tests/regress/fuzz_gold_json", fuzz_gold_json_one},
};

static int replay_dir(const char *dir, int (*run)(const uint8_t *, size_t), size_t *n)
{
    /* the empty input first, for every target (no tokens, sentences, quotes or records) */
    uint8_t *none = calloc(1, 1);
    if (!none)
        return 1;
    run(none, 0);
    free(none);
    (*n)++;
    DIR *dp = opendir(dir);
    if (!dp) /* no regression inputs for this target (yet) */
        return 0;
    struct dirent *de;
    while ((de = readdir(dp))) {
        if (de->d_name[0] == '.')
            continue;
        char path[512];
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        FILE *f = fopen(path, "rb");
        if (!f) {
            fprintf(stderr, "test_regress: %s: cannot open\n", path);
            closedir(dp);
            return 1;
        }
        static uint8_t buf[1 << 20];
        size_t len = fread(buf, 1, sizeof buf, f);
        fclose(f);
        /* a copy of exactly len bytes, so ASan sees reads past the input's end */
        uint8_t *in = malloc(len ? len : 1);
        if (!in) {
            closedir(dp);
            return 1;
        }
        memcpy(in, buf, len);
        run(in, len);
        free(in);
        (*n)++;
    }
    closedir(dp);
    return 0;
}

int main(void)
{
    size_t n = 0;
    int rc = 0;
    for (size_t i = 0; i < sizeof targets / sizeof targets[0]; i++)
        rc |= replay_dir(targets[i].dir, targets[i].run, &n);
    ws_pipeline_free(text_pipe_);
    ws_pipeline_free(pipeline_pipe_);
    if (n == 0) {
        fprintf(stderr, "test_regress: no inputs under tests/regress/\n");
        return 1;
    }
    printf("test_regress: %zu inputs replayed\n", n);
    return rc;
}
