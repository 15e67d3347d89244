/* test_eval.c — the gold readers and the scorer on hand-built cases with known P/R/F1: non-ASCII
 * offsets, discontinuous spans, optional items, empty predictions, one-to-one matching, speakers,
 * the quoted subset, fixture folders (tests/fixtures/eval) and allocation failures. */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "whosaid.h"

#include "check.h"
#define NEAR(a, b) CHECK(fabs((double)(a) - (double)(b)) < 1e-9)

/* Byte span of the n-th (0-based) occurrence of sub in text. */
static ws_span find(const char *text, const char *sub, int n)
{
    const char *p = text;
    for (;;) {
        p = strstr(p, sub);
        if (!p)
            return (ws_span){WS_NONE, WS_NONE};
        if (n-- == 0)
            break;
        p++;
    }
    return (ws_span){(uint32_t)(p - text), (uint32_t)(p - text + strlen(sub))};
}

static ws_attribution pred(ws_kind kind, ws_span content, ws_span cue, ws_span source, int32_t entity)
{
    ws_attribution a;
    memset(&a, 0, sizeof a);
    a.kind = kind;
    a.content = content;
    a.cue = cue;
    a.source = source;
    a.entity = entity;
    return a;
}

static const ws_span NONE = {WS_NONE, WS_NONE};

/* ---- offsets ---- */

static void test_offsets(void)
{
    const char *t = "Zoë “hi” 😀!"; /* Z o ë(2) sp “(3) h i ”(3) sp 😀(4) ! */
    size_t n = strlen(t);
    CHECK(n == 19);
    CHECK(ws_utf8_char_to_byte(t, n, 0) == 0);
    CHECK(ws_utf8_char_to_byte(t, n, 3) == 4);  /* after ë */
    CHECK(ws_utf8_char_to_byte(t, n, 5) == 8);  /* h, after “ */
    CHECK(ws_utf8_char_to_byte(t, n, 9) == 14); /* 😀 */
    CHECK(ws_utf8_char_to_byte(t, n, 10) == 18);
    CHECK(ws_utf8_char_to_byte(t, n, 11) == 19); /* the end */
    CHECK(ws_utf8_char_to_byte(t, n, 12) == WS_NONE);
    CHECK(ws_utf8_byte_to_char(t, n, 14) == 9);
    CHECK(ws_utf8_byte_to_char(t, n, 19) == 11);
    CHECK(ws_utf8_byte_to_char(t, n, 20) == WS_NONE);
    /* an invalid byte counts as one code point */
    CHECK(ws_utf8_char_to_byte("a\xff" "b", 3, 2) == 2);
}

/* ---- JSON gold ---- */

static const char news[] = "Trump says Putin was “extremely strong”\n"
                           "“We had a great meeting,” Mr Trump told reporters in Helsinki.\n"
                           "Critics believe the plan is late.\n";

static void test_json_gold(void)
{
    /* char offsets: “ and ” are one character each, three bytes */
    const char *js = "{\"doc\":\"n.txt\",\"offsets\":\"chars\",\"attributions\":["
                     "{\"kind\":\"mixed\",\"content\":[11,39],\"source\":[0,5],\"cue\":[6,10],"
                     "\"speaker\":\"Donald Trump\",\"speaker_kind\":\"person\"},"
                     "{\"kind\":\"direct\",\"content\":[40,65],\"source\":[66,74],\"cue\":[75,79],"
                     "\"speaker\":\"Donald Trump\",\"speaker_kind\":\"person\","
                     "\"content_segments\":[[40,65]]},"
                     "{\"kind\":\"indirect\",\"content\":[119,135],\"source\":null,\"cue\":[111,118],"
                     "\"speaker\":null,\"optional\":true}]}";
    ws_gold *g;
    CHECK(ws_gold_new(&g) == WS_OK);
    CHECK(ws_gold_add_json(g, "n", news, strlen(news), WS_IN_NEWS, js, strlen(js)) == WS_OK);
    CHECK(ws_gold_ndocs(g) == 1);
    CHECK(ws_gold_find(g, "n") == 0 && ws_gold_find(g, "m") == -1);
    const ws_gold_attribution *a;
    CHECK(ws_gold_doc_attributions(g, 0, &a) == 3);
    ws_span c0 = find(news, "Putin was “extremely strong”", 0);
    CHECK(a[0].content.span.start == c0.start && a[0].content.span.end == c0.end);
    CHECK(a[0].content.nsegments == 0);
    ws_span c1 = find(news, "“We had a great meeting,”", 0), s1 = find(news, "Mr Trump", 0);
    CHECK(a[1].content.span.start == c1.start && a[1].content.span.end == c1.end);
    CHECK(a[1].content.nsegments == 0); /* a single segment is a plain span */
    CHECK(a[1].source.span.start == s1.start && a[1].source.span.end == s1.end);
    CHECK(a[1].kind == WS_DIRECT && a[1].speaker_kind == WS_PERSON && !strcmp(a[1].speaker, "Donald Trump"));
    CHECK(a[2].source.span.start == WS_NONE && a[2].speaker == NULL && a[2].optional);
    ws_span c2 = find(news, "the plan is late", 0);
    CHECK(a[2].content.span.start == c2.start && a[2].content.span.end == c2.end);

    /* "offsets": "bytes" is taken as is */
    char bj[256];
    snprintf(bj, sizeof bj, "{\"offsets\":\"bytes\",\"attributions\":[{\"kind\":\"direct\",\"content\":[%u,%u]}]}",
             c1.start, c1.end);
    CHECK(ws_gold_add_json(g, "b", news, strlen(news), WS_IN_NEWS, bj, strlen(bj)) == WS_OK);
    CHECK(ws_gold_doc_attributions(g, 1, &a) == 1);
    CHECK(a[0].content.span.start == c1.start && a[0].content.span.end == c1.end);
    CHECK(a[0].source.span.start == WS_NONE && a[0].cue.span.start == WS_NONE);

    /* malformed gold is refused with the file and the attribution named */
    static const char *const bad[] = {
        "{\"attributions\":[{\"kind\":\"direct\",\"content\":[5,500]}]}",   /* past the text */
        "{\"attributions\":[{\"kind\":\"said\",\"content\":[0,5]}]}",       /* bad kind */
        "{\"attributions\":[{\"kind\":\"direct\",\"content\":[9,5]}]}",     /* end < start */
        "{\"attributions\":[{\"kind\":\"direct\"}]}",                       /* no content */
        "{\"attributions\":[{\"kind\":\"direct\",\"content\":[0,5],\"cue\":\"x\"}]}",
        "{\"offsets\":\"words\",\"attributions\":[]}",
        "{\"attributions\":{}}",
        "[1,2",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        CHECK(ws_gold_add_json(g, "bad", news, strlen(news), 0, bad[i], strlen(bad[i])) == WS_EFORMAT);
        CHECK(strncmp(ws_gold_error(g), "bad", 3) == 0);
    }
    CHECK(ws_gold_ndocs(g) == 2); /* nothing half-added */
    CHECK(strstr(ws_gold_error(g), "not JSON") != NULL);
    ws_gold_free(g);
    ws_gold_free(NULL);
}

/* ---- brat ---- */

static const char btext[] = "“The bridge is closed,” said Zoë Müller. “It will reopen in May.”\n"
                            "The council said that repairs would cost €2 million.\n"
                            "Critics say the ‘plan’ is late, voters’ views aside.\n";

static void test_brat(void)
{
    /* code points: “The bridge is closed,” = 0..23, said 24..28, Zoë Müller 29..39,
     * “It will reopen in May.” 41..65; line 2 starts at 66 */
    const char *ann = "T1\tContent 0 23;41 65\t“The bridge is closed,” “It will reopen in May.”\n"
                      "T2\tCue 24 28\tsaid\n"
                      "T3\tSource 29 39\tZoë Müller\n"
                      "T4\tAttribution 24 28\tsaid\n"
                      "E1\tAttribution:T4 Content:T1 Cue:T2 Source:T3\n"
                      "T5\tSource 66 77\tThe council\n"
                      "T6\tCue 78 82\tsaid\n"
                      "T7\tContent 88 106\trepairs would cost\n"
                      "T8\tContent 107 117\t€2 million\n"
                      "T9\tAttribution 78 82\tsaid\n"
                      "#1\tAnnotatorNotes T9\tnote\n"
                      "E2\tAttribution:T9 Source:T5 Cue:T6 Content:T7 Content2:T8\n"
                      "T10\tDiscuss 0 5\tline one\n"
                      "continued surface\n"
                      "T11\tAttribution-no-source 24 28\tsaid\n"
                      "E3\tAttribution-no-source:T11\n"
                      "T12\tContent 131 170\tthe ‘plan’ is late, voters’ views aside\n"
                      "T13\tCue 127 130\tsay\n"
                      "T14\tAttribution 127 130\tsay\n"
                      "E4\tAttribution-no-source:T14 Cue:T13 Content:T12\n";
    ws_gold *g;
    CHECK(ws_gold_new(&g) == WS_OK);
    CHECK(ws_gold_add_brat(g, "b", btext, strlen(btext), WS_IN_NEWS, ann, strlen(ann)) == WS_OK);
    const ws_gold_attribution *a;
    CHECK(ws_gold_doc_attributions(g, 0, &a) == 3); /* E3 has no content */
    /* E1: discontinuous content, sorted by content start */
    ws_span q1 = find(btext, "“The bridge is closed,”", 0), q2 = find(btext, "“It will reopen in May.”", 0);
    CHECK(a[0].content.nsegments == 2);
    CHECK(a[0].content.segments[0].start == q1.start && a[0].content.segments[0].end == q1.end);
    CHECK(a[0].content.segments[1].start == q2.start && a[0].content.segments[1].end == q2.end);
    CHECK(a[0].content.span.start == q1.start && a[0].content.span.end == q2.end);
    ws_span z = find(btext, "Zoë Müller", 0);
    CHECK(a[0].source.span.start == z.start && a[0].source.span.end == z.end);
    CHECK(a[0].kind == WS_DIRECT && a[0].speaker == NULL && !a[0].optional);
    /* E2: Content + Content2 are one content in two segments */
    ws_span r1 = find(btext, "repairs would cost", 0), r2 = find(btext, "€2 million", 0);
    CHECK(a[1].content.nsegments == 2 && a[1].content.segments[0].start == r1.start &&
          a[1].content.segments[1].end == r2.end);
    CHECK(a[1].kind == WS_INDIRECT);
    /* E4: ‘plan’ makes it mixed (voters’ is an apostrophe); no source */
    ws_span p = find(btext, "the ‘plan’ is late, voters’ views aside", 0);
    CHECK(a[2].content.span.start == p.start && a[2].content.span.end == p.end);
    CHECK(a[2].kind == WS_MIXED && a[2].source.span.start == WS_NONE);

    /* errors name the line */
    const char *bad1 = "T1\tContent 0 500\tx\nT2\tAttribution 0 1\tx\nE1\tAttribution:T2 Content:T1\n";
    CHECK(ws_gold_add_brat(g, "x", btext, strlen(btext), 0, bad1, strlen(bad1)) == WS_EFORMAT);
    CHECK(strstr(ws_gold_error(g), "x:3:") != NULL);
    const char *bad2 = "T1\tAttribution 0 5\tx\nE1\tAttribution:T1 Content:T7\n";
    CHECK(ws_gold_add_brat(g, "x", btext, strlen(btext), 0, bad2, strlen(bad2)) == WS_EFORMAT);
    CHECK(strstr(ws_gold_error(g), "missing T") != NULL);
    const char *bad3 = "hello\n";
    CHECK(ws_gold_add_brat(g, "x", btext, strlen(btext), 0, bad3, strlen(bad3)) == WS_EFORMAT);
    CHECK(ws_gold_ndocs(g) == 1);
    ws_gold_free(g);
}

/* ---- the scorer ---- */

static ws_gold *one_doc(const char *text, const char *json)
{
    ws_gold *g;
    if (ws_gold_new(&g) != WS_OK)
        return NULL;
    if (ws_gold_add_json(g, "d", text, strlen(text), WS_IN_NEWS, json, strlen(json)) != WS_OK) {
        fprintf(stderr, "gold: %s\n", ws_gold_error(g));
        ws_gold_free(g);
        return NULL;
    }
    return g;
}

static void test_empty_and_perfect(void)
{
    const char *js = "{\"offsets\":\"chars\",\"attributions\":["
                     "{\"kind\":\"mixed\",\"content\":[11,39],\"source\":[0,5],\"cue\":[6,10],"
                     "\"speaker\":\"Donald Trump\",\"speaker_kind\":\"person\"},"
                     "{\"kind\":\"direct\",\"content\":[40,65],\"source\":[66,74],\"cue\":[75,79],"
                     "\"speaker\":\"Donald Trump\",\"speaker_kind\":\"person\"}]}";
    ws_gold *g = one_doc(news, js);
    CHECK(g != NULL);
    if (!g)
        return;
    ws_eval *ev;
    ws_eval_result r;
    /* empty predictions: nothing found, nothing false */
    CHECK(ws_eval_new(NULL, &ev) == WS_OK);
    CHECK(ws_eval_add(ev, g, 0, NULL, 0, NULL, 0) == WS_OK);
    ws_eval_get(ev, &r);
    CHECK(r.ngold == 2 && r.npred == 0 && r.ndocs == 1);
    NEAR(r.soft.p, 0); NEAR(r.soft.r, 0); NEAR(r.soft.f, 0);
    CHECK(r.roles[WS_ROLE_CONTENT][WS_MATCH_EXACT].ngold == 2);
    CHECK(r.kind_gold[WS_MIXED] == 1 && r.kind_gold[WS_DIRECT] == 1);
    const ws_eval_item *it;
    CHECK(ws_eval_items(ev, &it) == 2 && it[0].outcome == WS_EVAL_MISS && it[1].outcome == WS_EVAL_MISS);
    ws_eval_free(ev);

    /* perfect predictions, speakers through entities ("Mr Trump" = "Donald Trump") */
    ws_entity ents[1] = {{"Mr Trump", WS_PERSON, 0, NULL}};
    ws_attribution p[2] = {
        pred(WS_MIXED, find(news, "Putin was “extremely strong”", 0), find(news, "says", 0), find(news, "Trump", 0), 0),
        pred(WS_DIRECT, find(news, "“We had a great meeting,”", 0), find(news, "told", 0), find(news, "Mr Trump", 0), 0),
    };
    CHECK(ws_eval_new(NULL, &ev) == WS_OK);
    CHECK(ws_eval_add(ev, g, 0, p, 2, ents, 1) == WS_OK);
    ws_eval_get(ev, &r);
    for (int role = 0; role < 3; role++)
        for (int m = 0; m < 3; m++)
            NEAR(r.roles[role][m].f, 1.0);
    NEAR(r.soft.f, 1.0); NEAR(r.e2e.f, 1.0); NEAR(r.speaker_accuracy, 1.0);
    NEAR(r.recall_by_kind[WS_DIRECT], 1.0);
    char *json;
    size_t jl;
    CHECK(ws_eval_result_json(&r, &json, &jl) == WS_OK);
    CHECK(jl == strlen(json));
    CHECK(strstr(json, "{\"roles\":{\"source\":{\"exact\":{\"p\":1.000000,\"r\":1.000000,\"f\":1.000000}") == json);
    CHECK(strstr(json, "\"attribution\":{\"soft\":{\"p\":1.000000,\"r\":1.000000,\"f\":1.000000},\"e2e\":") != NULL);
    CHECK(strstr(json, "\"recall_by_kind\":{\"direct\":1.000000,\"mixed\":1.000000,\"indirect\":0.000000},\"gold\":2,\"pred\":2}") != NULL);
    ws_free(json);
    /* a span outside the text is refused, and counts nothing */
    ws_attribution badp = pred(WS_DIRECT, (ws_span){5, 5000}, NONE, NONE, -1);
    CHECK(ws_eval_add(ev, g, 0, &badp, 1, NULL, 0) == WS_EINVAL);
    CHECK(ws_eval_add(ev, g, 7, NULL, 0, NULL, 0) == WS_EINVAL);
    ws_eval_get(ev, &r);
    CHECK(r.ndocs == 1 && r.ngold == 2);
    ws_eval_free(ev);
    ws_eval_free(NULL);
    ws_gold_free(g);
}

/* Known P/R/F1: 4 gold, 3 predictions (2 hits, 1 false); Jaccard counted in characters. */
static void test_known_prf(void)
{
    const char *text = "ééééabcd said Ann. Bob said the sky is blue. Cy said it rains. Di said no.\n";
    /* characters: é×4 a b c d = 0..8 */
    const char *js = "{\"attributions\":["
                     "{\"kind\":\"indirect\",\"content\":[0,8],\"source\":[14,17],\"cue\":[9,13]},"
                     "{\"kind\":\"indirect\",\"content\":[28,43],\"source\":[19,22],\"cue\":[23,27]},"
                     "{\"kind\":\"indirect\",\"content\":[53,61],\"source\":[45,47],\"cue\":[48,52]},"
                     "{\"kind\":\"indirect\",\"content\":[71,73],\"source\":[63,65],\"cue\":[66,70]}]}";
    ws_gold *g = one_doc(text, js);
    CHECK(g != NULL);
    if (!g)
        return;
    const ws_gold_attribution *ga;
    CHECK(ws_gold_doc_attributions(g, 0, &ga) == 4);
    CHECK(ga[1].content.span.start == find(text, "the sky is blue", 0).start);
    /* "ééé": 3 of 8 characters (0.375, a miss) though 6 of 12 bytes (0.5) */
    ws_span e3 = {0, 6};
    ws_attribution p[3] = {
        pred(WS_INDIRECT, e3, find(text, "said", 0), find(text, "Ann", 0), -1),
        pred(WS_INDIRECT, find(text, "the sky is blue.", 0), find(text, "said", 1), find(text, "Bob", 0), -1),
        pred(WS_INDIRECT, find(text, "it rains", 0), find(text, "said", 2), find(text, "Cy said", 0), -1),
    };
    ws_eval *ev;
    ws_eval_result r;
    CHECK(ws_eval_new(NULL, &ev) == WS_OK);
    CHECK(ws_eval_add(ev, g, 0, p, 3, NULL, 0) == WS_OK);
    ws_eval_get(ev, &r);
    CHECK(r.soft.tp == 2 && r.soft.npred == 3 && r.soft.ngold == 4);
    NEAR(r.soft.p, 2.0 / 3); NEAR(r.soft.r, 0.5); NEAR(r.soft.f, 2 * (2.0 / 3) * 0.5 / (2.0 / 3 + 0.5));
    /* content: exact 1 (it rains), trimmed 2 (+ "the sky is blue."), Jaccard 2 */
    CHECK(r.roles[WS_ROLE_CONTENT][WS_MATCH_EXACT].tp == 1);
    CHECK(r.roles[WS_ROLE_CONTENT][WS_MATCH_TRIMMED].tp == 2);
    CHECK(r.roles[WS_ROLE_CONTENT][WS_MATCH_JACCARD].tp == 2);
    /* source: Ann, Bob exact; "Cy said" vs "Cy": Jaccard 2/7, no match */
    CHECK(r.roles[WS_ROLE_SOURCE][WS_MATCH_EXACT].tp == 2);
    CHECK(r.roles[WS_ROLE_SOURCE][WS_MATCH_JACCARD].tp == 2);
    NEAR(r.roles[WS_ROLE_SOURCE][WS_MATCH_EXACT].p, 2.0 / 3);
    /* no gold speakers: the source spans must overlap (PolNeAR rule): Bob yes, Cy yes */
    CHECK(r.matched == 2 && r.speaker_ok == 2 && r.e2e.tp == 2);
    const ws_eval_item *it;
    size_t n = ws_eval_items(ev, &it), miss = 0, hit = 0, fh = 0;
    for (size_t i = 0; i < n; i++) {
        miss += it[i].outcome == WS_EVAL_MISS;
        hit += it[i].outcome == WS_EVAL_HIT;
        fh += it[i].outcome == WS_EVAL_FALSE_HIT;
        if (it[i].outcome == WS_EVAL_FALSE_HIT)
            CHECK(it[i].pred == 0 && it[i].gold == -1);
        if (it[i].outcome == WS_EVAL_HIT && it[i].gold == 1)
            NEAR(it[i].jaccard, 15.0 / 16);
    }
    CHECK(miss == 2 && hit == 2 && fh == 1);
    ws_eval_free(ev);
    ws_gold_free(g);
}

/* One-to-one: two predictions on one gold item give one hit and one false hit; the better one wins. */
static void test_one_to_one(void)
{
    const char *text = "Ann said that the plan will work and the money is there.\n";
    const char *js = "{\"attributions\":[{\"kind\":\"indirect\",\"content\":[14,55],\"source\":[0,3],\"cue\":[4,8]},"
                     "{\"kind\":\"indirect\",\"content\":[14,32],\"source\":[0,3],\"cue\":[4,8],\"optional\":false}]}";
    ws_gold *g = one_doc(text, js);
    CHECK(g != NULL);
    if (!g)
        return;
    ws_span all = find(text, "the plan will work and the money is there", 0);
    ws_span half = find(text, "the plan will work", 0);
    ws_attribution p[2] = {
        pred(WS_INDIRECT, half, NONE, NONE, -1),
        pred(WS_INDIRECT, all, NONE, NONE, -1),
    };
    ws_eval *ev;
    ws_eval_result r;
    CHECK(ws_eval_new(NULL, &ev) == WS_OK);
    CHECK(ws_eval_add(ev, g, 0, p, 2, NULL, 0) == WS_OK);
    ws_eval_get(ev, &r);
    CHECK(r.soft.tp == 2); /* best Jaccard first: all-all (1.0), half-half (1.0), not all-half */
    /* per role the shared source and cue count once */
    CHECK(r.roles[WS_ROLE_SOURCE][WS_MATCH_EXACT].ngold == 1);
    CHECK(r.roles[WS_ROLE_CUE][WS_MATCH_EXACT].ngold == 1);
    /* the same prediction twice: one hit, one false hit */
    ws_attribution twice[2] = {pred(WS_INDIRECT, all, NONE, NONE, -1), pred(WS_INDIRECT, all, NONE, NONE, -1)};
    ws_eval_free(ev);
    CHECK(ws_eval_new(NULL, &ev) == WS_OK);
    CHECK(ws_eval_add(ev, g, 0, twice, 2, NULL, 0) == WS_OK);
    ws_eval_get(ev, &r);
    CHECK(r.soft.tp == 1 && r.soft.npred == 2 && r.soft.ngold == 2);
    /* per role, duplicate predicted spans count once: 1 span, matching 1 of 2 gold */
    CHECK(r.roles[WS_ROLE_CONTENT][WS_MATCH_EXACT].npred == 1 && r.roles[WS_ROLE_CONTENT][WS_MATCH_EXACT].tp == 1);
    ws_eval_free(ev);
    ws_gold_free(g);
}

/* Optional gold: a prediction matching it is neither hit nor false; missing it is no miss. */
static void test_optional(void)
{
    const char *js = "{\"offsets\":\"chars\",\"attributions\":["
                     "{\"kind\":\"direct\",\"content\":[40,65],\"source\":[66,74],\"cue\":[75,79],\"speaker\":\"Donald Trump\"},"
                     "{\"kind\":\"indirect\",\"content\":[119,135],\"source\":[103,110],\"cue\":[111,118],\"optional\":true}]}";
    ws_gold *g = one_doc(news, js);
    CHECK(g != NULL);
    if (!g)
        return;
    ws_attribution p = pred(WS_INDIRECT, find(news, "the plan is late", 0), find(news, "believe", 0),
                            find(news, "Critics", 0), -1);
    ws_eval *ev;
    ws_eval_result r;
    CHECK(ws_eval_new(NULL, &ev) == WS_OK);
    CHECK(ws_eval_add(ev, g, 0, &p, 1, NULL, 0) == WS_OK);
    ws_eval_get(ev, &r);
    CHECK(r.ngold == 1 && r.npred == 0 && r.noptional == 1);
    CHECK(r.soft.tp == 0 && r.soft.npred == 0 && r.soft.ngold == 1);
    CHECK(r.roles[WS_ROLE_SOURCE][WS_MATCH_EXACT].npred == 0);
    CHECK(r.roles[WS_ROLE_SOURCE][WS_MATCH_EXACT].ngold == 1);
    const ws_eval_item *it;
    CHECK(ws_eval_items(ev, &it) == 1 && it[0].outcome == WS_EVAL_MISS && it[0].gold == 0);
    ws_eval_free(ev);
    ws_gold_free(g);
}

/* Discontinuous gold content is compared with the predicted segments. */
static void test_segments(void)
{
    const char *ann = "T1\tContent 0 23;41 65\tx\nT2\tCue 24 28\tsaid\nT3\tSource 29 39\tZoë Müller\n"
                      "T4\tAttribution 24 28\tsaid\nE1\tAttribution:T4 Content:T1 Cue:T2 Source:T3\n";
    ws_gold *g;
    CHECK(ws_gold_new(&g) == WS_OK);
    CHECK(ws_gold_add_brat(g, "s", btext, strlen(btext), WS_IN_NEWS, ann, strlen(ann)) == WS_OK);
    ws_span q1 = find(btext, "“The bridge is closed,”", 0), q2 = find(btext, "“It will reopen in May.”", 0);
    ws_span segs[2] = {q2, q1}; /* any order */
    ws_attribution p = pred(WS_DIRECT, (ws_span){q1.start, q2.end}, find(btext, "said", 0),
                            find(btext, "Müller", 0), -1);
    ws_eval *ev;
    ws_eval_result r;
    /* the covering span alone: not exact; Jaccard 47/65 */
    CHECK(ws_eval_new(NULL, &ev) == WS_OK);
    CHECK(ws_eval_add(ev, g, 0, &p, 1, NULL, 0) == WS_OK);
    ws_eval_get(ev, &r);
    CHECK(r.roles[WS_ROLE_CONTENT][WS_MATCH_EXACT].tp == 0);
    CHECK(r.roles[WS_ROLE_CONTENT][WS_MATCH_JACCARD].tp == 1);
    const ws_eval_item *it;
    CHECK(ws_eval_items(ev, &it) == 1);
    NEAR(it[0].jaccard, 47.0 / 65);
    CHECK(it[0].speaker_ok); /* "Müller" overlaps "Zoë Müller" */
    CHECK(r.roles[WS_ROLE_SOURCE][WS_MATCH_JACCARD].tp == 1); /* 6 of 10 characters */
    ws_eval_free(ev);
    /* with the segments: exact */
    p.nsegments = 2;
    p.segments = segs;
    CHECK(ws_eval_new(NULL, &ev) == WS_OK);
    CHECK(ws_eval_add(ev, g, 0, &p, 1, NULL, 0) == WS_OK);
    ws_eval_get(ev, &r);
    CHECK(r.roles[WS_ROLE_CONTENT][WS_MATCH_EXACT].tp == 1);
    NEAR(r.soft.f, 1.0);
    ws_eval_free(ev);
    ws_gold_free(g);
}

/* Speaker names: titles dropped, surname rule for people, exact for organisations. */
static void test_speakers(void)
{
    const char *js = "{\"offsets\":\"chars\",\"attributions\":["
                     "{\"kind\":\"mixed\",\"content\":[11,39],\"source\":[0,5],\"cue\":[6,10],"
                     "\"speaker\":\"Donald J. Trump\",\"speaker_kind\":\"person\"},"
                     "{\"kind\":\"direct\",\"content\":[40,65],\"source\":null,\"cue\":null,\"speaker\":null},"
                     "{\"kind\":\"indirect\",\"content\":[119,135],\"source\":[103,110],\"cue\":[111,118],"
                     "\"speaker\":\"The White House\",\"speaker_kind\":\"organization\"}]}";
    ws_gold *g = one_doc(news, js);
    CHECK(g != NULL);
    if (!g)
        return;
    static const struct {
        const char *name0, *name2;
        int src1; /* prediction 1 has a source */
        int ok0, ok1, ok2;
    } cases[] = {
        {"President Donald Trump", "White House", 0, 1, 1, 1},
        {"Trump", "the white house", 0, 1, 1, 1},
        {"D. Trump", "House", 0, 1, 1, 0},
        {"Melania Trump", "The White House Press Office", 1, 0, 0, 0},
        {"Donald Duck", "White-House", 0, 0, 1, 1},
        {"Mr. Donald Trump (candidate)", "White House (statement)", 0, 1, 1, 1},
        {"Donald (Trump)", "(White House)", 0, 0, 1, 0},
        {NULL, NULL, 0, 1, 1, 0}, /* no entity: source "Trump" names him; "Critics" is not the White House */
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        ws_entity ents[2] = {{cases[c].name0, WS_PERSON, 0, NULL}, {cases[c].name2, WS_ORGANIZATION, 0, NULL}};
        bool named = cases[c].name0 != NULL;
        ws_attribution p[3] = {
            pred(WS_MIXED, find(news, "Putin was “extremely strong”", 0), NONE, find(news, "Trump", 0), named ? 0 : -1),
            pred(WS_DIRECT, find(news, "“We had a great meeting,”", 0), NONE,
                 cases[c].src1 ? find(news, "Mr Trump", 0) : NONE, -1),
            pred(WS_INDIRECT, find(news, "the plan is late", 0), NONE, find(news, "Critics", 0), named ? 1 : -1),
        };
        ws_eval *ev;
        CHECK(ws_eval_new(NULL, &ev) == WS_OK);
        CHECK(ws_eval_add(ev, g, 0, p, 3, ents, 2) == WS_OK);
        const ws_eval_item *it;
        size_t n = ws_eval_items(ev, &it);
        CHECK(n == 3);
        int ok[3] = {-1, -1, -1};
        for (size_t i = 0; i < n; i++)
            if (it[i].outcome == WS_EVAL_HIT)
                ok[it[i].gold] = it[i].speaker_ok;
        if (ok[0] != cases[c].ok0 || ok[1] != cases[c].ok1 || ok[2] != cases[c].ok2)
            fprintf(stderr, "speaker case %zu: got %d %d %d\n", c, ok[0], ok[1], ok[2]);
        CHECK(ok[0] == cases[c].ok0 && ok[1] == cases[c].ok1 && ok[2] == cases[c].ok2);
        ws_eval_result r;
        ws_eval_get(ev, &r);
        CHECK(r.matched == 3 && r.speaker_ok == (size_t)(cases[c].ok0 + cases[c].ok1 + cases[c].ok2));
        NEAR(r.e2e.f, (cases[c].ok0 + cases[c].ok1 + cases[c].ok2) / 3.0);
        ws_eval_free(ev);
    }
    ws_gold_free(g);
}

/* --subset quoted drops indirect attributions on both sides. */
static void test_quoted_subset(void)
{
    const char *js = "{\"offsets\":\"chars\",\"attributions\":["
                     "{\"kind\":\"mixed\",\"content\":[11,39]},{\"kind\":\"direct\",\"content\":[40,65]},"
                     "{\"kind\":\"indirect\",\"content\":[119,135]}]}";
    ws_gold *g = one_doc(news, js);
    CHECK(g != NULL);
    if (!g)
        return;
    ws_attribution p[3] = {
        pred(WS_INDIRECT, find(news, "Putin was “extremely strong”", 0), NONE, NONE, -1), /* wrong kind */
        pred(WS_DIRECT, find(news, "“We had a great meeting,”", 0), NONE, NONE, -1),
        pred(WS_INDIRECT, find(news, "the plan is late", 0), NONE, NONE, -1),
    };
    ws_eval_config cfg = {1};
    ws_eval *ev;
    ws_eval_result r;
    CHECK(ws_eval_new(&cfg, &ev) == WS_OK);
    CHECK(ws_eval_add(ev, g, 0, p, 3, NULL, 0) == WS_OK);
    ws_eval_get(ev, &r);
    CHECK(r.ngold == 2 && r.npred == 1 && r.soft.tp == 1);
    NEAR(r.soft.p, 1.0); NEAR(r.soft.r, 0.5);
    NEAR(r.recall_by_kind[WS_DIRECT], 1.0); NEAR(r.recall_by_kind[WS_MIXED], 0.0);
    CHECK(r.kind_gold[WS_INDIRECT] == 0);
    ws_eval_free(ev);
    /* all: 3 of 3 */
    CHECK(ws_eval_new(NULL, &ev) == WS_OK);
    CHECK(ws_eval_add(ev, g, 0, p, 3, NULL, 0) == WS_OK);
    ws_eval_get(ev, &r);
    CHECK(r.soft.tp == 3);
    NEAR(r.recall_by_kind[WS_INDIRECT], 1.0);
    ws_eval_free(ev);
    ws_gold_free(g);
}

/* The fixture folders: brat with two annotators (the first file is used), gold JSON. */
static void test_folders(void)
{
    ws_gold *g;
    CHECK(ws_gold_new(&g) == WS_OK);
    CHECK(ws_gold_load_dir(g, "tests/fixtures/eval/brat", NULL) == WS_OK);
    CHECK(ws_gold_ndocs(g) == 1 && !strcmp(ws_gold_doc_name(g, 0), "alpha"));
    CHECK(ws_gold_doc_flags(g, 0) == WS_IN_NEWS);
    const ws_gold_attribution *a;
    CHECK(ws_gold_doc_attributions(g, 0, &a) == 4); /* alpha_0001.ann; alpha_0002.ann has 1 */
    size_t len;
    const char *t = ws_gold_doc_text(g, 0, &len);
    ws_span q = find(t, "“we will rebuild”", 0);
    CHECK(a[0].content.span.start == q.start && a[0].content.span.end == q.end && a[0].kind == WS_DIRECT);
    CHECK(a[1].content.nsegments == 2 && a[1].kind == WS_DIRECT);
    CHECK(a[2].content.nsegments == 2 && a[2].kind == WS_INDIRECT);
    CHECK(ws_gold_load_dir(g, "tests/fixtures/eval/json", NULL) == WS_OK);
    CHECK(ws_gold_ndocs(g) == 2 && ws_gold_find(g, "beta") == 1);
    CHECK(ws_gold_doc_attributions(g, 1, &a) == 5 && a[4].optional);
    /* texts elsewhere and not given: a clear error */
    CHECK(ws_gold_load_dir(g, "tests/fixtures/eval/json", "tests/fixtures/eval/brat") == WS_ENOTFOUND);
    CHECK(strstr(ws_gold_error(g), "beta.txt") != NULL);
    CHECK(ws_gold_load_dir(g, "tests/fixtures/eval/nowhere", NULL) == WS_ENOTFOUND);
    CHECK(ws_gold_load_dir(g, "tests/fixtures/eval", NULL) == WS_ENOTFOUND); /* no .json, no brat */
    ws_gold_free(g);
}

/* Every allocation may fail: no crash, no leak (ASan), WS_ENOMEM. */
static long budget = -1;
static bool spend(void)
{
    if (budget == 0)
        return false;
    if (budget > 0)
        budget--;
    return true;
}
static void *fail_malloc(size_t n) { return spend() ? malloc(n) : NULL; }
static void *fail_realloc(void *p, size_t n) { return spend() ? realloc(p, n) : NULL; }

static void test_alloc_failures(void)
{
    static const ws_allocator a = {fail_malloc, fail_realloc, free};
    const char *ann = "T1\tContent 0 23;41 65\tx\nT2\tCue 24 28\tsaid\nT3\tSource 29 39\tZoë Müller\n"
                      "T4\tAttribution 24 28\tsaid\nE1\tAttribution:T4 Content:T1 Cue:T2 Source:T3\n";
    ws_span segs[2] = {find(btext, "“The bridge is closed,”", 0), find(btext, "“It will reopen in May.”", 0)};
    ws_attribution p = pred(WS_DIRECT, (ws_span){segs[0].start, segs[1].end}, NONE, NONE, -1);
    p.nsegments = 2;
    p.segments = segs;
    bool done = false;
    for (long n = 0; n < 200 && !done; n++) {
        ws_set_allocator(&a);
        budget = n;
        ws_gold *g = NULL;
        ws_eval *ev = NULL;
        char *json = NULL;
        ws_status st = ws_gold_new(&g);
        if (st == WS_OK)
            st = ws_gold_add_brat(g, "s", btext, strlen(btext), 0, ann, strlen(ann));
        if (st == WS_OK)
            st = ws_eval_new(NULL, &ev);
        if (st == WS_OK)
            st = ws_eval_add(ev, g, 0, &p, 1, NULL, 0);
        ws_eval_result r;
        if (st == WS_OK) {
            ws_eval_get(ev, &r);
            st = ws_eval_result_json(&r, &json, NULL);
        }
        CHECK(st == WS_OK || st == WS_ENOMEM);
        if (st == WS_OK) {
            done = true;
            NEAR(r.soft.f, 1.0);
        }
        ws_free(json);
        ws_eval_free(ev);
        ws_gold_free(g);
        ws_set_allocator(NULL);
    }
    CHECK(done);
}

int main(void)
{
    test_offsets();
    test_json_gold();
    test_brat();
    test_empty_and_perfect();
    test_known_prf();
    test_one_to_one();
    test_optional();
    test_segments();
    test_speakers();
    test_quoted_subset();
    test_folders();
    test_alloc_failures();
    if (failures)
        fprintf(stderr, "test_eval: %d checks failed\n", failures);
    return failures != 0;
}
