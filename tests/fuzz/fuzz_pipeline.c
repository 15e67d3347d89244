/* fuzz_pipeline.c — the full extraction pipeline and its JSON output: the input's first byte picks
 * the layout and which metadata strings (taken from the input itself, so they hold any bytes) go
 * into ws_doc_to_json; the output must parse with jansson and agree with the accessors. The
 * pipeline has the POS and NER taggers of data/models when run from the repository root. */
#include <stdint.h>
#include <string.h>

#include "fuzz_check.h"

static ws_pipeline *pipe_;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!pipe_) {
        /* the shipped taggers when run from the repository root (make fuzz), else rules only */
        ws_config cfg = {.model_dir = "data/models"};
        if (ws_pipeline_new(&cfg, &pipe_) != WS_OK)
            FUZZ_REQUIRE(ws_pipeline_new(&(ws_config){.fast = 1}, &pipe_) == WS_OK);
        dprintf(2, "fuzz_pipeline: taggers %s\n", ws_pipeline_has_taggers(pipe_) ? "on" : "off");
    }
    if (size < 1)
        return 0;
    unsigned ctl = data[0];
    const char *text = (const char *)data + 1;
    size_t len = size - 1;
    ws_doc *doc = NULL;
    ws_status st = ws_extract(pipe_, text, len, (ctl & 1) ? WS_IN_NEWS : WS_IN_PLAIN, &doc);
    FUZZ_REQUIRE(st == WS_OK && doc != NULL);
    fuzz_check_doc(doc, text, len);

    /* metadata: the first line of the text, NUL-terminated (bytes may be invalid UTF-8) */
    char meta_s[256];
    size_t ml = 0;
    while (ml < len && ml < sizeof meta_s - 1 && text[ml] != '\n' && text[ml] != '\0')
        ml++;
    memcpy(meta_s, text, ml);
    meta_s[ml] = '\0';
    ws_meta m = {0};
    m.id = (ctl & 2) ? meta_s : NULL;
    m.title = (ctl & 4) ? meta_s : NULL;
    m.url = (ctl & 8) ? meta_s : NULL;
    m.date = (ctl & 16) ? meta_s : NULL;
    m.source = (ctl & 32) ? meta_s : NULL;
    fuzz_check_json(doc, (ctl & 64) ? NULL : &m);
    ws_doc_free(doc);
    return 0;
}
