/* fuzz_model.c — the tagger model loader (src/lib/tagger.c) on arbitrary bytes. The header and
 * payload CRCs are recomputed on a copy first, so mutations reach the table checks behind them
 * (the checksums only catch accidents). A model the loader accepts then tags a short article:
 * a POS model alone, an NER model behind the shipped POS model (data/models/pos.model, when
 * found); nothing it accepts may make tagging read out of bounds. */
#include <stdint.h>
#include <string.h>
#include <zlib.h>

#include "fuzz_check.h"
#include "tagger.h"

enum { HDR = 80 }; /* HEADER_SIZE in tagger.c: CRC of the payload at 72, of bytes 0..76 at 76 */

static ws_tagger_model *real_pos_;
static const char article_[] =
    "Paris talks stall\n“We are not there yet,” Anna Smith, the French minister, told reporters in "
    "Paris on Monday. The United Nations said talks would resume.\n";

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    const char *why;
    if (ws_tagger_model_load("data/models/pos.model", &real_pos_, &why) != WS_OK)
        real_pos_ = NULL; /* NER models are then only loaded, not run */
    return 0;
}

static void put32(unsigned char *p, uint32_t v) { memcpy(p, &v, 4); }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    unsigned char *buf = ws_malloc(size);
    FUZZ_REQUIRE(buf != NULL);
    memcpy(buf, data, size);
    if (size >= HDR) {
        uint64_t plen;
        memcpy(&plen, buf + 56, 8);
        size_t n = plen < size - HDR ? (size_t)plen : size - HDR;
        put32(buf + 72, (uint32_t)crc32(crc32(0L, Z_NULL, 0), buf + HDR, (uInt)n));
        put32(buf + 76, (uint32_t)crc32(crc32(0L, Z_NULL, 0), buf, 76));
    }
    ws_tagger_model *m = NULL;
    const char *why = NULL;
    ws_status st = ws_tagger_model_from_buffer(buf, size, &m, &why); /* takes buf */
    if (st != WS_OK) {
        FUZZ_REQUIRE(st == WS_EFORMAT && why != NULL && m == NULL);
        return 0;
    }
    FUZZ_REQUIRE(m != NULL);
    ws_pipeline p = {0};
    if (ws_tagger_model_kind(m) == WS_TAGGER_POS)
        p.pos = m;
    else if (real_pos_) {
        p.pos = real_pos_;
        p.ner = m;
    }
    if (p.pos) {
        ws_doc *doc = NULL;
        FUZZ_REQUIRE(ws_extract(&p, article_, sizeof article_ - 1, WS_IN_NEWS, &doc) == WS_OK);
        fuzz_check_doc(doc, article_, sizeof article_ - 1);
        const ws_token *t;
        size_t nt = ws_doc_tokens(doc, &t);
        for (size_t i = 0; i < nt; i++)
            FUZZ_REQUIRE(t[i].pos < WS_POS_COUNT && t[i].ner < WS_NER_COUNT);
        fuzz_check_json(doc, NULL);
        ws_doc_free(doc);
    }
    ws_tagger_model_free(m);
    return 0;
}
