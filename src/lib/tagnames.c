/* tagnames.c — printable names for POS and NER tag ids (tags.h). */
#include "internal.h"
#include "tags.h"

#define WS_POS_NAME(id, name) name,
static const char *const pos_names[] = {WS_POS_LIST(WS_POS_NAME)};
#undef WS_POS_NAME
_Static_assert(sizeof pos_names / sizeof pos_names[0] == WS_POS_COUNT, "POS table");

const char *ws_pos_name(uint16_t id) { return id < WS_POS_COUNT ? pos_names[id] : ""; }

const char *ws_ner_name(uint16_t id)
{
    static const char *const names[WS_NER_COUNT] = {
        "", "O",
        "B-PER", "I-PER", "L-PER", "U-PER", "B-ORG", "I-ORG", "L-ORG", "U-ORG",
        "B-LOC", "I-LOC", "L-LOC", "U-LOC", "B-MISC", "I-MISC", "L-MISC", "U-MISC",
    };
    return id < WS_NER_COUNT ? names[id] : "";
}
