/* train.c — training and scoring the perceptron taggers (tagger.c) on polnear-corenlp TSV data
 * (../shared/data/polnear-corenlp/README.md). Word forms come from the original article text
 * through the character offsets when ../polnear/<split>/text/NAME.txt exists (so training sees
 * what whosaid's tokenizer produces: curly quotes, "’s"), else from the PTB-escaped column with
 * the escapes undone. Averaged perceptron with lazy averaging (Daumé's trick: avg = w - u / c);
 * document order shuffled per epoch by a seeded generator, so a seed gives the same model bytes.
 * NER models also carry a lexicon: gazetteers from ../lexicons and the training data's entity
 * strings, the latter jackknifed in training (a document sees only other folds' entities). */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <zlib.h>

#include "tagger.h"

/* ---- corpus ---- */
typedef struct {
    uint32_t a, b;       /* form: forms[a..b) */
    uint32_t b0, b1;     /* bytes in the document text (WS_NONE when the text is absent) */
    uint16_t pos, ner;   /* gold ids; ner is BILOU */
} ctok;
_Static_assert(sizeof(ctok) == 5 * sizeof(uint32_t), "ctok is read with stride 5");

typedef struct {
    uint32_t tok0, tok1, doc;
} csent;

typedef struct {
    char *text;          /* NULL when the original text was not found */
    size_t len;
} cdoc;

typedef struct {
    ws_buf forms;
    ws_vec toks, sents, docs; /* ctok, csent, cdoc */
} corpus;

static void corpus_free(corpus *c)
{
    ws_buf_free(&c->forms);
    for (size_t i = 0; i < c->docs.len; i++)
        ws_free(WS_VEC_AT(&c->docs, cdoc, i).text);
    ws_vec_free(&c->toks);
    ws_vec_free(&c->sents);
    ws_vec_free(&c->docs);
}

static void seterr(char *err, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void seterr(char *err, size_t n, const char *fmt, ...)
{
    if (!err || !n)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, n, fmt, ap);
    va_end(ap);
}

/* PTB escapes CoreNLP writes, undone when the original text is not available. */
static const struct {
    const char *esc, *plain;
} unescapes[] = {
    {"-LRB-", "("}, {"-RRB-", ")"}, {"-LCB-", "{"}, {"-RCB-", "}"}, {"-LSB-", "["}, {"-RSB-", "]"},
    {"``", "\""}, {"''", "\""}, {"`", "'"},
};

static const struct {
    const char *name;
    int type;
} ner_types[] = {
    {"PERSON", WS_NE_PERSON}, {"ORGANIZATION", WS_NE_ORGANIZATION},
    {"LOCATION", WS_NE_LOCATION}, {"MISC", WS_NE_MISC},
};

static int pos_id(const char *s)
{
    for (uint16_t i = 1; i < WS_POS_COUNT; i++)
        if (!strcmp(ws_pos_name(i), s))
            return i;
    return -1;
}

static char *read_text(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    ws_buf b;
    ws_buf_init(&b);
    char tmp[65536];
    size_t n;
    while ((n = fread(tmp, 1, sizeof tmp, f)) > 0)
        ws_buf_add(&b, tmp, n);
    bool bad = ferror(f) || b.failed;
    fclose(f);
    ws_buf_addc(&b, '\0');
    if (bad || b.failed) {
        ws_buf_free(&b);
        return NULL;
    }
    *len = b.len - 1;
    return b.data;
}

/* Code point offset -> byte offset table for text (ncp + 1 entries). */
static uint32_t *cp_map(const char *text, size_t len, uint32_t *ncp)
{
    uint32_t *m = ws_malloc(sizeof *m * (len + 1));
    if (!m)
        return NULL;
    uint32_t k = 0;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        m[k++] = (uint32_t)i;
        i += (size_t)ws_utf8_decode((const unsigned char *)text, len, i, &cp);
    }
    m[k] = (uint32_t)len;
    *ncp = k;
    return m;
}

/* Converts per-token entity types (-1 = O) of tokens [t0, t1) to BILOU ids. */
static void to_bilou(ctok *t, const int8_t *type, uint32_t n)
{
    for (uint32_t i = 0; i < n;) {
        if (type[i] < 0) {
            t[i++].ner = WS_NER_O;
            continue;
        }
        uint32_t j = i;
        while (j + 1 < n && type[j + 1] == type[i])
            j++;
        uint16_t base = (uint16_t)(2 + 4 * type[i]);
        if (i == j) {
            t[i].ner = base + 3;
        } else {
            t[i].ner = base;
            for (uint32_t k = i + 1; k < j; k++)
                t[k].ner = base + 1;
            t[j].ner = base + 2;
        }
        i = j + 1;
    }
}

/* ../polnear/<split>/text next to a .../polnear-corenlp/<split>.tsv.gz file. */
static void text_dir(const char *path, char *out, size_t n)
{
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    size_t dl = slash ? (size_t)(slash - path) : 1;
    const char *dir = slash ? path : ".";
    size_t sl = strcspn(base, ".");
    snprintf(out, n, "%.*s/../polnear/%.*s/text", (int)dl, dir, (int)sl, base);
}

typedef struct {
    int8_t *types;
    size_t cap;
} typebuf;

static ws_status end_sentence(corpus *c, uint32_t tok0, typebuf *tb)
{
    uint32_t tok1 = (uint32_t)c->toks.len;
    if (tok1 == tok0)
        return WS_OK;
    ctok *t = &WS_VEC_AT(&c->toks, ctok, tok0);
    to_bilou(t, tb->types, tok1 - tok0);
    csent *s = ws_vec_push(&c->sents);
    if (!s)
        return WS_ENOMEM;
    *s = (csent){tok0, tok1, (uint32_t)c->docs.len - 1};
    return WS_OK;
}

static ws_status corpus_read(const char *path, corpus *c, char *err, size_t errlen)
{
    memset(c, 0, sizeof *c);
    ws_buf_init(&c->forms);
    ws_vec_init(&c->toks, sizeof(ctok));
    ws_vec_init(&c->sents, sizeof(csent));
    ws_vec_init(&c->docs, sizeof(cdoc));
    gzFile gz = gzopen(path, "rb");
    if (!gz) {
        seterr(err, errlen, "%s: %s", path, strerror(errno ? errno : ENOENT));
        return WS_ENOTFOUND;
    }
    char tdir[4096];
    text_dir(path, tdir, sizeof tdir);
    char line[65536];
    size_t lineno = 0;
    uint32_t *map = NULL, ncp = 0, tok0 = 0;
    typebuf tb = {0};
    char prev_sent[32] = "";
    ws_status st = WS_OK;
#define FAIL(code, ...) do { seterr(err, errlen, __VA_ARGS__); st = code; goto out; } while (0)
    while (gzgets(gz, line, sizeof line)) {
        lineno++;
        size_t n = strlen(line);
        if (n == sizeof line - 1 && line[n - 1] != '\n')
            FAIL(WS_EFORMAT, "%s:%zu: line too long", path, lineno);
        while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = '\0';
        if (n == 0) {
            if ((st = end_sentence(c, tok0, &tb)) != WS_OK)
                goto out;
            tok0 = (uint32_t)c->toks.len;
            continue;
        }
        if (!strncmp(line, "# doc = ", 8)) {
            if ((st = end_sentence(c, tok0, &tb)) != WS_OK)
                goto out;
            tok0 = (uint32_t)c->toks.len;
            cdoc *d = ws_vec_push(&c->docs);
            if (!d)
                FAIL(WS_ENOMEM, "out of memory");
            char tp[8192];
            size_t dl = strlen(tdir), nl = strlen(line + 8);
            ws_free(map);
            map = NULL;
            d->text = NULL;
            if (!strchr(line + 8, '/') && dl + nl + 6 < sizeof tp) {
                memcpy(tp, tdir, dl);
                tp[dl] = '/';
                memcpy(tp + dl + 1, line + 8, nl);
                memcpy(tp + dl + 1 + nl, ".txt", 5);
                d->text = read_text(tp, &d->len);
            }
            if (d->text && !(map = cp_map(d->text, d->len, &ncp)))
                FAIL(WS_ENOMEM, "out of memory");
            prev_sent[0] = '\0';
            continue;
        }
        if (line[0] == '#')
            continue;
        char *f[10];
        int nf = 0;
        for (char *p = line; nf < 10;) {
            f[nf++] = p;
            char *tab = strchr(p, '\t');
            if (!tab)
                break;
            *tab = '\0';
            p = tab + 1;
        }
        if (nf < 8)
            FAIL(WS_EFORMAT, "%s:%zu: expected at least 8 tab-separated columns, found %d", path, lineno, nf);
        if (c->docs.len == 0)
            FAIL(WS_EFORMAT, "%s:%zu: token before any \"# doc = NAME\" line", path, lineno);
        if (prev_sent[0] && strcmp(prev_sent, f[1]) != 0) {
            if ((st = end_sentence(c, tok0, &tb)) != WS_OK)
                goto out;
            tok0 = (uint32_t)c->toks.len;
        }
        snprintf(prev_sent, sizeof prev_sent, "%s", f[1]);
        int pid = pos_id(f[6]);
        if (pid < 0)
            FAIL(WS_EFORMAT, "%s:%zu: unknown POS tag '%s'", path, lineno, f[6]);
        int type = -1;
        for (size_t k = 0; k < sizeof ner_types / sizeof ner_types[0]; k++)
            if (!strcmp(f[7], ner_types[k].name))
                type = ner_types[k].type;
        char *e1, *e2;
        unsigned long cb = strtoul(f[4], &e1, 10), ce = strtoul(f[5], &e2, 10);
        if (*e1 || *e2 || e1 == f[4] || e2 == f[5] || ce < cb)
            FAIL(WS_EFORMAT, "%s:%zu: bad character offsets '%s' '%s'", path, lineno, f[4], f[5]);
        cdoc *d = &WS_VEC_AT(&c->docs, cdoc, c->docs.len - 1);
        ctok *t = ws_vec_push(&c->toks);
        if (!t)
            FAIL(WS_ENOMEM, "out of memory");
        t->a = (uint32_t)c->forms.len;
        t->b0 = t->b1 = WS_NONE;
        if (d->text && ce <= ncp && ce > cb) {
            t->b0 = map[cb];
            t->b1 = map[ce];
            ws_buf_add(&c->forms, d->text + t->b0, t->b1 - t->b0);
        } else {
            const char *w = f[3];
            for (size_t k = 0; k < sizeof unescapes / sizeof unescapes[0]; k++)
                if (!strcmp(w, unescapes[k].esc))
                    w = unescapes[k].plain;
            ws_buf_adds(&c->forms, w);
        }
        t->b = (uint32_t)c->forms.len;
        t->pos = (uint16_t)pid;
        size_t ti = c->toks.len - 1 - tok0;
        if (ti >= tb.cap) {
            size_t nc = tb.cap ? tb.cap * 2 : 256;
            int8_t *p = ws_realloc(tb.types, nc);
            if (!p)
                FAIL(WS_ENOMEM, "out of memory");
            tb.types = p;
            tb.cap = nc;
        }
        tb.types[ti] = (int8_t)type;
        if (c->forms.failed || c->forms.len > UINT32_MAX / 2)
            FAIL(WS_ENOMEM, "out of memory");
    }
    if (!gzeof(gz)) {
        int ze;
        const char *m = gzerror(gz, &ze);
        FAIL(WS_EIO, "%s: read error: %s", path, m);
    }
    st = end_sentence(c, tok0, &tb);
    if (st == WS_OK && c->sents.len == 0)
        FAIL(WS_EFORMAT, "%s: no sentences", path);
out:
#undef FAIL
    gzclose(gz);
    ws_free(map);
    ws_free(tb.types);
    if (st != WS_OK)
        corpus_free(c);
    return st;
}

static ws_tsent sent_view(const corpus *c, const csent *s)
{
    const ctok *t = &WS_VEC_AT(&c->toks, ctok, s->tok0);
    return (ws_tsent){c->forms.data, &t->a, 5, s->tok1 - s->tok0};
}

/* ---- training table: feature key -> row of float weights + double averaging sums ---- */
typedef struct {
    uint64_t *keys;
    uint32_t *idx;       /* row per slot, WS_NONE = empty */
    uint32_t mask, nrows, caprows, ncl;
    float *w;
    double *u;
} ptable;

static bool pt_init(ptable *t, uint32_t ncl)
{
    memset(t, 0, sizeof *t);
    t->ncl = ncl;
    t->mask = (1u << 16) - 1;
    t->keys = ws_malloc(sizeof *t->keys * (t->mask + 1));
    t->idx = ws_malloc(sizeof *t->idx * (t->mask + 1));
    if (!t->keys || !t->idx)
        return false;
    memset(t->idx, 0xFF, sizeof *t->idx * (t->mask + 1));
    return true;
}

static void pt_free(ptable *t)
{
    ws_free(t->keys);
    ws_free(t->idx);
    ws_free(t->w);
    ws_free(t->u);
}

static uint32_t pt_find(const ptable *t, uint64_t key)
{
    for (uint32_t i = (uint32_t)key & t->mask;; i = (i + 1) & t->mask) {
        if (t->idx[i] == WS_NONE || t->keys[i] == key)
            return t->idx[i];
    }
}

static bool pt_grow(ptable *t)
{
    uint32_t nm = t->mask * 2 + 1;
    uint64_t *k = ws_malloc(sizeof *k * ((size_t)nm + 1));
    uint32_t *x = ws_malloc(sizeof *x * ((size_t)nm + 1));
    if (!k || !x) {
        ws_free(k);
        ws_free(x);
        return false;
    }
    memset(x, 0xFF, sizeof *x * ((size_t)nm + 1));
    for (uint32_t i = 0; i <= t->mask; i++) {
        if (t->idx[i] == WS_NONE)
            continue;
        uint32_t j = (uint32_t)t->keys[i] & nm;
        while (x[j] != WS_NONE)
            j = (j + 1) & nm;
        k[j] = t->keys[i];
        x[j] = t->idx[i];
    }
    ws_free(t->keys);
    ws_free(t->idx);
    t->keys = k;
    t->idx = x;
    t->mask = nm;
    return true;
}

/* Row of key, created (zero) when absent; WS_NONE on allocation failure. */
static uint32_t pt_get(ptable *t, uint64_t key)
{
    uint32_t i = (uint32_t)key & t->mask;
    while (t->idx[i] != WS_NONE) {
        if (t->keys[i] == key)
            return t->idx[i];
        i = (i + 1) & t->mask;
    }
    if (t->nrows == t->caprows) {
        uint32_t nc = t->caprows ? t->caprows * 2 : 4096;
        float *w = ws_realloc(t->w, sizeof *w * (size_t)nc * t->ncl);
        if (!w)
            return WS_NONE;
        t->w = w;
        double *u = ws_realloc(t->u, sizeof *u * (size_t)nc * t->ncl);
        if (!u)
            return WS_NONE;
        t->u = u;
        t->caprows = nc;
    }
    uint32_t r = t->nrows++;
    memset(t->w + (size_t)r * t->ncl, 0, sizeof *t->w * t->ncl);
    memset(t->u + (size_t)r * t->ncl, 0, sizeof *t->u * t->ncl);
    t->keys[i] = key;
    t->idx[i] = r;
    if ((uint64_t)t->nrows * 2 > t->mask && !pt_grow(t))
        return WS_NONE;
    return r;
}

/* ---- tag dictionary (POS): frequent words seen with one tag ---- */
/* POS: frequent words seen with one tag (Honnibal). NER: frequent words that are never part of
 * an entity get O without scoring whenever O may follow the previous tag (most tokens: speed). */
#define TD_MIN_COUNT 20
#define TD_MIN_SHARE 0.99
#define TD_NER_MIN_SHARE 0.999

typedef struct {
    uint64_t *keys;
    uint16_t *tags;
    uint32_t n;
} tagdict;

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static ws_status build_tagdict(const corpus *c, int kind, tagdict *td)
{
    memset(td, 0, sizeof *td);
    /* sort (key << 8 | tag)-style pairs: key hash and tag id side by side */
    size_t n = c->toks.len;
    uint64_t *pairs = ws_malloc(sizeof *pairs * 2 * (n ? n : 1));
    if (!pairs)
        return WS_ENOMEM;
    ws_tagger_scratch s = {0};
    size_t k = 0;
    for (size_t si = 0; si < c->sents.len; si++) {
        const csent *cs = &WS_VEC_AT(&c->sents, csent, si);
        ws_tsent t = sent_view(c, cs);
        if (!ws_tagger_words(&s, &t)) {
            ws_free(pairs);
            return WS_ENOMEM;
        }
        for (uint32_t i = 0; i < t.n; i++) {
            pairs[k++] = ws_tagdict_key(&s.wf[i + 2]);
            const ctok *ct = &WS_VEC_AT(&c->toks, ctok, cs->tok0 + i);
            pairs[k++] = kind == WS_TAGGER_POS ? ct->pos : ct->ner;
        }
    }
    ws_tagger_scratch_free(&s);
    /* sort by key, then tag: sort an index of 128-bit records via two passes over a copy */
    size_t m = k / 2;
    typedef struct { uint64_t key, tag; } rec;
    rec *r = (rec *)(void *)pairs;
    qsort(r, m, sizeof *r, cmp_u64); /* compares key only (first member) */
    td->keys = ws_malloc(sizeof *td->keys * (m ? m : 1));
    td->tags = ws_malloc(sizeof *td->tags * (m ? m : 1));
    if (!td->keys || !td->tags) {
        ws_free(pairs);
        return WS_ENOMEM;
    }
    for (size_t i = 0; i < m;) {
        size_t j = i;
        uint32_t cnt[WS_POS_COUNT] = {0};
        while (j < m && r[j].key == r[i].key)
            cnt[r[j++].tag]++;
        uint32_t best = 0;
        for (uint32_t t = 1; t < WS_POS_COUNT; t++)
            if (cnt[t] > cnt[best])
                best = t;
        double share = kind == WS_TAGGER_POS ? TD_MIN_SHARE : TD_NER_MIN_SHARE;
        if (j - i >= TD_MIN_COUNT && cnt[best] >= share * (double)(j - i) &&
            (kind == WS_TAGGER_POS || best == WS_NER_O)) {
            td->keys[td->n] = r[i].key;
            td->tags[td->n++] = (uint16_t)best;
        }
        i = j;
    }
    ws_free(pairs);
    return WS_OK;
}

/* NER's ws_ner_o_word tags: the POS tags after which, outside an entity, a word that does not
 * start with a capital letter begins an entity in at most 1 - TD_NER_MIN_SHARE of the training
 * cases (seen at least TD_MIN_COUNT times). POS as the NER will see it: posm's, else the data's. */
static ws_status build_o_pos(const corpus *c, const ws_tagger_model *posm, uint64_t *o_pos)
{
    uint32_t seen[WS_POS_COUNT] = {0}, ent[WS_POS_COUNT] = {0};
    ws_tagger_scratch s = {0};
    ws_vec buf;
    ws_vec_init(&buf, sizeof(uint16_t));
    ws_status st = WS_OK;
    for (size_t si = 0; si < c->sents.len && st == WS_OK; si++) {
        const csent *cs = &WS_VEC_AT(&c->sents, csent, si);
        const ctok *ct = &WS_VEC_AT(&c->toks, ctok, cs->tok0);
        ws_tsent t = sent_view(c, cs);
        while (buf.len < t.n)
            if (!ws_vec_push(&buf))
                st = WS_ENOMEM;
        uint16_t *pos = buf.data;
        if (st != WS_OK || (posm ? !ws_tagger_tag(posm, &s, &t, NULL, pos) : !ws_tagger_words(&s, &t))) {
            st = WS_ENOMEM;
            break;
        }
        for (uint32_t i = 0; i < t.n; i++) {
            uint16_t p = posm ? pos[i] : ct[i].pos;
            if ((i > 0 && ws_ner_io(ct[i - 1].ner) != WS_NER_O) || s.wf[i + 2].cap || p >= WS_POS_COUNT)
                continue;
            seen[p]++;
            ent[p] += ws_ner_io(ct[i].ner) != WS_NER_O;
        }
    }
    ws_tagger_scratch_free(&s);
    ws_vec_free(&buf);
    *o_pos = 0;
    for (uint32_t p = 0; p < WS_POS_COUNT; p++)
        if (seen[p] >= TD_MIN_COUNT && ent[p] <= (1.0 - TD_NER_MIN_SHARE) * seen[p])
            *o_pos |= 1ull << p;
    return st;
}

static void tagdict_free(tagdict *td)
{
    ws_free(td->keys);
    ws_free(td->tags);
}

static const uint16_t *td_lookup(const tagdict *td, uint64_t key)
{
    size_t lo = 0, hi = td->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (td->keys[mid] < key)
            lo = mid + 1;
        else if (td->keys[mid] > key)
            hi = mid;
        else
            return &td->tags[mid];
    }
    return NULL;
}

/* ---- scoring ---- */
static void count_entities(const uint16_t *gold, const uint16_t *pred, uint32_t n, ws_tagger_score *sc)
{
    /* entities as (start, end, type) from well-formed BILOU; both lists come out sorted */
    uint32_t gs = WS_NONE, ps = WS_NONE;
    for (uint32_t i = 0; i < n; i++) {
        int gp = WS_NER_PART(gold[i]), pp = WS_NER_PART(pred[i]);
        int gt = WS_NER_TYPE(gold[i]), pt = WS_NER_TYPE(pred[i]);
        if (gp == 0 || gp == 3)
            gs = i;
        if (pp == 0 || pp == 3)
            ps = i;
        bool gend = gp == 2 || gp == 3, pend = pp == 2 || pp == 3;
        if (gend) {
            sc->gold++;
            sc->type_gold[gt]++;
        }
        if (pend) {
            sc->pred++;
            sc->type_pred[pt]++;
        }
        if (gend && pend && gs == ps && gt == pt) {
            sc->correct++;
            sc->type_correct[gt]++;
        }
    }
}

static void finish_score(int kind, ws_tagger_score *sc)
{
    if (kind == WS_TAGGER_POS) {
        sc->accuracy = sc->pred ? (double)sc->correct / (double)sc->pred : 0;
        return;
    }
    sc->precision = sc->pred ? (double)sc->correct / (double)sc->pred : 0;
    sc->recall = sc->gold ? (double)sc->correct / (double)sc->gold : 0;
    sc->f1 = sc->precision + sc->recall > 0 ? 2 * sc->precision * sc->recall / (sc->precision + sc->recall) : 0;
}

/* Tags every sentence of c (POS from posm or the data) and scores against the gold tags. */
static ws_status eval_gold(const ws_tagger_model *m, const ws_tagger_model *posm, const corpus *c,
                           ws_tagger_score *sc)
{
    memset(sc, 0, sizeof *sc);
    ws_tagger_scratch s = {0};
    ws_vec buf;
    ws_vec_init(&buf, sizeof(uint16_t));
    ws_status st = WS_ENOMEM;
    int kind = ws_tagger_model_kind(m);
    for (size_t si = 0; si < c->sents.len; si++) {
        const csent *cs = &WS_VEC_AT(&c->sents, csent, si);
        ws_tsent t = sent_view(c, cs);
        if (si == 0 || cs[-1].doc != cs->doc)
            ws_tagger_doc_start(&s);
        while (buf.len < 3 * (size_t)t.n)
            if (!ws_vec_push(&buf))
                goto out;
        uint16_t *gold = buf.data, *pos = gold + t.n, *out = pos + t.n;
        const ctok *ct = &WS_VEC_AT(&c->toks, ctok, cs->tok0);
        for (uint32_t i = 0; i < t.n; i++)
            gold[i] = kind == WS_TAGGER_POS ? ct[i].pos : ct[i].ner;
        if (kind == WS_TAGGER_NER) {
            if (posm) {
                if (!ws_tagger_tag(posm, &s, &t, NULL, pos))
                    goto out;
            } else {
                for (uint32_t i = 0; i < t.n; i++)
                    pos[i] = ct[i].pos;
            }
        }
        if (!ws_tagger_tag(m, &s, &t, pos, out))
            goto out;
        sc->tokens += t.n;
        if (kind == WS_TAGGER_POS) {
            sc->pred += t.n;
            for (uint32_t i = 0; i < t.n; i++)
                sc->correct += gold[i] == out[i];
        } else {
            count_entities(gold, out, t.n, sc);
        }
    }
    finish_score(kind, sc);
    st = WS_OK;
out:
    ws_tagger_scratch_free(&s);
    ws_vec_free(&buf);
    return st;
}

/* Tags whosaid's own tokenisation of each document's original text and scores the tokens (POS)
 * or entity byte spans (NER) that coincide with the reference's. */
static ws_status eval_own(ws_tagger_model *m, ws_tagger_model *posm, const corpus *c, ws_tagger_score *sc)
{
    memset(sc, 0, sizeof *sc);
    int kind = ws_tagger_model_kind(m);
    ws_pipeline pl = {0, kind == WS_TAGGER_POS ? m : posm, kind == WS_TAGGER_NER ? m : NULL};
    if (!pl.pos)
        return WS_EINVAL;
    size_t si = 0;
    for (uint32_t di = 0; di < c->docs.len; di++) {
        const cdoc *cd = &WS_VEC_AT(&c->docs, cdoc, di);
        size_t s0 = si;
        while (si < c->sents.len && WS_VEC_AT(&c->sents, csent, si).doc == di)
            si++;
        if (!cd->text || s0 == si)
            continue;
        ws_doc *d;
        ws_status st = ws_extract(&pl, cd->text, cd->len, WS_IN_PLAIN, &d);
        if (st != WS_OK)
            return st;
        uint32_t g0 = WS_VEC_AT(&c->sents, csent, s0).tok0, g1 = WS_VEC_AT(&c->sents, csent, si - 1).tok1;
        const ctok *g = &WS_VEC_AT(&c->toks, ctok, 0);
        if (kind == WS_TAGGER_POS) {
            uint32_t j = 0;
            for (uint32_t i = g0; i < g1; i++) {
                sc->tokens++;
                while (j < d->ntoks && d->toks[j].start < g[i].b0)
                    j++;
                if (j < d->ntoks && d->toks[j].start == g[i].b0 && d->toks[j].end == g[i].b1) {
                    sc->pred++;
                    sc->correct += d->toks[j].pos == g[i].pos;
                }
            }
        } else {
            /* gold entities as byte spans, walked against the predicted ones */
            uint32_t j = 0, ps = 0, gs = 0;
            ws_vec pe;
            ws_vec_init(&pe, sizeof(uint32_t) * 3);
            for (uint32_t k = 0; k < d->ntoks; k++) {
                int p = WS_NER_PART(d->toks[k].ner);
                if (p == 0 || p == 3)
                    ps = d->toks[k].start;
                if (p == 2 || p == 3) {
                    uint32_t *e = ws_vec_push(&pe);
                    if (!e) {
                        ws_vec_free(&pe);
                        ws_doc_free(d);
                        return WS_ENOMEM;
                    }
                    e[0] = ps;
                    e[1] = d->toks[k].end;
                    e[2] = (uint32_t)WS_NER_TYPE(d->toks[k].ner);
                }
            }
            sc->pred += pe.len;
            for (size_t q = 0; q < pe.len; q++)
                sc->type_pred[((uint32_t *)pe.data)[3 * q + 2]]++;
            for (uint32_t i = g0; i < g1; i++) {
                int p = WS_NER_PART(g[i].ner);
                if (p == 0 || p == 3)
                    gs = g[i].b0;
                if (p != 2 && p != 3)
                    continue;
                sc->gold++;
                sc->type_gold[WS_NER_TYPE(g[i].ner)]++;
                while (j < pe.len && ((uint32_t *)pe.data)[3 * j] < gs)
                    j++;
                for (uint32_t q = j; q < pe.len && ((uint32_t *)pe.data)[3 * q] == gs; q++) {
                    const uint32_t *e = (uint32_t *)pe.data + 3 * q;
                    if (e[1] == g[i].b1 && e[2] == (uint32_t)WS_NER_TYPE(g[i].ner)) {
                        sc->correct++;
                        sc->type_correct[e[2]]++;
                        break;
                    }
                }
            }
            ws_vec_free(&pe);
        }
        ws_doc_free(d);
    }
    finish_score(kind, sc);
    return WS_OK;
}


/* ---- NER lexicons: gazetteers from ../lexicons and the training data's own entities ---- */
typedef struct {
    uint64_t key;
    uint32_t bits, fold; /* fold: 0..FOLDS-1 for training-data entities, FOLDS for gazetteer rows */
    uint32_t type;
} lexrec;

#define FOLDS 5          /* jackknifing: a document sees only entities from the other folds */
#define DICT_MIN 1       /* an entity string enters the dictionary after this many sightings */
#define FIRST_NAME_MIN 1000 /* SSA births for a first name to count */

/* Adds a space-separated phrase (and its prefixes, marked LX_PREFIX) with bits. */
static bool add_phrase(ws_vec *v, const char *p, size_t n, uint32_t bits, uint32_t fold, uint32_t type)
{
    uint64_t key = WS_LEX_SEED;
    uint32_t words = 0;
    size_t i = 0;
    while (i < n) {
        while (i < n && p[i] == ' ')
            i++;
        size_t j = i;
        while (j < n && p[j] != ' ')
            j++;
        if (j == i)
            break;
        if (++words > WS_LEX_MAXLEN)
            return true; /* too long to match: leave out */
        if (words > 1) {
            lexrec *r = ws_vec_push(v);
            if (!r)
                return false;
            *r = (lexrec){key, LX_PREFIX, fold, type};
        }
        key = ws_lex_step(key, ws_word_low(p + i, (uint32_t)(j - i)));
        i = j;
    }
    if (!words)
        return true;
    lexrec *r = ws_vec_push(v);
    if (!r)
        return false;
    *r = (lexrec){key, bits, fold, type};
    return true;
}

/* Column index of name in a TSV header line, -1 if absent. */
static int column(char *header, const char *name)
{
    int k = 0;
    for (char *p = header;; k++) {
        size_t n = strcspn(p, "\t\r\n");
        if (n == strlen(name) && !strncmp(p, name, n))
            return k;
        if (p[n] != '\t')
            return -1;
        p += n + 1;
    }
}

/* Adds each '|'-separated item of field col of a tab-split row. */
static bool add_field(ws_vec *v, char **f, int nf, int col, uint32_t bits)
{
    if (col < 0 || col >= nf)
        return true;
    for (char *p = f[col]; *p;) {
        size_t n = strcspn(p, "|");
        if (!add_phrase(v, p, n, bits, FOLDS, 0))
            return false;
        p += n;
        if (*p == '|')
            p++;
    }
    return true;
}

static const struct {
    const char *file, *column;
    uint32_t bits;
} gazetteer[] = {
    /* to add a list: a file in ../shared/data/lexicons, the column, and its LX_* category */
    {"first-names.tsv", "name", LX_FIRST},
    {"countries.tsv", "name", LX_COUNTRY},       {"countries.tsv", "official_name", LX_COUNTRY},
    {"countries.tsv", "alt_names", LX_COUNTRY},  {"countries.tsv", "demonym", LX_DEMONYM},
    {"countries.tsv", "nationality_adj", LX_DEMONYM}, {"countries.tsv", "nationality_noun", LX_DEMONYM},
    {"countries.tsv", "capital", LX_CAPITAL},
    {"us-states.tsv", "name", LX_STATE},         {"us-states.tsv", "ap_abbr", LX_STATE},
    {"us-states.tsv", "capital", LX_CAPITAL},
};

/* Reads the gazetteers from ../lexicons next to the data's directory (absent: none). */
static ws_status load_gazetteers(const char *train_path, ws_vec *v)
{
    const char *slash = strrchr(train_path, '/');
    int dl = slash ? (int)(slash - train_path) : 1;
    const char *dir = slash ? train_path : ".";
    for (size_t g = 0; g < sizeof gazetteer / sizeof gazetteer[0]; g++) {
        char path[4096];
        snprintf(path, sizeof path, "%.*s/../lexicons/%s", dl, dir, gazetteer[g].file);
        FILE *f = fopen(path, "r");
        if (!f)
            continue;
        char *line = NULL;
        size_t cap = 0;
        int col = -1, cnt[2] = {-1, -1};
        bool first = true, ok = true;
        while (ok && getline(&line, &cap, f) != -1) {
            if (first) {
                col = column(line, gazetteer[g].column);
                cnt[0] = column(line, "female_count");
                cnt[1] = column(line, "male_count");
                first = false;
                continue;
            }
            char *fl[24];
            int nf = 0;
            for (char *p = line; nf < 24;) {
                fl[nf++] = p;
                size_t n = strcspn(p, "\t\r\n");
                bool more = p[n] == '\t';
                p[n] = '\0';
                if (!more)
                    break;
                p += n + 1;
            }
            if (gazetteer[g].bits == LX_FIRST && cnt[0] >= 0 && cnt[1] >= 0 && cnt[0] < nf && cnt[1] < nf &&
                atol(fl[cnt[0]]) + atol(fl[cnt[1]]) < FIRST_NAME_MIN)
                continue;
            ok = add_field(v, fl, nf, col, gazetteer[g].bits);
        }
        free(line);
        fclose(f);
        if (!ok)
            return WS_ENOMEM;
    }
    return WS_OK;
}

/* Entities of the training data (from gold BILOU), each with its document's fold. */
static ws_status collect_entities(const corpus *c, ws_vec *v)
{
    ws_tagger_scratch s = {0};
    ws_status st = WS_OK;
    for (size_t si = 0; si < c->sents.len && st == WS_OK; si++) {
        const csent *cs = &WS_VEC_AT(&c->sents, csent, si);
        ws_tsent t = sent_view(c, cs);
        if (!ws_tagger_words(&s, &t)) {
            st = WS_ENOMEM;
            break;
        }
        const ctok *ct = &WS_VEC_AT(&c->toks, ctok, cs->tok0);
        uint64_t key = WS_LEX_SEED;
        uint32_t len = 0;
        for (uint32_t i = 0; i < t.n; i++) {
            int part = WS_NER_PART(ct[i].ner);
            if (part < 0)
                continue;
            if (part == 0 || part == 3) {
                key = WS_LEX_SEED;
                len = 0;
            }
            if (len >= 1 && len < WS_LEX_MAXLEN) {
                lexrec *r = ws_vec_push(v);
                if (!r) {
                    st = WS_ENOMEM;
                    break;
                }
                *r = (lexrec){key, LX_PREFIX, cs->doc % FOLDS, 0};
            }
            key = ws_lex_step(key, s.wf[i + 2].h[WH_LOW]);
            len++;
            if ((part == 2 || part == 3) && len <= WS_LEX_MAXLEN) {
                lexrec *r = ws_vec_push(v);
                if (!r) {
                    st = WS_ENOMEM;
                    break;
                }
                *r = (lexrec){key, 0, cs->doc % FOLDS, 1 + (uint32_t)WS_NER_TYPE(ct[i].ner)};
            }
        }
    }
    ws_tagger_scratch_free(&s);
    return st;
}

static int cmp_lexrec(const void *a, const void *b)
{
    const lexrec *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    if (x->fold != y->fold)
        return x->fold < y->fold ? -1 : 1;
    if (x->type != y->type)
        return x->type < y->type ? -1 : 1;
    return x->bits < y->bits ? -1 : x->bits > y->bits;
}

/* The lexicon for fold `skip` (FOLDS: all folds, the model's own). */
static ws_status build_lexicon(const ws_vec *recs, uint32_t skip, ws_lexicon *lx)
{
    const lexrec *r = recs->data;
    size_t n = recs->len;
    uint64_t *keys = ws_malloc(sizeof *keys * (n + 1));
    uint32_t *bits = ws_malloc(sizeof *bits * (n + 1));
    uint32_t m = 0;
    ws_status st = WS_ENOMEM;
    if (!keys || !bits)
        goto out;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        uint32_t b = 0, types[5] = {0};
        for (; j < n && r[j].key == r[i].key; j++) {
            if (r[j].fold == FOLDS) {
                b |= r[j].bits;
            } else if (r[j].fold != skip) {
                if (r[j].type)
                    types[r[j].type]++;
                else
                    b |= r[j].bits; /* prefix of an entity seen elsewhere */
            }
        }
        uint32_t best = 0;
        for (uint32_t t = 1; t < 5; t++)
            if (types[t] > types[best])
                best = t;
        if (best && types[best] >= DICT_MIN)
            b |= best << LX_DICT_SHIFT;
        if (b) {
            keys[m] = r[i].key;
            bits[m++] = b;
        }
        i = j;
    }
    st = ws_lexicon_build(lx, keys, bits, m, WS_LEX_MAXLEN) ? WS_OK : WS_ENOMEM;
out:
    ws_free(keys);
    ws_free(bits);
    return st;
}

/* ---- distributional word clusters (NER), from the training texts alone ----
 * Every word form seen CL_MIN_COUNT times gets a vector of positive pointwise mutual information
 * with the CL_DIMS most frequent (lower-cased) words at offsets -2, -1, +1, +2; spherical k-means
 * (cosine; seeded with the K most frequent words' vectors, so the result is deterministic) groups
 * the vectors into CL_FINE clusters. This is the idea of Clark's distributional classes, which
 * CoreNLP's NER reads as its "distsim" features (Clark 2003; CoreNLP's are 512 classes learned on
 * newswire). Ours see only the training texts, so they generalise across rare training words,
 * not to words the training data never had. */
#define CL_MIN_COUNT 3
#define CL_DIMS 1000
#define CL_OFFS 4
#define CL_FINE 512     /* clusters ... */
#define CL_WORDS 8      /* ... or one per this many clustered words, if fewer */
#define CL_ITERS 20
#define CL_START 0x636c2d7374617274ULL /* context word beyond the sentence start */
#define CL_END 0x636c2d656e640000ULL   /* ... beyond its end */

typedef struct {
    uint64_t key;
    uint32_t n, id;
} hcount;

static int cmp_hcount_n(const void *a, const void *b) /* count down, then key */
{
    const hcount *x = a, *y = b;
    if (x->n != y->n)
        return x->n > y->n ? -1 : 1;
    return x->key < y->key ? -1 : x->key > y->key;
}
static int cmp_hcount_key(const void *a, const void *b)
{
    const hcount *x = a, *y = b;
    return x->key < y->key ? -1 : x->key > y->key;
}

/* Sorted-unique counts of keys[0..n) (keys is sorted in place); returns the count of entries. */
static size_t count_keys(uint64_t *keys, size_t n, hcount *out)
{
    qsort(keys, n, sizeof *keys, cmp_u64);
    size_t m = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && keys[j] == keys[i])
            j++;
        out[m++] = (hcount){keys[i], (uint32_t)(j - i), 0};
        i = j;
    }
    return m;
}

static const hcount *hc_find(const hcount *t, size_t n, uint64_t key)
{
    hcount k = {key, 0, 0};
    return bsearch(&k, t, n, sizeof *t, cmp_hcount_key);
}

/* Spherical k-means of the nv unit rows (CSR) into k clusters; assign[v] = 0..k-1. Centroids
 * start as the first k rows (the most frequent words). */
static ws_status kmeans(const uint32_t *rp, const uint32_t *col, const float *val, uint32_t nv, uint32_t dims,
                        uint32_t k, uint32_t *assign)
{
    float *c = ws_calloc((size_t)dims * k, sizeof *c), *sc = ws_malloc(sizeof *sc * k);
    double *norm = ws_malloc(sizeof *norm * k);
    if (!c || !sc || !norm) {
        ws_free(c);
        ws_free(sc);
        ws_free(norm);
        return WS_ENOMEM;
    }
    for (uint32_t j = 0; j < k && j < nv; j++) /* centroid j: dims-major, c[d * k + j] */
        for (uint32_t q = rp[j]; q < rp[j + 1]; q++)
            c[(size_t)col[q] * k + j] = val[q];
    for (uint32_t v = 0; v < nv; v++)
        assign[v] = UINT32_MAX;
    for (int it = 0; it < CL_ITERS; it++) {
        uint32_t moved = 0;
        for (uint32_t v = 0; v < nv; v++) {
            for (uint32_t j = 0; j < k; j++)
                sc[j] = 0;
            for (uint32_t q = rp[v]; q < rp[v + 1]; q++) {
                const float *cr = c + (size_t)col[q] * k, x = val[q];
                for (uint32_t j = 0; j < k; j++)
                    sc[j] += x * cr[j];
            }
            uint32_t best = 0;
            for (uint32_t j = 1; j < k; j++)
                if (sc[j] > sc[best])
                    best = j;
            moved += assign[v] != best;
            assign[v] = best;
        }
        if (!moved)
            break;
        /* new centroids: normalised sums of their members; an empty cluster keeps its centroid */
        uint32_t *size = (uint32_t *)(void *)norm; /* reuse: k counters fit in k doubles */
        memset(size, 0, sizeof *size * k);
        for (uint32_t v = 0; v < nv; v++)
            size[assign[v]]++;
        for (uint32_t d = 0; d < dims; d++)
            for (uint32_t j = 0; j < k; j++)
                if (size[j])
                    c[(size_t)d * k + j] = 0;
        for (uint32_t v = 0; v < nv; v++)
            for (uint32_t q = rp[v]; q < rp[v + 1]; q++)
                c[(size_t)col[q] * k + assign[v]] += val[q];
        for (uint32_t j = 0; j < k; j++)
            norm[j] = 0;
        for (uint32_t d = 0; d < dims; d++)
            for (uint32_t j = 0; j < k; j++)
                norm[j] += (double)c[(size_t)d * k + j] * c[(size_t)d * k + j];
        for (uint32_t j = 0; j < k; j++)
            norm[j] = norm[j] > 0 ? 1 / sqrt(norm[j]) : 0;
        for (uint32_t d = 0; d < dims; d++)
            for (uint32_t j = 0; j < k; j++)
                c[(size_t)d * k + j] = (float)(c[(size_t)d * k + j] * norm[j]);
    }
    ws_free(c);
    ws_free(sc);
    ws_free(norm);
    return WS_OK;
}

/* Adds each clustered word form of the corpus to recs (key ws_clus_key(raw), cluster ids). */
static ws_status build_clusters(const corpus *c, ws_vec *recs)
{
    size_t n = c->toks.len, ns = c->sents.len;
    uint64_t *raw = ws_malloc(sizeof *raw * (n + 1)), *low = ws_malloc(sizeof *low * (n + 2 * ns + 1));
    uint64_t *tmp = ws_malloc(sizeof *tmp * (n + 2 * ns + 1));
    hcount *voc = ws_malloc(sizeof *voc * (n + 1)), *ctx = ws_malloc(sizeof *ctx * (n + 2 * ns + 1));
    uint64_t *pairs = ws_malloc(sizeof *pairs * (CL_OFFS * n + 1));
    uint32_t *rp = NULL, *col = NULL, *as1 = NULL;
    float *val = NULL;
    double *colsum = NULL;
    ws_tagger_scratch s = {0};
    ws_status st = WS_ENOMEM;
    if (!raw || !low || !tmp || !voc || !ctx || !pairs)
        goto out;
    for (size_t si = 0; si < ns; si++) {
        const csent *cs = &WS_VEC_AT(&c->sents, csent, si);
        ws_tsent t = sent_view(c, cs);
        if (!ws_tagger_words(&s, &t))
            goto out;
        for (uint32_t i = 0; i < t.n; i++) {
            raw[cs->tok0 + i] = s.wf[i + 2].h[WH_RAW];
            low[cs->tok0 + i] = s.wf[i + 2].h[WH_LOW];
        }
    }
    /* vocabulary: frequent raw forms, most frequent first (their order seeds the clusters) */
    memcpy(tmp, raw, sizeof *raw * n);
    size_t nv = count_keys(tmp, n, voc), m = 0;
    for (size_t i = 0; i < nv; i++)
        if (voc[i].n >= CL_MIN_COUNT)
            voc[m++] = voc[i];
    nv = m;
    uint32_t k = nv / CL_WORDS > CL_FINE ? CL_FINE : (uint32_t)(nv / CL_WORDS); /* fewer for little text */
    if (k < 2) {
        st = WS_OK;
        goto out;
    }
    qsort(voc, nv, sizeof *voc, cmp_hcount_n);
    for (size_t i = 0; i < nv; i++)
        voc[i].id = (uint32_t)i;
    qsort(voc, nv, sizeof *voc, cmp_hcount_key);
    /* context words: the CL_DIMS most frequent lower-case forms and the sentence edges */
    memcpy(tmp, low, sizeof *low * n);
    for (size_t i = 0; i < ns; i++) {
        tmp[n + 2 * i] = CL_START;
        tmp[n + 2 * i + 1] = CL_END;
    }
    size_t nc = count_keys(tmp, n + 2 * ns, ctx);
    qsort(ctx, nc, sizeof *ctx, cmp_hcount_n);
    if (nc > CL_DIMS)
        nc = CL_DIMS;
    for (size_t i = 0; i < nc; i++)
        ctx[i].id = (uint32_t)i;
    qsort(ctx, nc, sizeof *ctx, cmp_hcount_key);
    /* (word, offset x context word) co-occurrences */
    size_t np = 0;
    static const int offs[CL_OFFS] = {-2, -1, 1, 2};
    for (size_t si = 0; si < ns; si++) {
        const csent *cs = &WS_VEC_AT(&c->sents, csent, si);
        for (uint32_t i = cs->tok0; i < cs->tok1; i++) {
            const hcount *w = hc_find(voc, nv, raw[i]);
            if (!w)
                continue;
            for (int o = 0; o < CL_OFFS; o++) {
                int64_t j = (int64_t)i + offs[o];
                uint64_t ck = j < (int64_t)cs->tok0 ? CL_START : j >= (int64_t)cs->tok1 ? CL_END : low[j];
                const hcount *x = hc_find(ctx, nc, ck);
                if (x)
                    pairs[np++] = (uint64_t)w->id << 32 | (uint32_t)(o * (int)nc + (int)x->id);
            }
        }
    }
    qsort(pairs, np, sizeof *pairs, cmp_u64);
    uint32_t dims = (uint32_t)(CL_OFFS * nc);
    rp = ws_calloc(nv + 1, sizeof *rp);
    col = ws_malloc(sizeof *col * (np + 1));
    val = ws_malloc(sizeof *val * (np + 1));
    colsum = ws_calloc(dims, sizeof *colsum);
    as1 = ws_malloc(sizeof *as1 * nv);
    if (!rp || !col || !val || !colsum || !as1)
        goto out;
    size_t nnz = 0;
    for (size_t i = 0; i < np;) {
        size_t j = i;
        while (j < np && pairs[j] == pairs[i])
            j++;
        uint32_t v = (uint32_t)(pairs[i] >> 32);
        col[nnz] = (uint32_t)pairs[i];
        val[nnz++] = (float)(j - i);
        rp[v + 1] = (uint32_t)nnz;
        colsum[(uint32_t)pairs[i]] += (double)(j - i);
        i = j;
    }
    for (size_t v = 1; v <= nv; v++) /* rows without pairs */
        if (rp[v] < rp[v - 1])
            rp[v] = rp[v - 1];
    /* PPMI, rows scaled to unit length */
    double total = (double)np;
    for (size_t v = 0; v < nv; v++) {
        double rs = 0, nn = 0;
        for (uint32_t q = rp[v]; q < rp[v + 1]; q++)
            rs += val[q];
        for (uint32_t q = rp[v]; q < rp[v + 1]; q++) {
            double pmi = log(val[q] * total / (rs * colsum[col[q]]));
            val[q] = pmi > 0 ? (float)pmi : 0;
            nn += (double)val[q] * val[q];
        }
        for (uint32_t q = rp[v]; q < rp[v + 1]; q++)
            val[q] = nn > 0 ? (float)(val[q] / sqrt(nn)) : 0;
    }
    if ((st = kmeans(rp, col, val, (uint32_t)nv, dims, k, as1)) != WS_OK)
        goto out;
    for (size_t i = 0; i < nv; i++) {
        lexrec *r = ws_vec_push(recs);
        if (!r) {
            st = WS_ENOMEM;
            goto out;
        }
        uint32_t v = voc[i].id;
        *r = (lexrec){ws_clus_key(voc[i].key), as1[v] + 1, FOLDS, 0};
    }
    st = WS_OK;
out:
    ws_tagger_scratch_free(&s);
    ws_free(raw);
    ws_free(low);
    ws_free(tmp);
    ws_free(voc);
    ws_free(ctx);
    ws_free(pairs);
    ws_free(rp);
    ws_free(col);
    ws_free(val);
    ws_free(colsum);
    ws_free(as1);
    return st;
}

/* ---- training ---- */
static uint64_t splitmix(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

/* Averaged weights of the table as a model image. */
static ws_status export_model(int kind, const ptable *t, double c, const tagdict *td, const ws_lexicon *lex,
                              float prune, uint64_t o_pos, void **buf, size_t *len)
{
    float *avg = ws_malloc(sizeof *avg * ((size_t)t->nrows * t->ncl + 1));
    uint64_t *keys = ws_malloc(sizeof *keys * ((size_t)t->nrows + 1));
    ws_status st = WS_ENOMEM;
    if (avg && keys) {
        for (uint32_t i = 0; i <= t->mask; i++)
            if (t->idx[i] != WS_NONE)
                keys[t->idx[i]] = t->keys[i];
        for (size_t i = 0; i < (size_t)t->nrows * t->ncl; i++)
            avg[i] = (float)(t->w[i] - t->u[i] / c);
        ws_model_parts p = {kind, t->ncl, t->nrows, keys, avg, td ? td->n : 0, td ? td->keys : NULL,
                            td ? td->tags : NULL, lex, prune, o_pos};
        st = ws_tagger_model_build(&p, buf, len);
    }
    ws_free(avg);
    ws_free(keys);
    return st;
}

static void progress(const ws_train_opts *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void progress(const ws_train_opts *o, const char *fmt, ...)
{
    if (!o->progress)
        return;
    char line[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    o->progress(o->ctx, line);
}

static ws_status write_file(const char *path, const void *buf, size_t len, char *err, size_t errlen)
{
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = fopen(tmp, "wb");
    if (!f) {
        seterr(err, errlen, "%s: %s", tmp, strerror(errno));
        return WS_EIO;
    }
    bool ok = fwrite(buf, 1, len, f) == len;
    ok = (fclose(f) == 0) && ok;
    if (!ok || rename(tmp, path) != 0) {
        seterr(err, errlen, "%s: %s", path, strerror(errno));
        remove(tmp);
        return WS_EIO;
    }
    return WS_OK;
}

ws_status ws_tagger_train(const char *train_path, const ws_train_opts *o, const char *out_path, char *err,
                          size_t errlen)
{
    if (!train_path || !o || !out_path || (o->kind != WS_TAGGER_POS && o->kind != WS_TAGGER_NER))
        return WS_EINVAL;
    int kind = (int)o->kind;
    uint32_t ncl = kind == WS_TAGGER_POS ? WS_POS_COUNT : WS_NER_COUNT;
    unsigned epochs = o->epochs ? o->epochs : 8;
    corpus c;
    ws_status st = corpus_read(train_path, &c, err, errlen);
    if (st != WS_OK)
        return st;
    ws_tagger_model *posm = NULL;
    ptable t = {0}, acc = {0}; /* acc: the runs' average when o->average > 1 */
    tagdict td = {0};
    ws_tagger_scratch s = {0};
    /* documents are shuffled, their sentences kept in order (the NER reads the document's history) */
    uint32_t *order = ws_malloc(sizeof *order * (c.docs.len + 1));
    uint32_t *dsent = ws_malloc(sizeof *dsent * (c.docs.len + 1)); /* first sentence of each doc */
    ws_vec buf;
    ws_vec_init(&buf, sizeof(uint16_t));
    void *img = NULL;
    size_t imglen = 0;
    corpus dev;
    bool have_dev = false;
    ws_lexicon lex[FOLDS + 1];
    memset(lex, 0, sizeof lex);
    ws_vec recs;
    ws_vec_init(&recs, sizeof(lexrec));
    bool ok = pt_init(&t, ncl) && pt_init(&acc, ncl) && order && dsent;
    if (!ok) {
        st = WS_ENOMEM;
        goto out;
    }
    if (kind == WS_TAGGER_NER && o->pos_model) {
        const char *why;
        if ((st = ws_tagger_model_load(o->pos_model, &posm, &why)) != WS_OK) {
            seterr(err, errlen, "%s: %s", o->pos_model, why);
            goto out;
        }
        if (ws_tagger_model_kind(posm) != WS_TAGGER_POS) {
            seterr(err, errlen, "%s: not a POS model", o->pos_model);
            st = WS_EINVAL;
            goto out;
        }
    }
    if ((st = build_tagdict(&c, kind, &td)) != WS_OK)
        goto out;
    uint64_t o_pos = 0;
    if (kind == WS_TAGGER_NER && (st = build_o_pos(&c, posm, &o_pos)) != WS_OK)
        goto out;
    if (o->dev_path) {
        if ((st = corpus_read(o->dev_path, &dev, err, errlen)) != WS_OK)
            goto out;
        have_dev = true;
    }
    if (kind == WS_TAGGER_NER) {
        if ((st = load_gazetteers(train_path, &recs)) != WS_OK || (st = collect_entities(&c, &recs)) != WS_OK ||
            (st = build_clusters(&c, &recs)) != WS_OK)
            goto out;
        qsort(recs.data, recs.len, sizeof(lexrec), cmp_lexrec);
        for (uint32_t f = 0; f <= FOLDS; f++)
            if ((st = build_lexicon(&recs, f, &lex[f])) != WS_OK)
                goto out;
    }
    for (uint32_t i = 0, k = 0; i <= c.docs.len; i++) {
        while (k < c.sents.len && WS_VEC_AT(&c.sents, csent, k).doc < i)
            k++;
        dsent[i] = k;
        order[i] = i;
    }
    uint64_t keys[WS_MAX_FEATS];
    float sc[64];
    /* o->average > 1: train that many times (seeds seed, seed + 1, ...) and average the runs'
     * averaged weights into one model of the same shape (no cost when tagging) */
    unsigned runs = o->average > 1 ? o->average : 1;
    double cnt = 1;
    for (unsigned run = 0; run < runs; run++) {
    uint64_t rng = o->seed + run;
    cnt = 1;
    if (run > 0) {
        pt_free(&t);
        if (!pt_init(&t, ncl)) {
            st = WS_ENOMEM;
            goto out;
        }
    }
    for (unsigned ep = 0; ep < epochs; ep++) {
        for (uint32_t i = (uint32_t)c.docs.len; i > 1; i--) {
            uint32_t j = (uint32_t)(splitmix(&rng) % i), x = order[i - 1];
            order[i - 1] = order[j];
            order[j] = x;
        }
        uint64_t seen = 0, right = 0;
        for (size_t k = 0; k < c.docs.len; k++) {
          ws_tagger_doc_start(&s);
          for (uint32_t sk = dsent[order[k]]; sk < dsent[order[k] + 1]; sk++) {
            const csent *cs = &WS_VEC_AT(&c.sents, csent, sk);
            ws_tsent ts = sent_view(&c, cs);
            while (buf.len < 2 * (size_t)ts.n)
                if (!ws_vec_push(&buf)) {
                    st = WS_ENOMEM;
                    goto out;
                }
            uint16_t *tags = buf.data, *pos = tags + ts.n;
            const ctok *ct = &WS_VEC_AT(&c.toks, ctok, cs->tok0);
            if (!ws_tagger_words(&s, &ts)) {
                st = WS_ENOMEM;
                goto out;
            }
            if (kind == WS_TAGGER_NER) {
                if (posm) {
                    if (!ws_tagger_tag(posm, &s, &ts, NULL, pos) || !ws_tagger_words(&s, &ts)) {
                        st = WS_ENOMEM;
                        goto out;
                    }
                } else {
                    for (uint32_t i = 0; i < ts.n; i++)
                        pos[i] = ct[i].pos;
                }
                ws_tagger_recall(&s, ts.n);
                ws_tagger_match(&lex[order[k] % FOLDS], &s, ts.n);
            }
            for (uint32_t i = 0; i < ts.n; i++) {
                uint16_t gold = kind == WS_TAGGER_POS ? ct[i].pos : ws_ner_io(ct[i].ner);
                const uint16_t *tt = td_lookup(&td, ws_tagdict_key(&s.wf[i + 2]));
                if (tt && (kind == WS_TAGGER_POS || i == 0 || tags[i - 1] == WS_NER_O)) {
                    tags[i] = *tt;
                    continue;
                }
                int nk = ws_tagger_feats(kind, &s, ts.n, i, tags, pos, keys);
                for (uint32_t q = 0; q < ncl; q++)
                    sc[q] = 0;
                for (int f = 0; f < nk; f++) {
                    uint32_t r = pt_find(&t, keys[f]);
                    if (r == WS_NONE)
                        continue;
                    const float *row = t.w + (size_t)r * ncl;
                    for (uint32_t q = 0; q < ncl; q++)
                        sc[q] += row[q];
                }
                uint16_t guess = 0;
                float best = -INFINITY;
                for (uint32_t q = 1; q < ncl; q++) {
                    if (kind == WS_TAGGER_NER && !ws_ner_io_class((uint16_t)q))
                        continue;
                    if (sc[q] > best) {
                        best = sc[q];
                        guess = (uint16_t)q;
                    }
                }
                seen++;
                if (guess == gold) {
                    right++;
                } else {
                    for (int f = 0; f < nk; f++) {
                        uint32_t r = pt_get(&t, keys[f]);
                        if (r == WS_NONE) {
                            st = WS_ENOMEM;
                            goto out;
                        }
                        size_t b = (size_t)r * ncl;
                        t.w[b + gold] += 1;
                        t.u[b + gold] += cnt;
                        t.w[b + guess] -= 1;
                        t.u[b + guess] -= cnt;
                    }
                }
                cnt++;
                tags[i] = guess;
                if (kind == WS_TAGGER_NER && (i == 0 || tags[i - 1] == WS_NER_O) &&
                    ws_ner_o_word(o_pos, &s.wf[i + 2], pos[i]))
                    tags[i] = WS_NER_O; /* as ws_tagger_tag_words decides it, after learning from it */
                if (kind == WS_TAGGER_NER)
                    for (int q = 0; q < 4; q++)
                        s.esc[4 * i + q] = sc[2 + 4 * q + 1];
            }
            if (kind == WS_TAGGER_NER) {
                ws_ner_merge_runs(tags, s.esc, ts.n);
                ws_ner_io_to_bilou(tags, ts.n);
            }
            if (kind == WS_TAGGER_NER && !ws_tagger_remember(&s, tags, ts.n)) {
                st = WS_ENOMEM;
                goto out;
            }
          }
        }
        char devmsg[160] = "";
        if (o->dev_path) {
            ws_free(img);
            img = NULL;
            if ((st = export_model(kind, &t, cnt, &td, &lex[FOLDS], o->prune, o_pos, &img, &imglen)) != WS_OK)
                goto out;
            ws_tagger_model *m;
            /* the image is handed over: keep a copy for the final write */
            void *cp = ws_malloc(imglen);
            if (!cp) {
                st = WS_ENOMEM;
                goto out;
            }
            memcpy(cp, img, imglen);
            if ((st = ws_tagger_model_from_buffer(cp, imglen, &m, NULL)) != WS_OK)
                goto out;
            ws_tagger_score ds;
            st = eval_gold(m, posm, &dev, &ds);
            ws_tagger_model_free(m);
            if (st != WS_OK)
                goto out;
            if (kind == WS_TAGGER_POS)
                snprintf(devmsg, sizeof devmsg, ", dev accuracy %.2f%%", 100 * ds.accuracy);
            else
                snprintf(devmsg, sizeof devmsg, ", dev entity F1 %.4f (P %.4f R %.4f)", ds.f1, ds.precision,
                         ds.recall);
        }
        char runmsg[32] = "";
        if (runs > 1)
            snprintf(runmsg, sizeof runmsg, "run %u/%u, ", run + 1, runs);
        progress(o, "%sepoch %u/%u: train %.2f%% of %llu scored tokens right, %u features%s", runmsg, ep + 1, epochs,
                 seen ? 100.0 * (double)right / (double)seen : 0.0, (unsigned long long)seen, t.nrows, devmsg);
    }
    if (runs > 1) {
        for (uint32_t i = 0; i <= t.mask; i++) {
            if (t.idx[i] == WS_NONE)
                continue;
            uint32_t r = t.idx[i], a = pt_get(&acc, t.keys[i]);
            if (a == WS_NONE) {
                st = WS_ENOMEM;
                goto out;
            }
            for (uint32_t q = 0; q < ncl; q++) {
                size_t x = (size_t)r * ncl + q;
                acc.w[(size_t)a * ncl + q] += (float)((t.w[x] - t.u[x] / cnt) / runs);
            }
        }
    }
    }
    ws_free(img);
    img = NULL;
    if ((st = runs > 1 ? export_model(kind, &acc, 1, &td, &lex[FOLDS], o->prune, o_pos, &img, &imglen)
                       : export_model(kind, &t, cnt, &td, &lex[FOLDS], o->prune, o_pos, &img, &imglen)) != WS_OK)
        goto out;
    st = write_file(out_path, img, imglen, err, errlen);
out:
    if (have_dev)
        corpus_free(&dev);
    for (uint32_t f = 0; f <= FOLDS; f++)
        ws_lexicon_free(&lex[f]);
    ws_vec_free(&recs);
    ws_free(img);
    ws_vec_free(&buf);
    ws_tagger_scratch_free(&s);
    ws_free(order);
    ws_free(dsent);
    tagdict_free(&td);
    pt_free(&t);
    pt_free(&acc);
    ws_tagger_model_free(posm);
    corpus_free(&c);
    return st;
}

ws_status ws_tagger_evaluate(const char *model_path, const char *data_path, const char *pos_model, int own_tokens,
                             ws_tagger_score *out, char *err, size_t errlen)
{
    if (!model_path || !data_path || !out)
        return WS_EINVAL;
    memset(out, 0, sizeof *out);
    ws_tagger_model *m = NULL, *posm = NULL;
    const char *why;
    ws_status st = ws_tagger_model_load(model_path, &m, &why);
    if (st != WS_OK) {
        seterr(err, errlen, "%s: %s", model_path, why);
        return st;
    }
    if (pos_model && (st = ws_tagger_model_load(pos_model, &posm, &why)) != WS_OK) {
        seterr(err, errlen, "%s: %s", pos_model, why);
        ws_tagger_model_free(m);
        return st;
    }
    corpus c;
    if ((st = corpus_read(data_path, &c, err, errlen)) == WS_OK) {
        if (own_tokens && ws_tagger_model_kind(m) == WS_TAGGER_NER && !posm) {
            seterr(err, errlen, "scoring NER on whosaid's tokens needs a POS model");
            st = WS_EINVAL;
        } else {
            st = own_tokens ? eval_own(m, posm, &c, out) : eval_gold(m, posm, &c, out);
        }
        corpus_free(&c);
    }
    ws_tagger_model_free(m);
    ws_tagger_model_free(posm);
    return st;
}
