/* fuzz_gold_json.c — the JSON gold reader (ws_gold_add_json) on arbitrary text + JSON. */
#include <stdint.h>

#include "fuzz_gold.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text, *js;
    size_t tlen, jlen;
    fuzz_split(data, size, &text, &tlen, &js, &jlen);
    ws_gold *g;
    FUZZ_REQUIRE(ws_gold_new(&g) == WS_OK);
    ws_status st = ws_gold_add_json(g, "fuzz", text, tlen, WS_IN_PLAIN, js, jlen);
    fuzz_check_gold(g, st);
    ws_gold_free(g);
    return 0;
}
