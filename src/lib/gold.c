/* gold.c — gold attributions for evaluation: PolNeAR brat standoff (Newell et al., LREC 2018;
 * ../shared/data/polnear/README.md) and the JSON gold format (../shared/data/FORMAT.md), with
 * character <-> UTF-8 byte offset conversion. Gold offsets are code point indexes (Python str) unless
 * a JSON file says "offsets": "bytes"; everything is stored as byte offsets into the text. */
#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "eval.h"

enum { MAX_ANN_BYTES = 16u * 1024u * 1024u, MAX_SEGMENTS = 64 };

/* ---- errors ---- */

static ws_status fail(ws_gold *g, ws_status st, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static ws_status fail(ws_gold *g, ws_status st, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(g->err, sizeof g->err, fmt, ap);
    va_end(ap);
    return st;
}

/* ---- the corpus ---- */

ws_status ws_gold_new(ws_gold **out)
{
    if (!out)
        return WS_EINVAL;
    *out = ws_calloc(1, sizeof **out);
    if (!*out)
        return WS_ENOMEM;
    ws_arena_init(&(*out)->arena);
    return WS_OK;
}

void ws_gold_free(ws_gold *g)
{
    if (!g)
        return;
    ws_arena_free(&g->arena);
    ws_free(g->docs);
    ws_free(g);
}

const char *ws_gold_error(const ws_gold *g) { return g ? g->err : ""; }
size_t ws_gold_ndocs(const ws_gold *g) { return g->ndocs; }
const char *ws_gold_doc_name(const ws_gold *g, size_t i) { return i < g->ndocs ? g->docs[i].name : NULL; }
unsigned ws_gold_doc_flags(const ws_gold *g, size_t i) { return i < g->ndocs ? g->docs[i].flags : 0; }

const char *ws_gold_doc_text(const ws_gold *g, size_t i, size_t *len)
{
    if (i >= g->ndocs)
        return NULL;
    if (len)
        *len = g->docs[i].len;
    return g->docs[i].text;
}

size_t ws_gold_doc_attributions(const ws_gold *g, size_t i, const ws_gold_attribution **out)
{
    if (i >= g->ndocs) {
        *out = NULL;
        return 0;
    }
    *out = g->docs[i].attrs;
    return g->docs[i].nattrs;
}

long ws_gold_find(const ws_gold *g, const char *name)
{
    for (size_t i = 0; i < g->ndocs; i++)
        if (!strcmp(g->docs[i].name, name))
            return (long)i;
    return -1;
}

/* ---- offsets ---- */

uint32_t ws_utf8_char_to_byte(const char *text, size_t len, uint32_t ch)
{
    const unsigned char *u = (const unsigned char *)text;
    size_t i = 0;
    for (uint32_t k = 0; k < ch; k++) {
        if (i >= len)
            return WS_NONE;
        uint32_t cp;
        i += (size_t)ws_utf8_decode(u, len, i, &cp);
    }
    return (uint32_t)i;
}

uint32_t ws_utf8_byte_to_char(const char *text, size_t len, uint32_t b)
{
    if (b > len)
        return WS_NONE;
    const unsigned char *u = (const unsigned char *)text;
    uint32_t ch = 0;
    size_t i = 0;
    while (i < b) {
        uint32_t cp;
        i += (size_t)ws_utf8_decode(u, len, i, &cp);
        ch++;
    }
    return ch;
}

/* Adds a document with its text; fills char_of. *byte_of (nchars + 1 entries, heap, caller frees)
 * maps code point indexes back to bytes. */
static ws_status add_doc(ws_gold *g, const char *name, const char *text, size_t len, unsigned flags,
                         ws_gold_doc **out, uint32_t **byte_of, uint32_t *nchars)
{
    *out = NULL;
    *byte_of = NULL;
    if (len > WS_MAX_DOC_BYTES)
        return fail(g, WS_ETOOBIG, "%s: text over the %u-byte limit", name, WS_MAX_DOC_BYTES);
    if (g->ndocs == g->cap) {
        size_t cap = g->cap ? g->cap * 2 : 64;
        ws_gold_doc *d = ws_realloc(g->docs, cap * sizeof *d);
        if (!d)
            goto nomem;
        g->docs = d;
        g->cap = cap;
    }
    ws_gold_doc *d = &g->docs[g->ndocs];
    memset(d, 0, sizeof *d);
    d->name = ws_arena_strndup(&g->arena, name, strlen(name));
    d->text = ws_arena_strndup(&g->arena, text ? text : "", len);
    d->char_of = ws_arena_alloc(&g->arena, (len + 1) * sizeof *d->char_of);
    *byte_of = ws_malloc((len + 1) * sizeof **byte_of);
    if (!d->name || !d->text || !d->char_of || !*byte_of) {
        ws_free(*byte_of);
        goto nomem;
    }
    d->len = (uint32_t)len;
    d->flags = flags;
    const unsigned char *u = (const unsigned char *)d->text;
    uint32_t ch = 0;
    size_t i = 0;
    while (i < len) {
        uint32_t cp;
        int l = ws_utf8_decode(u, len, i, &cp);
        (*byte_of)[ch] = (uint32_t)i;
        for (int k = 0; k < l; k++)
            d->char_of[i + (size_t)k] = ch;
        i += (size_t)l;
        ch++;
    }
    d->char_of[len] = ch;
    (*byte_of)[ch] = (uint32_t)len;
    *nchars = ch;
    *out = d; /* counted in g->ndocs by the caller once complete */
    return WS_OK;
nomem:
    return fail(g, WS_ENOMEM, "%s: out of memory", name);
}

/* ---- spans ---- */

typedef struct {
    uint32_t n;
    ws_span seg[MAX_SEGMENTS]; /* in the gold's offsets until converted */
} segs;

static int cmp_span(const void *a, const void *b)
{
    const ws_span *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return x->end < y->end ? -1 : x->end > y->end;
}

/* Sorts and merges overlapping or touching segments; drops empty ones unless all are empty. */
static void segs_normalize(segs *s)
{
    qsort(s->seg, s->n, sizeof s->seg[0], cmp_span);
    uint32_t k = 0;
    for (uint32_t i = 0; i < s->n; i++) {
        if (k > 0 && s->seg[i].start <= s->seg[k - 1].end) {
            if (s->seg[i].end > s->seg[k - 1].end)
                s->seg[k - 1].end = s->seg[i].end;
        } else {
            s->seg[k++] = s->seg[i];
        }
    }
    s->n = k;
}

/* Converts code point segments to a gold span (bytes) in g's arena; false when out of range. */
static bool make_span(ws_gold *g, const ws_gold_doc *d, const uint32_t *byte_of, uint32_t nchars,
                      bool chars, segs *s, ws_gold_span *out)
{
    out->span = (ws_span){WS_NONE, WS_NONE};
    out->nsegments = 0;
    out->segments = NULL;
    if (s->n == 0)
        return true;
    uint32_t limit = chars ? nchars : d->len;
    for (uint32_t i = 0; i < s->n; i++) {
        if (s->seg[i].start > s->seg[i].end || s->seg[i].end > limit)
            return false;
        if (chars) {
            s->seg[i].start = byte_of[s->seg[i].start];
            s->seg[i].end = byte_of[s->seg[i].end];
        }
    }
    segs_normalize(s);
    out->span = (ws_span){s->seg[0].start, s->seg[s->n - 1].end};
    if (s->n > 1) {
        ws_span *p = ws_arena_alloc(&g->arena, s->n * sizeof *p);
        if (!p)
            return false;
        memcpy(p, s->seg, s->n * sizeof *p);
        out->segments = p;
        out->nsegments = s->n;
    }
    return true;
}

/* ---- kind from quotation marks (brat gold has none) ---- */

static bool cp_is_open_mark(uint32_t cp)
{
    return cp == '"' || cp == 0x201C || cp == 0x201E || cp == 0x00AB || cp == 0x2018 || cp == '\'';
}
static bool cp_is_close_mark(uint32_t cp)
{
    return cp == '"' || cp == 0x201D || cp == 0x00BB || cp == 0x2019 || cp == '\'';
}
static bool cp_is_word(uint32_t cp) { return ws_cp_is_alpha(cp) || ws_cp_is_digit(cp); }

/* Decodes the code point that ends at byte e (e > s). */
static uint32_t cp_before(const unsigned char *t, size_t s, size_t e, size_t *at)
{
    size_t i = e - 1;
    while (i > s && e - i < 4 && (t[i] & 0xC0) == 0x80)
        i--;
    uint32_t cp;
    int l = ws_utf8_decode(t, e, i, &cp);
    if (i + (size_t)l != e) { /* not a whole sequence: take the last byte alone */
        i = e - 1;
        cp = 0xFFFD;
    }
    *at = i;
    return cp;
}

/* A quotation mark at byte i. Double marks always; single marks only outside words: ‘ or ' opens
 * after a space (or the start, or an opening bracket/mark) before a letter; ’ or ' closes when no
 * letter follows, after a non-letter or while a single mark is open. "Clinton’s", "don't", "U.N.'s",
 * "the '60s", "voters’ views" are apostrophes. */
static bool quote_mark_at(const unsigned char *t, size_t s, size_t e, size_t i, uint32_t cp, int l,
                          bool *single_open)
{
    if (!cp_is_open_mark(cp) && !cp_is_close_mark(cp))
        return false;
    if (cp != '\'' && cp != 0x2018 && cp != 0x2019)
        return true;
    size_t at;
    uint32_t prev = i > s ? cp_before(t, s, i, &at) : ' ';
    uint32_t next = ' ';
    if (i + (size_t)l < e)
        ws_utf8_decode(t, e, i + (size_t)l, &next);
    if (cp_is_word(next)) {
        bool opener = ws_cp_is_space(prev) || prev == '(' || prev == '[' || prev == '"' || prev == 0x201C ||
                      prev == 0x2014 || prev == 0x2013;
        if (opener && ws_cp_is_alpha(next) && cp != 0x2019) {
            *single_open = true;
            return true;
        }
        return false;
    }
    if (!cp_is_word(prev) || *single_open) {
        *single_open = false;
        return true;
    }
    return false;
}

/* direct: every segment, edge spaces and trailing punctuation aside, opens and closes with a
 * mark; mixed: some quotation mark inside; indirect: none. */
static ws_kind derive_kind(const char *text, const ws_gold_span *c)
{
    const unsigned char *t = (const unsigned char *)text;
    const ws_span one = c->span;
    const ws_span *sg = c->nsegments ? c->segments : &one;
    uint32_t n = c->nsegments ? c->nsegments : 1;
    bool all_quoted = true, any = false;
    for (uint32_t k = 0; k < n; k++) {
        size_t s = sg[k].start, e = sg[k].end;
        uint32_t cp;
        while (s < e && (ws_utf8_decode(t, e, s, &cp), ws_cp_is_space(cp)))
            s += (size_t)ws_utf8_decode(t, e, s, &cp);
        for (;;) { /* trailing spaces and punctuation after a closing mark */
            size_t at;
            if (e <= s)
                break;
            uint32_t last = cp_before(t, s, e, &at);
            if (ws_cp_is_space(last) || (last < 128 && strchr(".,;:!?", (int)last)))
                e = at;
            else
                break;
        }
        bool opens = false, closes = false, single_open = false;
        for (size_t i = s; i < e;) {
            int l = ws_utf8_decode(t, e, i, &cp);
            if (quote_mark_at(t, s, e, i, cp, l, &single_open)) {
                any = true;
                if (i == s && cp_is_open_mark(cp))
                    opens = true;
                if (i + (size_t)l == e && i > s && cp_is_close_mark(cp))
                    closes = true;
            }
            i += (size_t)l;
        }
        if (!opens || !closes)
            all_quoted = false;
    }
    return all_quoted ? WS_DIRECT : any ? WS_MIXED : WS_INDIRECT;
}

/* ---- brat standoff ---- */

typedef enum { L_OTHER, L_SOURCE, L_CUE, L_CONTENT } label;

typedef struct {
    uint32_t id;
    label lab;
    uint32_t seg0, nseg; /* into the segment vector */
} tline;

typedef struct {
    uint32_t id, line;
    uint32_t content[8], ncontent; /* T ids */
    uint32_t source, cue;          /* T ids, 0 when absent */
} eline;

static const struct { const char *name; label lab; } brat_labels[] = {
    {"Source", L_SOURCE}, {"Cue", L_CUE}, {"Content", L_CONTENT},
};

static bool parse_u32(const char **p, const char *end, uint32_t *v)
{
    const char *s = *p;
    uint64_t x = 0;
    while (s < end && *s >= '0' && *s <= '9') {
        x = x * 10 + (uint64_t)(*s - '0');
        if (x > UINT32_MAX - 1)
            return false;
        s++;
    }
    if (s == *p)
        return false;
    *p = s;
    *v = (uint32_t)x;
    return true;
}

/* "T12<TAB>Label a b;c d<TAB>surface": true and *t filled when the line has that shape. */
static bool parse_t(const char *s, const char *end, ws_vec *segv, tline *t)
{
    const char *p = s + 1;
    if (!parse_u32(&p, end, &t->id) || p >= end || *p != '\t')
        return false;
    const char *lab = ++p;
    while (p < end && *p != ' ' && *p != '\t')
        p++;
    if (p >= end || *p != ' ')
        return false;
    size_t ll = (size_t)(p - lab);
    t->lab = L_OTHER;
    for (size_t i = 0; i < sizeof brat_labels / sizeof brat_labels[0]; i++)
        if (strlen(brat_labels[i].name) == ll && !memcmp(lab, brat_labels[i].name, ll))
            t->lab = brat_labels[i].lab;
    p++;
    t->seg0 = (uint32_t)segv->len;
    t->nseg = 0;
    for (;;) {
        uint32_t a, b;
        if (!parse_u32(&p, end, &a) || p >= end || *p != ' ')
            goto bad;
        p++;
        if (!parse_u32(&p, end, &b))
            goto bad;
        ws_span *sp = ws_vec_push(segv);
        if (!sp)
            goto bad;
        *sp = (ws_span){a, b};
        t->nseg++;
        if (p < end && *p == ';') {
            p++;
            continue;
        }
        break;
    }
    if (p < end && *p != '\t')
        goto bad;
    return true;
bad:
    segv->len = t->seg0;
    return false;
}

/* "E3<TAB>Attribution:T4 Content:T3 Cue:T2 Source:T1" (argument names may carry a digit suffix:
 * Content2). */
static bool parse_e(const char *s, const char *end, eline *e)
{
    const char *p = s + 1;
    memset(e, 0, sizeof *e);
    if (!parse_u32(&p, end, &e->id) || p >= end || *p != '\t')
        return false;
    p++;
    bool first = true;
    while (p < end) {
        while (p < end && *p == ' ')
            p++;
        if (p >= end)
            break;
        const char *role = p;
        while (p < end && *p != ':' && *p != ' ')
            p++;
        if (p >= end || *p != ':')
            return false;
        size_t rl = (size_t)(p - role);
        while (rl > 0 && role[rl - 1] >= '0' && role[rl - 1] <= '9')
            rl--;
        p++;
        uint32_t ref;
        if (p >= end || *p != 'T')
            return false;
        p++;
        if (!parse_u32(&p, end, &ref) || ref == 0)
            return false;
        if (first) {
            first = false; /* the trigger (Attribution / Attribution-no-source) */
        } else if (rl == 7 && !memcmp(role, "Content", 7)) {
            if (e->ncontent < sizeof e->content / sizeof e->content[0])
                e->content[e->ncontent++] = ref;
        } else if (rl == 6 && !memcmp(role, "Source", 6)) {
            if (!e->source)
                e->source = ref;
        } else if (rl == 3 && !memcmp(role, "Cue", 3)) {
            if (!e->cue)
                e->cue = ref;
        }
    }
    return !first;
}

static const tline *find_t(const ws_vec *tv, uint32_t id)
{
    for (size_t i = 0; i < tv->len; i++)
        if (WS_VEC_AT(tv, tline, i).id == id)
            return &WS_VEC_AT(tv, tline, i);
    return NULL;
}

static int cmp_gold_attr(const void *a, const void *b)
{
    const ws_gold_attribution *x = a, *y = b;
    if (x->content.span.start != y->content.span.start)
        return x->content.span.start < y->content.span.start ? -1 : 1;
    return x->content.span.end < y->content.span.end ? -1 : x->content.span.end > y->content.span.end;
}

/* Appends the segments of T line ref to s; false when ref is unknown or there are too many. */
static bool add_t_segs(const ws_vec *tv, const ws_vec *segv, uint32_t ref, segs *s)
{
    const tline *t = find_t(tv, ref);
    if (!t)
        return false;
    for (uint32_t k = 0; k < t->nseg; k++) {
        if (s->n == MAX_SEGMENTS)
            return false;
        s->seg[s->n++] = WS_VEC_AT(segv, ws_span, t->seg0 + k);
    }
    return true;
}

/* src names the .ann in messages. */
static ws_status add_brat(ws_gold *g, const char *name, const char *src, const char *text,
                          size_t text_len, unsigned flags, const char *ann, size_t ann_len)
{
    if (!g || !name || (!ann && ann_len))
        return WS_EINVAL;
    g->err[0] = '\0';
    ws_vec tv, ev, segv, out;
    ws_vec_init(&tv, sizeof(tline));
    ws_vec_init(&ev, sizeof(eline));
    ws_vec_init(&segv, sizeof(ws_span));
    ws_vec_init(&out, sizeof(ws_gold_attribution));
    uint32_t *byte_of = NULL, nchars = 0;
    ws_gold_doc *d;
    ws_status st = add_doc(g, name, text, text_len, flags, &d, &byte_of, &nchars);
    if (st != WS_OK)
        goto done;
    /* pass 1: T and E lines; a line matching no brat pattern continues a multi-line surface */
    uint32_t lineno = 0;
    bool seen_t = false;
    for (size_t i = 0; i < ann_len;) {
        const char *s = ann + i, *nl = memchr(s, '\n', ann_len - i);
        const char *end = nl ? nl : ann + ann_len;
        i = (size_t)(end - ann) + 1;
        lineno++;
        if (end > s && end[-1] == '\r')
            end--;
        if (end == s)
            continue;
        tline t;
        eline e;
        bool is_t = *s == 'T' && parse_t(s, end, &segv, &t);
        if (segv.failed)
            goto nomem;
        if (is_t) {
            seen_t = true;
            tline *slot = ws_vec_push(&tv);
            if (!slot)
                goto nomem;
            *slot = t;
        } else if (*s == 'E' && parse_e(s, end, &e)) {
            e.line = lineno;
            eline *slot = ws_vec_push(&ev);
            if (!slot)
                goto nomem;
            *slot = e;
        } else if (*s == '#' || *s == 'A' || *s == 'R' || *s == 'N' || *s == '*') {
            continue; /* notes, attributes, relations, normalizations */
        } else if (!seen_t) {
            st = fail(g, WS_EFORMAT, "%s:%u: not a brat standoff line", src, lineno);
            goto done;
        }
    }
    /* pass 2: one attribution per event with content */
    for (size_t k = 0; k < ev.len; k++) {
        const eline *e = &WS_VEC_AT(&ev, eline, k);
        if (e->ncontent == 0)
            continue; /* PolNeAR has a few events without content: nothing was said */
        segs cs = {0}, ss = {0}, qs = {0};
        bool ok = true;
        for (uint32_t c = 0; c < e->ncontent; c++)
            ok = ok && add_t_segs(&tv, &segv, e->content[c], &cs);
        if (e->source)
            ok = ok && add_t_segs(&tv, &segv, e->source, &ss);
        if (e->cue)
            ok = ok && add_t_segs(&tv, &segv, e->cue, &qs);
        if (!ok) {
            st = fail(g, WS_EFORMAT, "%s:%u: E%u refers to a missing T line", src, e->line, e->id);
            goto done;
        }
        ws_gold_attribution *a = ws_vec_push(&out);
        if (!a)
            goto nomem;
        if (!make_span(g, d, byte_of, nchars, true, &cs, &a->content) ||
            !make_span(g, d, byte_of, nchars, true, &ss, &a->source) ||
            !make_span(g, d, byte_of, nchars, true, &qs, &a->cue)) {
            if (g->arena.failed)
                goto nomem;
            st = fail(g, WS_EFORMAT, "%s:%u: E%u has a span outside the %u-character text", src,
                      e->line, e->id, nchars);
            goto done;
        }
        a->kind = derive_kind(d->text, &a->content);
        a->speaker_kind = WS_UNKNOWN;
    }
    d->nattrs = (uint32_t)out.len;
    if (out.len) {
        qsort(out.data, out.len, sizeof(ws_gold_attribution), cmp_gold_attr);
        d->attrs = ws_arena_alloc(&g->arena, out.len * sizeof *d->attrs);
        if (!d->attrs)
            goto nomem;
        memcpy(d->attrs, out.data, out.len * sizeof *d->attrs);
    }
    g->ndocs++;
    goto done;
nomem:
    st = fail(g, WS_ENOMEM, "%s: out of memory", name);
done:
    ws_free(byte_of);
    ws_vec_free(&tv);
    ws_vec_free(&ev);
    ws_vec_free(&segv);
    ws_vec_free(&out);
    return st;
}

ws_status ws_gold_add_brat(ws_gold *g, const char *name, const char *text, size_t text_len,
                           unsigned flags, const char *ann, size_t ann_len)
{
    return add_brat(g, name, name, text, text_len, flags, ann, ann_len);
}

/* ---- JSON gold ---- */

static ws_status json_pair(ws_gold *g, const char *src, size_t idx, const char *field, json_t *v,
                           segs *s)
{
    s->n = 0;
    if (!v || json_is_null(v))
        return WS_OK;
    if (!json_is_array(v) || json_array_size(v) != 2 || !json_is_integer(json_array_get(v, 0)) ||
        !json_is_integer(json_array_get(v, 1)))
        return fail(g, WS_EFORMAT, "%s: attribution %zu: \"%s\" is not [start, end]", src, idx, field);
    json_int_t a = json_integer_value(json_array_get(v, 0)), b = json_integer_value(json_array_get(v, 1));
    if (a < 0 || b < a || b > (json_int_t)UINT32_MAX - 1)
        return fail(g, WS_EFORMAT, "%s: attribution %zu: \"%s\" [%lld, %lld] is not a span", src, idx,
                    field, (long long)a, (long long)b);
    s->seg[0] = (ws_span){(uint32_t)a, (uint32_t)b};
    s->n = 1;
    return WS_OK;
}

static const struct { const char *name; ws_kind kind; } kind_names[] = {
    {"direct", WS_DIRECT}, {"mixed", WS_MIXED}, {"indirect", WS_INDIRECT},
};

static ws_status json_attr(ws_gold *g, ws_gold_doc *d, const char *name, const uint32_t *byte_of,
                           uint32_t nchars, bool chars, size_t idx, json_t *o, ws_gold_attribution *a)
{
    if (!json_is_object(o))
        return fail(g, WS_EFORMAT, "%s: attribution %zu is not an object", name, idx);
    const char *kind = json_string_value(json_object_get(o, "kind"));
    size_t k = 0, nk = sizeof kind_names / sizeof kind_names[0];
    while (kind && k < nk && strcmp(kind, kind_names[k].name))
        k++;
    if (!kind || k == nk)
        return fail(g, WS_EFORMAT, "%s: attribution %zu: \"kind\" is not direct, mixed or indirect", name, idx);
    a->kind = kind_names[k].kind;
    static const char *const roles[] = {"content", "source", "cue"};
    ws_gold_span *dst[] = {&a->content, &a->source, &a->cue};
    for (int r = 0; r < 3; r++) {
        segs s;
        ws_status st = json_pair(g, name, idx, roles[r], json_object_get(o, roles[r]), &s);
        if (st != WS_OK)
            return st;
        if (r == 0) {
            if (s.n == 0)
                return fail(g, WS_EFORMAT, "%s: attribution %zu has no \"content\"", name, idx);
            json_t *cs = json_object_get(o, "content_segments");
            if (json_is_array(cs) && json_array_size(cs) > 0) {
                if (json_array_size(cs) > MAX_SEGMENTS)
                    return fail(g, WS_EFORMAT, "%s: attribution %zu: over %d content segments", name, idx,
                                MAX_SEGMENTS);
                s.n = 0;
                for (size_t i = 0; i < json_array_size(cs); i++) {
                    segs one;
                    st = json_pair(g, name, idx, "content_segments", json_array_get(cs, i), &one);
                    if (st != WS_OK)
                        return st;
                    if (one.n)
                        s.seg[s.n++] = one.seg[0];
                }
            }
        }
        if (!make_span(g, d, byte_of, nchars, chars, &s, dst[r])) {
            if (g->arena.failed)
                return fail(g, WS_ENOMEM, "%s: out of memory", name);
            return fail(g, WS_EFORMAT, "%s: attribution %zu: \"%s\" ends past the text (%u %s)", name, idx,
                        roles[r], chars ? nchars : d->len, chars ? "characters" : "bytes");
        }
    }
    json_t *sp = json_object_get(o, "speaker");
    if (json_is_string(sp)) {
        a->speaker = ws_arena_strndup(&g->arena, json_string_value(sp), json_string_length(sp));
        if (!a->speaker)
            return fail(g, WS_ENOMEM, "%s: out of memory", name);
    } else if (sp && !json_is_null(sp)) {
        return fail(g, WS_EFORMAT, "%s: attribution %zu: \"speaker\" is not a string", name, idx);
    }
    a->speaker_kind = WS_UNKNOWN;
    const char *sk = json_string_value(json_object_get(o, "speaker_kind"));
    for (int e = WS_PERSON; sk && e <= WS_UNKNOWN; e++)
        if (!strcmp(sk, ws_entity_kind_name((ws_entity_kind)e)))
            a->speaker_kind = (ws_entity_kind)e;
    a->optional = json_is_true(json_object_get(o, "optional"));
    return WS_OK;
}

/* src names the .json in messages. */
static ws_status add_json(ws_gold *g, const char *name, const char *src, const char *text,
                          size_t text_len, unsigned flags, const char *json, size_t json_len)
{
    if (!g || !name || (!json && json_len))
        return WS_EINVAL;
    g->err[0] = '\0';
    json_error_t jerr;
    json_t *root = json_loadb(json ? json : "", json_len, JSON_REJECT_DUPLICATES, &jerr);
    if (!root)
        return fail(g, WS_EFORMAT, "%s:%d: not JSON: %s", src, jerr.line, jerr.text);
    ws_status st = WS_OK;
    uint32_t *byte_of = NULL, nchars = 0;
    json_t *attrs = json_object_get(root, "attributions");
    if (!json_is_object(root) || !json_is_array(attrs)) {
        st = fail(g, WS_EFORMAT, "%s: no \"attributions\" array", src);
        goto done;
    }
    const char *off = json_string_value(json_object_get(root, "offsets"));
    if (off && strcmp(off, "chars") && strcmp(off, "bytes")) {
        st = fail(g, WS_EFORMAT, "%s: \"offsets\" is \"%s\", not \"chars\" or \"bytes\"", src, off);
        goto done;
    }
    bool chars = !off || !strcmp(off, "chars");
    size_t n = json_array_size(attrs);
    if (n > WS_MAX_ATTRIBUTIONS) {
        st = fail(g, WS_ETOOBIG, "%s: over %u attributions", src, WS_MAX_ATTRIBUTIONS);
        goto done;
    }
    ws_gold_doc *d;
    if ((st = add_doc(g, name, text, text_len, flags, &d, &byte_of, &nchars)) != WS_OK)
        goto done;
    if (n) {
        d->attrs = ws_arena_alloc(&g->arena, n * sizeof *d->attrs);
        if (!d->attrs) {
            st = fail(g, WS_ENOMEM, "%s: out of memory", name);
            goto done;
        }
    }
    for (size_t i = 0; i < n; i++) {
        st = json_attr(g, d, src, byte_of, nchars, chars, i, json_array_get(attrs, i), &d->attrs[i]);
        if (st != WS_OK)
            goto done;
    }
    d->nattrs = (uint32_t)n;
    g->ndocs++;
done:
    ws_free(byte_of);
    json_decref(root);
    return st;
}

ws_status ws_gold_add_json(ws_gold *g, const char *name, const char *text, size_t text_len,
                           unsigned flags, const char *json, size_t json_len)
{
    return add_json(g, name, name, text, text_len, flags, json, json_len);
}

/* ---- folders ---- */

static ws_status read_file(ws_gold *g, const char *path, size_t limit, char **out, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return fail(g, errno == ENOENT ? WS_ENOTFOUND : WS_EIO, "%s: %s", path, strerror(errno));
    ws_buf b;
    ws_buf_init(&b);
    char chunk[65536];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) {
        ws_buf_add(&b, chunk, got);
        if (b.len > limit) {
            fclose(f);
            ws_buf_free(&b);
            return fail(g, WS_ETOOBIG, "%s: over the %zu-byte limit", path, limit);
        }
    }
    bool err = ferror(f);
    fclose(f);
    if (err || b.failed) {
        ws_buf_free(&b);
        return fail(g, err ? WS_EIO : WS_ENOMEM, "%s: %s", path, err ? "read error" : "out of memory");
    }
    ws_buf_addc(&b, '\0');
    if (b.failed) {
        ws_buf_free(&b);
        return fail(g, WS_ENOMEM, "%s: out of memory", path);
    }
    *out = b.data;
    *len = b.len - 1;
    return WS_OK;
}

static bool ends_with(const char *s, const char *suf)
{
    size_t n = strlen(s), m = strlen(suf);
    return n >= m && !strcmp(s + n - m, suf);
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* The names in dir ending in suffix, sorted, as heap strings in *list. */
static ws_status list_dir(ws_gold *g, const char *dir, const char *suffix, char ***list, size_t *n)
{
    *list = NULL;
    *n = 0;
    DIR *dp = opendir(dir);
    if (!dp)
        return fail(g, errno == ENOENT ? WS_ENOTFOUND : WS_EIO, "%s: %s", dir, strerror(errno));
    size_t cap = 0;
    struct dirent *de;
    ws_status st = WS_OK;
    while ((de = readdir(dp))) {
        if (de->d_name[0] == '.' || !ends_with(de->d_name, suffix))
            continue;
        if (*n == cap) {
            cap = cap ? cap * 2 : 256;
            char **l2 = ws_realloc(*list, cap * sizeof **list);
            if (!l2) {
                st = WS_ENOMEM;
                break;
            }
            *list = l2;
        }
        if (!((*list)[*n] = ws_strndup(de->d_name, strlen(de->d_name)))) {
            st = WS_ENOMEM;
            break;
        }
        (*n)++;
    }
    closedir(dp);
    if (st != WS_OK)
        return fail(g, st, "%s: out of memory", dir);
    if (*n)
        qsort(*list, *n, sizeof **list, cmp_str);
    return WS_OK;
}

static void free_list(char **list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        ws_free(list[i]);
    ws_free(list);
}

static bool is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static char *path_join(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    char *p = ws_malloc(la + lb + 2);
    if (p) {
        memcpy(p, a, la);
        p[la] = '/';
        memcpy(p + la + 1, b, lb + 1);
    }
    return p;
}

static ws_status load_brat(ws_gold *g, const char *dir)
{
    char *tdir = path_join(dir, "text"), *adir = path_join(dir, "attributions");
    char **texts = NULL, **anns = NULL;
    size_t nt = 0, na = 0;
    ws_status st = WS_ENOMEM;
    if (!tdir || !adir) {
        fail(g, st, "%s: out of memory", dir);
        goto done;
    }
    if ((st = list_dir(g, tdir, ".txt", &texts, &nt)) != WS_OK ||
        (st = list_dir(g, adir, ".ann", &anns, &na)) != WS_OK)
        goto done;
    for (size_t i = 0; i < nt; i++) {
        size_t stem = strlen(texts[i]) - 4;
        texts[i][stem] = '\0';
        /* NAME_XXXX.ann, XXXX the annotator (no '_'); sorted, so the first hit is the first file */
        const char *ann = NULL;
        for (size_t k = 0; k < na && !ann; k++)
            if (!strncmp(anns[k], texts[i], stem) && anns[k][stem] == '_' && !strchr(anns[k] + stem + 1, '_'))
                ann = anns[k];
        if (!ann) {
            st = fail(g, WS_ENOTFOUND, "%s/%s.txt: no %s_ANNOTATOR.ann in %s", tdir, texts[i], texts[i], adir);
            goto done;
        }
        char tname[4096], *tp = NULL, *ap = NULL, *tx = NULL, *an = NULL;
        size_t tl = 0, al = 0;
        snprintf(tname, sizeof tname, "%s.txt", texts[i]);
        if (!(tp = path_join(tdir, tname)) || !(ap = path_join(adir, ann))) {
            ws_free(tp);
            st = fail(g, WS_ENOMEM, "%s: out of memory", dir);
            goto done;
        }
        st = read_file(g, tp, WS_MAX_DOC_BYTES, &tx, &tl);
        if (st == WS_OK)
            st = read_file(g, ap, MAX_ANN_BYTES, &an, &al);
        if (st == WS_OK)
            st = add_brat(g, texts[i], ap, tx, tl, WS_IN_NEWS, an, al);
        ws_free(tp);
        ws_free(ap);
        ws_free(tx);
        ws_free(an);
        if (st != WS_OK)
            goto done;
    }
    st = WS_OK;
done:
    free_list(texts, nt);
    free_list(anns, na);
    ws_free(tdir);
    ws_free(adir);
    return st;
}

static ws_status load_json_dir(ws_gold *g, const char *dir, const char *text_dir)
{
    char **files = NULL;
    size_t nf = 0;
    ws_status st = list_dir(g, dir, ".json", &files, &nf);
    if (st != WS_OK)
        return st;
    if (nf == 0) {
        free_list(files, nf);
        return fail(g, WS_ENOTFOUND, "%s: neither text/ + attributions/ (brat) nor .json gold files", dir);
    }
    for (size_t i = 0; i < nf && st == WS_OK; i++) {
        char *jp = path_join(dir, files[i]), *js = NULL, *tp = NULL, *tx = NULL;
        size_t jl = 0, tl = 0;
        json_t *root = NULL;
        files[i][strlen(files[i]) - 5] = '\0';
        if (!jp) {
            st = fail(g, WS_ENOMEM, "%s: out of memory", dir);
            break;
        }
        if ((st = read_file(g, jp, MAX_ANN_BYTES, &js, &jl)) != WS_OK)
            goto next;
        /* the text: "doc", else NAME.txt; in text_dir, else beside the .json */
        root = json_loadb(js, jl, 0, NULL);
        const char *doc = root ? json_string_value(json_object_get(root, "doc")) : NULL;
        char tname[4096];
        snprintf(tname, sizeof tname, "%s%s", doc ? doc : files[i], doc ? "" : ".txt");
        if (strchr(tname, '/')) {
            st = fail(g, WS_EFORMAT, "%s: \"doc\" must be a file name, not a path", jp);
            goto next;
        }
        if (!(tp = path_join(text_dir ? text_dir : dir, tname))) {
            st = fail(g, WS_ENOMEM, "%s: out of memory", dir);
            goto next;
        }
        if ((st = read_file(g, tp, WS_MAX_DOC_BYTES, &tx, &tl)) != WS_OK) {
            if (st == WS_ENOTFOUND && !text_dir) {
                char msg[sizeof g->err];
                snprintf(msg, sizeof msg, "%s", g->err);
                fail(g, st, "%s (give the text folder with --text-dir)", msg);
            }
            goto next;
        }
        st = add_json(g, files[i], jp, tx, tl, WS_IN_NEWS, js, jl);
    next:
        json_decref(root);
        ws_free(jp);
        ws_free(js);
        ws_free(tp);
        ws_free(tx);
    }
    free_list(files, nf);
    return st;
}

ws_status ws_gold_load_dir(ws_gold *g, const char *dir, const char *text_dir)
{
    if (!g || !dir)
        return WS_EINVAL;
    g->err[0] = '\0';
    if (!is_dir(dir))
        return fail(g, WS_ENOTFOUND, "%s: no such folder", dir);
    char *t = path_join(dir, "text"), *a = path_join(dir, "attributions");
    if (!t || !a) {
        ws_free(t);
        ws_free(a);
        return fail(g, WS_ENOMEM, "%s: out of memory", dir);
    }
    bool brat = is_dir(t) && is_dir(a);
    ws_free(t);
    ws_free(a);
    return brat ? load_brat(g, dir) : load_json_dir(g, dir, text_dir);
}
