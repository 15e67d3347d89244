/* score.c — the attribution scorer behind `whosaid eval` (rules in docs/ACCURACY.md).
 * Per role (source, cue, content), independent of linkage: one-to-one span matching, exact, after
 * trimming edge spaces/quotes/punctuation, and Jaccard >= 0.5 (exact per-role F1 is the convention of
 * CofeNet, COLING 2022, on PolNeAR). Per attribution: content matched one-to-one by best Jaccard, hit
 * at >= 0.5; speaker accuracy on hits; end-to-end = hit with the right speaker. Matching is greedy
 * by similarity (ties: text order); optional gold absorbs predictions without counting. */
#include <stdio.h>
#include <stdlib.h>

#include "eval.h"

#define JACCARD_MIN 0.5

struct ws_eval {
    ws_eval_config cfg;
    ws_eval_result r;             /* counts; fractions are filled by ws_eval_get */
    ws_vec items;                 /* ws_eval_item of the last ws_eval_add */
};

ws_status ws_eval_new(const ws_eval_config *cfg, ws_eval **out)
{
    if (!out)
        return WS_EINVAL;
    ws_eval *ev = ws_calloc(1, sizeof *ev);
    if (!ev)
        return WS_ENOMEM;
    if (cfg)
        ev->cfg = *cfg;
    ws_vec_init(&ev->items, sizeof(ws_eval_item));
    *out = ev;
    return WS_OK;
}

void ws_eval_free(ws_eval *ev)
{
    if (!ev)
        return;
    ws_vec_free(&ev->items);
    ws_free(ev);
}

size_t ws_eval_items(const ws_eval *ev, const ws_eval_item **out)
{
    *out = ev->items.data;
    return ev->items.len;
}

/* ---- spans as segment lists ---- */

typedef struct {
    const ws_span *s;
    uint32_t n;
} segl;

static segl gold_segs(const ws_gold_span *g)
{
    return g->nsegments ? (segl){g->segments, g->nsegments} : (segl){&g->span, 1};
}

/* A predicted role span: its covering span and, for a quote in pieces, its segments. */
typedef struct {
    segl cover, parts;
} pspan;

/* The gold decides the granularity: a discontinuous gold span is compared with the predicted
 * segments, a contiguous one with the predicted covering span. */
static segl pick(segl gold, const pspan *p) { return gold.n > 1 ? p->parts : p->cover; }

static bool segl_eq(segl a, segl b)
{
    if (a.n != b.n)
        return false;
    for (uint32_t i = 0; i < a.n; i++)
        if (a.s[i].start != b.s[i].start || a.s[i].end != b.s[i].end)
            return false;
    return true;
}

/* Jaccard of two segment lists in code points (each list sorted and disjoint). */
static double jaccard(const ws_gold_doc *d, segl a, segl b)
{
    uint64_t la = 0, lb = 0, inter = 0;
    for (uint32_t i = 0; i < a.n; i++)
        la += d->char_of[a.s[i].end] - d->char_of[a.s[i].start];
    for (uint32_t i = 0; i < b.n; i++)
        lb += d->char_of[b.s[i].end] - d->char_of[b.s[i].start];
    for (uint32_t i = 0; i < a.n; i++)
        for (uint32_t k = 0; k < b.n; k++) {
            uint32_t s = a.s[i].start > b.s[k].start ? a.s[i].start : b.s[k].start;
            uint32_t e = a.s[i].end < b.s[k].end ? a.s[i].end : b.s[k].end;
            if (s < e)
                inter += d->char_of[e] - d->char_of[s];
        }
    uint64_t uni = la + lb - inter;
    if (uni == 0) /* two empty spans */
        return segl_eq(a, b) ? 1.0 : 0.0;
    return (double)inter / (double)uni;
}

static bool overlaps(segl a, segl b)
{
    for (uint32_t i = 0; i < a.n; i++)
        for (uint32_t k = 0; k < b.n; k++)
            if (a.s[i].start < b.s[k].end && b.s[k].start < a.s[i].end)
                return true;
    return false;
}

/* Trimming: spaces, quotation marks and punctuation at either edge of each segment. */
static const uint32_t trim_cps[] = {
    '"', '\'', '.', ',', ';', ':', '!', '?', '(', ')', '[', ']', '-', '*',
    0x2018, 0x2019, 0x201A, 0x201C, 0x201D, 0x201E, 0x00AB, 0x00BB, 0x2039, 0x203A, /* marks */
    0x2013, 0x2014, 0x2026,                                                          /* – — … */
};

static bool trims(uint32_t cp)
{
    if (ws_cp_is_space(cp))
        return true;
    for (size_t i = 0; i < sizeof trim_cps / sizeof trim_cps[0]; i++)
        if (trim_cps[i] == cp)
            return true;
    return false;
}

static ws_span trim_span(const ws_gold_doc *d, ws_span s)
{
    const unsigned char *t = (const unsigned char *)d->text;
    uint32_t cp;
    while (s.start < s.end) {
        int l = ws_utf8_decode(t, s.end, s.start, &cp);
        if (!trims(cp))
            break;
        s.start += (uint32_t)l;
    }
    while (s.end > s.start) {
        uint32_t i = s.end - 1;
        while (i > s.start && s.end - i < 4 && (t[i] & 0xC0) == 0x80)
            i--;
        int l = ws_utf8_decode(t, s.end, i, &cp);
        if (i + (uint32_t)l != s.end)
            break; /* a broken sequence is not punctuation */
        if (!trims(cp))
            break;
        s.end = i;
    }
    return s;
}

static bool trimmed_eq(const ws_gold_doc *d, segl a, segl b)
{
    uint32_t i = 0, k = 0;
    for (;;) { /* compare the non-empty trimmed segments in order */
        ws_span x = {0, 0}, y = {0, 0};
        for (; i < a.n; i++) {
            x = trim_span(d, a.s[i]);
            if (x.start < x.end)
                break;
        }
        for (; k < b.n; k++) {
            y = trim_span(d, b.s[k]);
            if (y.start < y.end)
                break;
        }
        if (i == a.n || k == b.n)
            return i == a.n && k == b.n;
        if (x.start != y.start || x.end != y.end)
            return false;
        i++;
        k++;
    }
}

/* ---- one-to-one matching ---- */

typedef struct {
    double sim;
    uint32_t g, p;
} pair;

static int cmp_pair(const void *a, const void *b)
{
    const pair *x = a, *y = b;
    if (x->sim != y->sim)
        return x->sim > y->sim ? -1 : 1;
    if (x->g != y->g)
        return x->g < y->g ? -1 : 1;
    return x->p < y->p ? -1 : x->p > y->p;
}

/* Greedy best-first over pairs: sets gm[g] / pm[p] for each pair taken; returns how many. */
static size_t greedy(pair *pairs, size_t n, int32_t *gm, int32_t *pm)
{
    if (n == 0)
        return 0;
    qsort(pairs, n, sizeof *pairs, cmp_pair);
    size_t taken = 0;
    for (size_t i = 0; i < n; i++)
        if (gm[pairs[i].g] < 0 && pm[pairs[i].p] < 0) {
            gm[pairs[i].g] = (int32_t)pairs[i].p;
            pm[pairs[i].p] = (int32_t)pairs[i].g;
            taken++;
        }
    return taken;
}

typedef double (*sim_fn)(const ws_gold_doc *d, segl g, const pspan *p, int how);

static double role_sim(const ws_gold_doc *d, segl g, const pspan *p, int how)
{
    segl q = pick(g, p);
    switch (how) {
    case WS_MATCH_EXACT: return segl_eq(g, q) ? 1.0 : 0.0;
    case WS_MATCH_TRIMMED: return trimmed_eq(d, g, q) ? 1.0 : 0.0;
    default: return jaccard(d, g, q);
    }
}

/* Scratch for one matching problem: ng gold items (optional flags), np predictions. */
typedef struct {
    const ws_gold_doc *d;
    const segl *g;
    const bool *gopt;
    uint32_t ng;
    const pspan *p;
    uint32_t np;
    ws_vec *pairs;                /* of pair, reused */
    int32_t *gm, *pm;             /* matches; pm[p] = -2 when p matched optional gold */
    double *best;                 /* per gold: similarity of its match */
} match_job;

/* Matches at sim >= min: non-optional gold first, then optional gold takes what matches it.
 * Adds the counts to *prf. false when out of memory. */
static bool run_match(match_job *j, int how, double min, ws_prf *prf)
{
    for (uint32_t i = 0; i < j->ng; i++)
        j->gm[i] = -1;
    for (uint32_t k = 0; k < j->np; k++)
        j->pm[k] = -1;
    size_t tp = 0, absorbed = 0, ngold = 0;
    for (int pass = 0; pass < 2; pass++) {
        j->pairs->len = 0;
        for (uint32_t i = 0; i < j->ng; i++) {
            if (j->gopt[i] != (pass == 1))
                continue;
            for (uint32_t k = 0; k < j->np; k++) {
                if (j->pm[k] != -1)
                    continue;
                double s = role_sim(j->d, j->g[i], &j->p[k], how);
                if (s >= min && s > 0) {
                    pair *slot = ws_vec_push(j->pairs);
                    if (!slot)
                        return false;
                    *slot = (pair){s, i, k};
                }
            }
        }
        size_t got = greedy(j->pairs->data, j->pairs->len, j->gm, j->pm);
        if (pass == 0)
            tp = got;
        else
            absorbed = got;
    }
    for (uint32_t i = 0; i < j->ng; i++) {
        if (!j->gopt[i])
            ngold++;
        else if (j->gm[i] >= 0)
            j->pm[j->gm[i]] = -2;
        if (j->best && j->gm[i] >= 0)
            j->best[i] = role_sim(j->d, j->g[i], &j->p[j->gm[i]], how);
    }
    if (prf) {
        prf->tp += tp;
        prf->ngold += ngold;
        prf->npred += j->np - absorbed;
    }
    return true;
}

/* ---- speakers ---- */

/* Leading words dropped before names are compared; add a word in lower case. */
static const char *const titles[] = {
    "the", "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame", "lord", "lady",
    "rev", "reverend", "president", "vice", "prime", "minister", "premier", "chancellor", "secretary",
    "senator", "sen", "rep", "representative", "congressman", "congresswoman", "governor", "gov",
    "mayor", "judge", "justice", "general", "gen", "colonel", "col", "captain", "capt", "sergeant",
    "sgt", "chief", "commissioner", "deputy", "king", "queen", "prince", "princess", "pope", "saint",
    "st", "former", "candidate", "nominee", "leader", "spokesman", "spokeswoman", "spokesperson",
};

enum { MAX_WORDS = 16, MAX_WORD = 48 };
typedef struct {
    char w[MAX_WORDS][MAX_WORD];
    int n;
} words;

/* Lower-cased words of letters and digits; apostrophes vanish (O'Brien = OBrien), parenthesised
 * parts are dropped, everything else separates; leading titles dropped while another word remains. */
static void split_name(const char *s, words *out)
{
    out->n = 0;
    const unsigned char *u = (const unsigned char *)s;
    size_t len = strlen(s), i = 0, wl = 0;
    int paren = 0; /* "(joint statement)": an annotator's note, not part of the name */
    while (i <= len) {
        uint32_t cp = 0;
        int l = i < len ? ws_utf8_decode(u, len, i, &cp) : 1;
        if (i < len && (cp == '(' || (cp == ')' && paren > 0))) {
            paren += cp == '(' ? 1 : -1;
            cp = ' ';
        } else if (paren > 0) {
            i += (size_t)l;
            continue;
        }
        bool letter = i < len && (ws_cp_is_alpha(cp) || ws_cp_is_digit(cp));
        if (i < len && (cp == '\'' || cp == 0x2019)) {
            i += (size_t)l;
            continue;
        }
        if (letter) {
            char buf[4];
            int bl = ws_utf8_encode(ws_cp_lower(cp), buf);
            if (out->n < MAX_WORDS && wl + (size_t)bl < MAX_WORD) {
                memcpy(out->w[out->n] + wl, buf, (size_t)bl);
                wl += (size_t)bl;
            }
        } else if (wl > 0) {
            if (out->n < MAX_WORDS)
                out->w[out->n++][wl] = '\0';
            wl = 0;
        }
        i += (size_t)l;
    }
    int drop = 0;
    for (; drop < out->n - 1; drop++) {
        bool t = false;
        for (size_t k = 0; k < sizeof titles / sizeof titles[0] && !t; k++)
            t = !strcmp(out->w[drop], titles[k]);
        if (!t)
            break;
    }
    if (drop) {
        memmove(out->w, out->w + drop, (size_t)(out->n - drop) * sizeof out->w[0]);
        out->n -= drop;
    }
}

/* Same name: equal word lists after titles; for people also the surname rule: equal last words, and
 * when both give a first name, equal first names or one an initial of the other. */
static bool same_name(const char *gold, const char *pred, bool person)
{
    words a, b;
    split_name(gold, &a);
    split_name(pred, &b);
    if (a.n == 0 || b.n == 0)
        return false;
    bool eq = a.n == b.n;
    for (int i = 0; eq && i < a.n; i++)
        eq = !strcmp(a.w[i], b.w[i]);
    if (eq || !person)
        return eq;
    if (strcmp(a.w[a.n - 1], b.w[b.n - 1]))
        return false;
    if (a.n == 1 || b.n == 1)
        return true;
    /* a description that is the tail of a fuller one: "foreign ministry spokesman" names the same
     * person as "North Korea foreign ministry spokesman" */
    const words *shorter = a.n < b.n ? &a : &b, *longer = a.n < b.n ? &b : &a;
    if (shorter->n >= 2 && shorter->n < longer->n) {
        bool tail = true;
        for (int i = 0; tail && i < shorter->n; i++)
            tail = !strcmp(shorter->w[i], longer->w[longer->n - shorter->n + i]);
        if (tail)
            return true;
    }
    const char *x = a.w[0], *y = b.w[0];
    return !strcmp(x, y) || ((strlen(x) == 1 || strlen(y) == 1) && x[0] == y[0]);
}

/* The speaker rule for a content hit (docs/ACCURACY.md). */
static bool speaker_right(const ws_gold_doc *d, const ws_gold_attribution *g, const ws_attribution *p,
                          const ws_entity *ents, size_t nents)
{
    bool has_ent = p->entity >= 0 && (size_t)p->entity < nents && ents[p->entity].name;
    bool has_src = p->source.start != WS_NONE;
    if (g->speaker) {
        if (has_ent)
            return same_name(g->speaker, ents[p->entity].name,
                             g->speaker_kind == WS_PERSON || ents[p->entity].kind == WS_PERSON);
        if (!has_src)
            return false;
        /* no resolved speaker: the source mention itself may name it */
        size_t n = p->source.end - p->source.start;
        char buf[256];
        if (n >= sizeof buf)
            n = sizeof buf - 1;
        memcpy(buf, d->text + p->source.start, n);
        buf[n] = '\0';
        return same_name(g->speaker, buf, g->speaker_kind == WS_PERSON);
    }
    if (g->source.span.start != WS_NONE) /* PolNeAR: no names, source mentions must overlap */
        return has_src && overlaps(gold_segs(&g->source), (segl){&p->source, 1});
    return !has_ent && !has_src; /* the article never says who */
}

/* ---- adding a document ---- */

static bool in_subset(const ws_eval *ev, ws_kind k) { return !ev->cfg.quoted_only || k != WS_INDIRECT; }

static bool span_ok(ws_span s, uint32_t len)
{
    return s.start == WS_NONE || (s.start <= s.end && s.end <= len);
}

static int cmp_span_start(const void *a, const void *b)
{
    const ws_span *x = a, *y = b;
    return x->start < y->start ? -1 : x->start > y->start;
}

ws_status ws_eval_add(ws_eval *ev, const ws_gold *gold, size_t doc, const ws_attribution *pred,
                      size_t npred, const ws_entity *ents, size_t nents)
{
    if (!ev || !gold || doc >= gold->ndocs || (npred && !pred) || (nents && !ents))
        return WS_EINVAL;
    if (npred > WS_MAX_ATTRIBUTIONS)
        return WS_ETOOBIG;
    const ws_gold_doc *d = &gold->docs[doc];
    for (size_t k = 0; k < npred; k++) {
        const ws_attribution *a = &pred[k];
        if (a->content.start == WS_NONE || !span_ok(a->content, d->len) || !span_ok(a->cue, d->len) ||
            !span_ok(a->source, d->len) || (a->nsegments && !a->segments))
            return WS_EINVAL;
        for (uint32_t s = 0; s < a->nsegments; s++)
            if (a->segments[s].start == WS_NONE || !span_ok(a->segments[s], d->len))
                return WS_EINVAL;
    }
    ev->items.len = 0;
    ev->items.failed = false;

    /* the attributions in the subset */
    uint32_t ng = 0, np = 0, nseg = 0;
    for (uint32_t i = 0; i < d->nattrs; i++)
        ng += in_subset(ev, d->attrs[i].kind);
    for (size_t k = 0; k < npred; k++)
        if (in_subset(ev, pred[k].kind)) {
            np++;
            nseg += pred[k].nsegments;
        }
    uint32_t *gi = ws_malloc((ng + 1) * sizeof *gi), *pi = ws_malloc((np + 1) * sizeof *pi);
    segl *gs = ws_malloc((ng * 3 + 1) * sizeof *gs);
    bool *gopt = ws_malloc((ng * 3 + 1) * sizeof *gopt);
    pspan *ps = ws_malloc((np * 3 + 1) * sizeof *ps);
    ws_span *segbuf = ws_malloc((nseg + 1) * sizeof *segbuf);
    ws_vec pairs;
    ws_vec_init(&pairs, sizeof(pair));
    int32_t *gm = ws_malloc((ng * 3 + 1) * sizeof *gm), *pm = ws_malloc((np * 3 + 1) * sizeof *pm);
    double *best = ws_malloc((ng + 1) * sizeof *best);
    ws_status st = WS_ENOMEM;
    if (!gi || !pi || !gs || !gopt || !ps || !segbuf || !gm || !pm || !best)
        goto done;
    ng = np = 0;
    for (uint32_t i = 0; i < d->nattrs; i++)
        if (in_subset(ev, d->attrs[i].kind))
            gi[ng++] = i;
    nseg = 0;
    for (uint32_t k = 0; k < npred; k++) {
        if (!in_subset(ev, pred[k].kind))
            continue;
        pi[np] = k;
        ps[np].cover = (segl){&pred[k].content, 1};
        ps[np].parts = ps[np].cover;
        if (pred[k].nsegments > 1) { /* sorted copy */
            ws_span *s = segbuf + nseg;
            memcpy(s, pred[k].segments, pred[k].nsegments * sizeof *s);
            qsort(s, pred[k].nsegments, sizeof *s, cmp_span_start);
            ps[np].parts = (segl){s, pred[k].nsegments};
            nseg += pred[k].nsegments;
        }
        np++;
    }

    /* per role: distinct spans on each side (a gold span is optional when all its uses are) */
    match_job j = {.d = d, .g = gs, .gopt = gopt, .p = ps, .pairs = &pairs, .gm = gm, .pm = pm};
    static const ws_role roles[] = {WS_ROLE_SOURCE, WS_ROLE_CUE, WS_ROLE_CONTENT};
    for (size_t r = 0; r < sizeof roles / sizeof roles[0]; r++) {
        uint32_t ngr = 0, npr = 0;
        for (uint32_t i = 0; i < ng; i++) {
            const ws_gold_attribution *a = &d->attrs[gi[i]];
            const ws_gold_span *gsp = roles[r] == WS_ROLE_SOURCE ? &a->source
                                    : roles[r] == WS_ROLE_CUE    ? &a->cue
                                                                 : &a->content;
            if (gsp->span.start == WS_NONE)
                continue;
            segl s = gold_segs(gsp);
            uint32_t k = 0;
            while (k < ngr && !segl_eq(gs[k], s))
                k++;
            if (k == ngr) {
                gs[ngr] = s;
                gopt[ngr++] = a->optional != 0;
            } else {
                gopt[k] = gopt[k] && a->optional;
            }
        }
        pspan *pr = ps + np; /* role spans go after the content items */
        for (uint32_t i = 0; i < np; i++) {
            const ws_attribution *a = &pred[pi[i]];
            pspan s = ps[i];
            if (roles[r] != WS_ROLE_CONTENT) {
                const ws_span *sp = roles[r] == WS_ROLE_SOURCE ? &a->source : &a->cue;
                if (sp->start == WS_NONE)
                    continue;
                s.cover = s.parts = (segl){sp, 1};
            }
            uint32_t k = 0;
            while (k < npr && !(segl_eq(pr[k].cover, s.cover) && segl_eq(pr[k].parts, s.parts)))
                k++;
            if (k == npr)
                pr[npr++] = s;
        }
        j.ng = ngr;
        j.p = pr;
        j.np = npr;
        j.best = NULL;
        for (int how = WS_MATCH_EXACT; how <= WS_MATCH_JACCARD; how++)
            if (!run_match(&j, how, how == WS_MATCH_JACCARD ? JACCARD_MIN : 1.0, &ev->r.roles[roles[r]][how]))
                goto done;
    }

    /* per attribution: content by best Jaccard */
    for (uint32_t i = 0; i < ng; i++) {
        gs[i] = gold_segs(&d->attrs[gi[i]].content);
        gopt[i] = d->attrs[gi[i]].optional != 0;
    }
    j.ng = ng;
    j.p = ps;
    j.np = np;
    j.best = best;
    ws_prf soft = {0};
    if (!run_match(&j, WS_MATCH_JACCARD, JACCARD_MIN, &soft))
        goto done;
    ev->r.soft.tp += soft.tp;
    ev->r.soft.ngold += soft.ngold;
    ev->r.soft.npred += soft.npred;
    ev->r.e2e.ngold += soft.ngold;
    ev->r.e2e.npred += soft.npred;
    ev->r.ngold += soft.ngold;
    ev->r.npred += soft.npred;
    ev->r.noptional += ng - soft.ngold;
    for (uint32_t i = 0; i < ng; i++) {
        const ws_gold_attribution *a = &d->attrs[gi[i]];
        if (a->optional)
            continue;
        ev->r.kind_gold[a->kind]++;
        ws_eval_item *it = ws_vec_push(&ev->items);
        if (!it)
            goto done;
        it->gold = (int32_t)gi[i];
        if (gm[i] < 0) {
            it->outcome = WS_EVAL_MISS;
            it->pred = -1;
            continue;
        }
        const ws_attribution *p = &pred[pi[gm[i]]];
        it->outcome = WS_EVAL_HIT;
        it->pred = (int32_t)pi[gm[i]];
        it->jaccard = best[i];
        it->speaker_ok = speaker_right(d, a, p, ents, nents);
        ev->r.kind_found[a->kind]++;
        ev->r.matched++;
        if (it->speaker_ok) {
            ev->r.speaker_ok++;
            ev->r.e2e.tp++;
        }
    }
    for (uint32_t k = 0; k < np; k++) {
        if (pm[k] != -1)
            continue;
        ws_eval_item *it = ws_vec_push(&ev->items);
        if (!it)
            goto done;
        *it = (ws_eval_item){WS_EVAL_FALSE_HIT, -1, (int32_t)pi[k], 0.0, 0};
    }
    ev->r.ndocs++;
    st = WS_OK;
done:
    ws_free(gi);
    ws_free(pi);
    ws_free(gs);
    ws_free(gopt);
    ws_free(ps);
    ws_free(segbuf);
    ws_vec_free(&pairs);
    ws_free(gm);
    ws_free(pm);
    ws_free(best);
    return st;
}

/* ---- results ---- */

static double ratio(size_t a, size_t b) { return b ? (double)a / (double)b : 0.0; }

static void finish(ws_prf *x)
{
    x->p = ratio(x->tp, x->npred);
    x->r = ratio(x->tp, x->ngold);
    x->f = x->p + x->r > 0 ? 2 * x->p * x->r / (x->p + x->r) : 0.0;
}

void ws_eval_get(const ws_eval *ev, ws_eval_result *out)
{
    *out = ev->r;
    for (int r = 0; r < 3; r++)
        for (int m = 0; m < 3; m++)
            finish(&out->roles[r][m]);
    finish(&out->soft);
    finish(&out->e2e);
    out->speaker_accuracy = ratio(out->speaker_ok, out->matched);
    for (int k = 0; k < 3; k++)
        out->recall_by_kind[k] = ratio(out->kind_found[k], out->kind_gold[k]);
}

static void json_prf(ws_buf *b, const char *key, const ws_prf *x)
{
    ws_buf_printf(b, "\"%s\":{\"p\":%.6f,\"r\":%.6f,\"f\":%.6f}", key, x->p, x->r, x->f);
}

ws_status ws_eval_result_json(const ws_eval_result *r, char **out, size_t *outlen)
{
    static const char *const role_names[] = {"source", "cue", "content"};
    static const char *const match_names[] = {"exact", "trimmed", "jaccard"};
    ws_buf b;
    ws_buf_init(&b);
    ws_buf_adds(&b, "{\"roles\":{");
    for (int i = 0; i < 3; i++) {
        ws_buf_printf(&b, "%s\"%s\":{", i ? "," : "", role_names[i]);
        for (int m = 0; m < 3; m++) {
            if (m)
                ws_buf_addc(&b, ',');
            json_prf(&b, match_names[m], &r->roles[i][m]);
        }
        ws_buf_addc(&b, '}');
    }
    ws_buf_adds(&b, "},\"attribution\":{");
    json_prf(&b, "soft", &r->soft);
    ws_buf_addc(&b, ',');
    json_prf(&b, "e2e", &r->e2e);
    ws_buf_printf(&b, ",\"speaker_accuracy\":%.6f},\"recall_by_kind\":{", r->speaker_accuracy);
    for (int k = WS_DIRECT; k <= WS_INDIRECT; k++)
        ws_buf_printf(&b, "%s\"%s\":%.6f", k ? "," : "", ws_kind_name((ws_kind)k), r->recall_by_kind[k]);
    ws_buf_printf(&b, "},\"gold\":%zu,\"pred\":%zu}", r->ngold, r->npred);
    if (b.failed) {
        ws_buf_free(&b);
        return WS_ENOMEM;
    }
    *out = b.data;
    if (outlen)
        *outlen = b.len;
    return WS_OK;
}
