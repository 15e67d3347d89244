/* fuzz_check.h — invariants every fuzz target checks on a document: every span the library hands
 * out lies inside the text and is ordered, every index points at an existing item, and the JSON
 * output parses. A broken invariant aborts, which libFuzzer reports as a crash with its input. */
#ifndef WS_FUZZ_CHECK_H
#define WS_FUZZ_CHECK_H

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "whosaid.h"

#define FUZZ_REQUIRE(c)                                                                            \
    do {                                                                                           \
        if (!(c)) {                                                                                \
            dprintf(2, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #c);\
            abort();                                                                               \
        }                                                                                          \
    } while (0)

static inline void fuzz_span(ws_span s, size_t len, int may_be_absent)
{
    if (s.start == WS_NONE) {
        FUZZ_REQUIRE(may_be_absent);
        return;
    }
    FUZZ_REQUIRE(s.start <= s.end && s.end <= len);
}

/* Checks every accessor of doc against the text it was made from. */
static inline void fuzz_check_doc(const ws_doc *doc, const char *in, size_t inlen)
{
    size_t len;
    const char *text = ws_doc_text(doc, &len);
    FUZZ_REQUIRE(len == inlen && text[len] == '\0');
    FUZZ_REQUIRE(len == 0 || memcmp(text, in, len) == 0);
    fuzz_span(ws_doc_title(doc), len, 1);
    fuzz_span(ws_doc_source_domain(doc), len, 1);

    const ws_token *t;
    size_t nt = ws_doc_tokens(doc, &t);
    for (size_t i = 0; i < nt; i++) {
        FUZZ_REQUIRE(t[i].start < t[i].end && t[i].end <= len);
        FUZZ_REQUIRE(i == 0 || t[i - 1].end <= t[i].start);
    }
    const ws_span *s;
    size_t ns = ws_doc_sentences(doc, &s);
    for (size_t i = 0; i < ns; i++) {
        fuzz_span(s[i], len, 0);
        FUZZ_REQUIRE(i == 0 || s[i - 1].end <= s[i].start);
    }
    size_t np = ws_doc_paragraphs(doc, &s);
    for (size_t i = 0; i < np; i++) {
        fuzz_span(s[i], len, 0);
        FUZZ_REQUIRE(i == 0 || s[i - 1].end <= s[i].start);
    }
    const ws_quotation *q;
    size_t nq = ws_doc_quotes(doc, &q);
    for (size_t i = 0; i < nq; i++) {
        fuzz_span(q[i].span, len, 0);
        FUZZ_REQUIRE(q[i].next == -1 || (q[i].next >= 0 && (size_t)q[i].next < nq));
    }
    const ws_warning *w;
    size_t nw = ws_doc_warnings(doc, &w);
    for (size_t i = 0; i < nw; i++)
        FUZZ_REQUIRE(w[i].offset <= len && w[i].message != NULL);
    const ws_entity *e;
    size_t ne = ws_doc_entities(doc, &e);
    for (size_t i = 0; i < ne; i++) {
        FUZZ_REQUIRE(e[i].name != NULL);
        FUZZ_REQUIRE(e[i].nmentions == 0 || e[i].mentions != NULL);
        for (uint32_t k = 0; k < e[i].nmentions; k++)
            fuzz_span(e[i].mentions[k], len, 0);
    }
    const ws_attribution *a;
    size_t na = ws_doc_attributions(doc, &a);
    FUZZ_REQUIRE(na <= WS_MAX_ATTRIBUTIONS);
    for (size_t i = 0; i < na; i++) {
        FUZZ_REQUIRE((unsigned)a[i].kind <= WS_INDIRECT && (unsigned)a[i].cls <= WS_OTHER);
        fuzz_span(a[i].content, len, 0);
        fuzz_span(a[i].cue, len, 1);
        fuzz_span(a[i].source, len, 1);
        FUZZ_REQUIRE(a[i].entity == -1 || (a[i].entity >= 0 && (size_t)a[i].entity < ne));
        FUZZ_REQUIRE(a[i].confidence >= 0.0f && a[i].confidence <= 1.0f);
        FUZZ_REQUIRE(a[i].nsegments == 0 || a[i].segments != NULL);
        for (uint32_t k = 0; k < a[i].nsegments; k++)
            fuzz_span(a[i].segments[k], len, 0);
    }
}

/* The document's JSON must parse and hold as many attributions and entities as the accessors. */
static inline void fuzz_check_json(const ws_doc *doc, const ws_meta *meta)
{
    char *js;
    size_t jl;
    ws_status st = ws_doc_to_json(doc, meta, &js, &jl);
    FUZZ_REQUIRE(st == WS_OK);
    FUZZ_REQUIRE(strlen(js) == jl);
    json_error_t err;
    json_t *o = json_loadb(js, jl, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &err);
    if (!o)
        dprintf(2, "not JSON: %s at %d: %.200s\n", err.text, err.position, js);
    FUZZ_REQUIRE(o != NULL && json_is_object(o));
    const ws_attribution *a;
    const ws_entity *e;
    FUZZ_REQUIRE(json_array_size(json_object_get(o, "attributions")) == ws_doc_attributions(doc, &a));
    FUZZ_REQUIRE(json_array_size(json_object_get(o, "entities")) == ws_doc_entities(doc, &e));
    json_decref(o);
    ws_free(js);
}

#endif
