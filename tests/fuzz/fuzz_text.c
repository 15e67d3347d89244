/* fuzz_text.c — the plain-text reader: ws_extract on arbitrary bytes, as a news article (headline
 * line, trailing source domain) and as plain text; every span the document hands out is checked. */
#include <stdint.h>
#include <string.h>

#include "fuzz_check.h"

static ws_pipeline *pipe_;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!pipe_) {
        ws_config cfg = {.fast = 1};
        FUZZ_REQUIRE(ws_pipeline_new(&cfg, &pipe_) == WS_OK);
    }
    static const unsigned layouts[] = {WS_IN_NEWS, WS_IN_PLAIN};
    for (size_t i = 0; i < sizeof layouts / sizeof layouts[0]; i++) {
        ws_doc *doc = NULL;
        ws_status st = ws_extract(pipe_, (const char *)data, size, layouts[i], &doc);
        FUZZ_REQUIRE(st == WS_OK && doc != NULL);
        fuzz_check_doc(doc, (const char *)data, size);
        ws_doc_free(doc);
    }
    return 0;
}
