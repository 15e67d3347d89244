/* make_model_seeds.c — writes the fuzz_model seed corpus: tiny but valid POS and NER model files
 * (a few feature rows, a tag dictionary, for NER a lexicon) built with the trainer's own
 * ws_tagger_model_build, so every header field and table is in its real format. Run by hand:
 *   cc -std=c11 -Iinclude -Isrc/lib -o /tmp/mms tests/fuzz/make_model_seeds.c build/libwhosaid.a \
 *      $(pkg-config --libs jansson libutf8proc zlib libzstd sqlite3) -lm && /tmp/mms tests/fuzz/corpus/fuzz_model */
#include <stdio.h>
#include <stdlib.h>

#include "tagger.h"

static int write_model(const char *dir, const char *name, int kind, uint32_t ncl, const ws_lexicon *lex)
{
    uint64_t keys[3] = {0x1234567890abcdefULL, 0x0fedcba987654321ULL, 42};
    float weights[3 * 64];
    for (uint32_t i = 0; i < 3 * ncl; i++)
        weights[i] = (float)((int)(i * 7 % 13) - 6) / 3.0f;
    uint64_t td_keys[2] = {0x1111, 0x2222};
    uint16_t td_tags[2] = {1, (uint16_t)(ncl - 1)};
    ws_model_parts p = {kind, ncl, 3, keys, weights, 2, td_keys, td_tags, lex, 0.0f};
    void *buf;
    size_t len;
    if (ws_tagger_model_build(&p, &buf, &len) != WS_OK)
        return 1;
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(buf, 1, len, f) != len || fclose(f) != 0)
        return 1;
    ws_free(buf);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 2)
        return 2;
    uint64_t lk[2] = {ws_lex_step(WS_LEX_SEED, ws_word_low("paris", 5)),
                      ws_lex_step(WS_LEX_SEED, ws_word_low("anna", 4))};
    uint32_t lb[2] = {LX_CAPITAL, LX_FIRST};
    ws_lexicon lex = {0};
    if (!ws_lexicon_build(&lex, lk, lb, 2, 1))
        return 1;
    int rc = write_model(argv[1], "tiny-pos.model", WS_TAGGER_POS, WS_POS_COUNT, NULL) ||
             write_model(argv[1], "tiny-ner.model", WS_TAGGER_NER, WS_NER_COUNT, &lex);
    ws_lexicon_free(&lex);
    return rc;
}
