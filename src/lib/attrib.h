/* attrib.h — what attrib.c (frames) hands to coref.c (speakers and entities). */
#ifndef WS_ATTRIB_H
#define WS_ATTRIB_H

#include "internal.h"

/* An attribution before its speaker is resolved: token spans, in the document's tokens. */
typedef struct {
    ws_kind kind;
    ws_class cls;
    uint32_t c0, c1;          /* content bytes */
    uint32_t cue0, cue1;      /* cue tokens [cue0, cue1); cue0 == WS_NONE when absent */
    uint32_t src0, src1;      /* source tokens; src0 == WS_NONE when absent */
    int32_t inherit;          /* index of the candidate whose speaker this one continues, or -1 */
    int32_t qchain;           /* first quote of the quote chain that is the content, or -1 */
    uint32_t sent;            /* sentence index of the cue (or of the content when no cue) */
    float conf;
    uint32_t gap0, gap1;      /* bytes of an inserted "he said," left out of the content; 0 0 if none */
    int32_t entity;           /* filled by coref */
} ws_cand;

/* Resolves the speakers of cands[0..n) into entities (d->ents) and fills d->attrs. */
ws_status ws_coref(ws_doc *d, ws_cand *cands, uint32_t n);

/* Lower-cases token i into buf (ASCII letters only; other bytes copied); returns the length, 0 if
 * the token does not fit (buf is then the empty string). Bytes of buf after the NUL, up to cap,
 * may be overwritten. */
size_t ws_tok_lower(const ws_doc *d, uint32_t i, char *buf, size_t cap);

/* Word classes (cue.h WC_*) of token i, from the per-document cache once attrib.c has filled it. */
uint32_t ws_tok_wclass(const ws_doc *d, uint32_t i);

#endif
