/* eval.h — what gold.c (gold readers) and score.c (the scorer) share: the gold corpus layout. */
#ifndef WS_EVAL_H
#define WS_EVAL_H

#include "internal.h"

typedef struct {
    char *name;                 /* file stem */
    char *text;                 /* NUL-terminated */
    uint32_t len;               /* bytes */
    unsigned flags;             /* WS_IN_* */
    uint32_t *char_of;          /* len + 1 entries: code point index at each byte offset */
    ws_gold_attribution *attrs;
    uint32_t nattrs;
} ws_gold_doc;

struct ws_gold {
    ws_arena arena;             /* texts, names, attributions, segments */
    ws_gold_doc *docs;          /* heap array */
    size_t ndocs, cap;
    char err[512];
};

#endif /* WS_EVAL_H */
