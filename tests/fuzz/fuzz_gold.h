/* fuzz_gold.h — shared by the gold-reader targets: the input is TEXT, a line "@@@", then the gold
 * (brat standoff or gold JSON); without the separator the whole input serves as both. Every gold
 * span read must lie inside the text, segments sorted and disjoint. */
#ifndef WS_FUZZ_GOLD_H
#define WS_FUZZ_GOLD_H

#include <string.h>

#include "fuzz_check.h"

static void fuzz_split(const uint8_t *data, size_t size, const char **text, size_t *tlen,
                       const char **gold, size_t *glen)
{
    static const char sep[] = "\n@@@\n";
    const char *p = (const char *)data;
    *text = *gold = p;
    *tlen = *glen = size;
    for (size_t i = 0; i + sizeof sep - 1 <= size; i++) {
        if (!memcmp(p + i, sep, sizeof sep - 1)) {
            *tlen = i;
            *gold = p + i + sizeof sep - 1;
            *glen = size - i - (sizeof sep - 1);
            return;
        }
    }
}

static void fuzz_gold_span(const ws_gold_span *s, size_t len)
{
    fuzz_span(s->span, len, 1);
    if (s->span.start == WS_NONE)
        return;
    FUZZ_REQUIRE(s->nsegments != 1);
    FUZZ_REQUIRE(s->nsegments == 0 || s->segments != NULL);
    for (uint32_t k = 0; k < s->nsegments; k++) {
        fuzz_span(s->segments[k], len, 0);
        FUZZ_REQUIRE(s->segments[k].start >= s->span.start && s->segments[k].end <= s->span.end);
        FUZZ_REQUIRE(k == 0 || s->segments[k - 1].end <= s->segments[k].start);
    }
}

/* Checks what was read, then scores a fixed prediction against it so the scorer sees the spans. */
static void fuzz_check_gold(ws_gold *g, ws_status st)
{
    if (st != WS_OK) {
        FUZZ_REQUIRE(st == WS_EFORMAT || st == WS_ETOOBIG || st == WS_EINVAL);
        FUZZ_REQUIRE(ws_gold_error(g)[0] != '\0');
    }
    for (size_t d = 0; d < ws_gold_ndocs(g); d++) {
        size_t len;
        const char *text = ws_gold_doc_text(g, d, &len);
        FUZZ_REQUIRE(text != NULL);
        const ws_gold_attribution *a;
        size_t na = ws_gold_doc_attributions(g, d, &a);
        for (size_t i = 0; i < na; i++) {
            fuzz_gold_span(&a[i].content, len);
            fuzz_gold_span(&a[i].source, len);
            fuzz_gold_span(&a[i].cue, len);
            FUZZ_REQUIRE((unsigned)a[i].kind <= WS_INDIRECT);
        }
        ws_eval *ev;
        FUZZ_REQUIRE(ws_eval_new(NULL, &ev) == WS_OK);
        ws_attribution pred = {0};
        pred.content = (ws_span){0, (uint32_t)(len / 2)};
        pred.cue = pred.source = (ws_span){WS_NONE, WS_NONE};
        pred.entity = -1;
        FUZZ_REQUIRE(ws_eval_add(ev, g, d, &pred, 1, NULL, 0) == WS_OK);
        ws_eval_result r;
        ws_eval_get(ev, &r);
        char *js;
        size_t jl;
        FUZZ_REQUIRE(ws_eval_result_json(&r, &js, &jl) == WS_OK);
        ws_free(js);
        ws_eval_free(ev);
    }
}

#endif
