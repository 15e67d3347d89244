/* fuzz_brat.c — the PolNeAR brat standoff reader (ws_gold_add_brat) on arbitrary text + .ann. */
#include <stdint.h>

#include "fuzz_gold.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text, *ann;
    size_t tlen, alen;
    fuzz_split(data, size, &text, &tlen, &ann, &alen);
    ws_gold *g;
    FUZZ_REQUIRE(ws_gold_new(&g) == WS_OK);
    ws_status st = ws_gold_add_brat(g, "fuzz", text, tlen, WS_IN_NEWS, ann, alen);
    fuzz_check_gold(g, st);
    ws_gold_free(g);
    return 0;
}
