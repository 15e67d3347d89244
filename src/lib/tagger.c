/* tagger.c — greedy averaged-perceptron tagging (Collins 2002; feature set after Honnibal 2013 and
 * spaCy v1): word features, model files, and ws_tag(), which fills tokens' POS and, per sentence,
 * NER tags (decided as O / I-type per word, written as BILOU). Each hashed feature key maps,
 * through an open-addressing table, to one contiguous row of int8 class weights (one cache line
 * at most), so scoring a token is a few row additions. NER also reads the document's own earlier decisions and a lexicon
 * (gazetteers + training entities) stored in the model.
 *
 * Model file (little-endian), 80-byte header then payload:
 *   "WSTAGGER" u32 version u32 header_size u32 kind u32 nclasses u32 stride u32 nslots u32 nrows
 *   u32 ntd_slots u32 feat_version f32 scale u32 nlex_slots u32 lex_maxlen u64 payload_bytes
 *   u64 o_pos (NER: ws_ner_o_word's POS tags; 0 in POS models and in NER models of before it)
 *   u32 payload_crc32 u32 header_crc32 (of the 76 bytes before it)
 *   payload: u64 slots[nslots] (fingerprint << 32 | row, row 0xFFFFFFFF = empty),
 *            u64 tagdict[ntd_slots] (fingerprint << 32 | tag), u64 lexicon[nlex_slots]
 *            (fingerprint << 32 | LX_* bits), zero bytes up to the next multiple of 64 from the
 *            start of the file, int8 weights[nrows * stride].
 * A POS row holds the weights of all classes, then zeros (stride 64: a row is one cache line of a
 * mapped file); a NER row only those of the five classes the decoder reads, O and I-<type> in
 * class order (ner_io_cls), then three zeros (stride 8). Weight = int8 * scale, scale = the
 * largest |weight| / 127 (int8 costs PolNeAR dev 2 of 74,125 POS tags against int16); scores are
 * sums of at most WS_MAX_FEATS int8, exact in int16. Every field is checked on load; a bad file
 * gives WS_EFORMAT and a reason. Version 1 (int16 weights) is refused: retrain. */
#include <fcntl.h>
#include <math.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "tagger.h"

#define MODEL_MAGIC "WSTAGGER"
#define MODEL_VERSION 2u
#define HEADER_SIZE 80u
#define EMPTY_ROW 0xFFFFFFFFu

/* ---- hashing ---- */
static inline uint64_t mix64(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return h;
}
/* Key of feature template t over values a, b. */
static inline uint64_t fk(uint64_t t, uint64_t a, uint64_t b)
{
    return mix64(a ^ mix64(b + t * 0x9E3779B97F4A7C15ULL));
}

typedef struct {
    uint64_t h;
} fnv;
static inline void fnv_add(fnv *f, const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        f->h = (f->h ^ p[i]) * 0x100000001b3ULL;
}
static inline uint64_t hash_bytes(const void *p, size_t n)
{
    fnv f = {0xcbf29ce484222325ULL};
    fnv_add(&f, p, n);
    return mix64(f.h ^ n);
}
/* fnv_add over the four bytes of code point c as they lie in memory. On a little-endian host a
 * code point below 0x100 is the bytes c, 0, 0, 0, and (h ^ 0) * P = h * P, so the four steps are
 * (h ^ c) * P^4 (mod 2^64): the same value in one multiplication. */
static inline void fnv_add_cp(fnv *f, uint32_t c)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    if (c < 0x100) {
        f->h = (f->h ^ c) * (0x100000001b3ULL * 0x100000001b3ULL * 0x100000001b3ULL * 0x100000001b3ULL);
        return;
    }
#endif
    fnv_add(f, (const unsigned char *)&c, sizeof c);
}
/* hash_bytes(cps, 4 n) of n code points */
static inline uint64_t hash_cps(const uint32_t *cps, uint32_t n)
{
    fnv f = {0xcbf29ce484222325ULL};
    for (uint32_t i = 0; i < n; i++)
        fnv_add_cp(&f, cps[i]);
    return mix64(f.h ^ (sizeof(uint32_t) * n));
}

/* ---- word features ---- */
#define NORM_MAX 128 /* code points of a word that features look at */

/* Normalised code point: lower case; curly quotes and apostrophes as ASCII. */
static uint32_t norm_cp(uint32_t c)
{
    switch (c) {
    case 0x2018: case 0x2019: case 0x201A: case 0x201B: return '\'';
    case 0x201C: case 0x201D: case 0x201E: case 0x201F: return '"';
    case 0x2013: case 0x2014: return '-';
    }
    return c < 0x80 ? (c >= 'A' && c <= 'Z' ? c + 32 : c) : ws_cp_lower(c);
}

static char shape_char(uint32_t c)
{
    if (c < 0x80) {
        if (c >= 'A' && c <= 'Z') return 'X';
        if (c >= 'a' && c <= 'z') return 'x';
        if (c >= '0' && c <= '9') return 'd';
        return (char)c;
    }
    if (ws_cp_is_upper(c)) return 'X';
    if (ws_cp_is_alpha(c)) return 'x';
    if (ws_cp_is_digit(c)) return 'd';
    return (char)(0x80 | (norm_cp(c) & 0x7F)); /* other symbols: a stable byte per class */
}

#define FNV_P 0x100000001b3ULL
#define FNV_P4 (FNV_P * FNV_P * FNV_P * FNV_P) /* fnv_add_cp of a code point below 0x100 */

/* The lower-case form, affix hashes and numbers rule from the normalised code points (word_feats). */
static void word_forms(const uint32_t *cps, uint32_t n, uint64_t low_state, const uint64_t *prestate, bool digit0,
                       bool all_digit, ws_wordfeat *w)
{
    const uint64_t whole = mix64(low_state ^ (sizeof(uint32_t) * n));
    for (uint32_t k = 1; k <= 4; k++) {
        uint32_t j = n < k ? n : k;
        w->h[WH_PRE1 + k - 1] = mix64(prestate[j] ^ (sizeof(uint32_t) * j)) + k;
    }
    for (uint32_t k = 2; k <= 4; k++)
        w->h[WH_SUF2 + k - 2] = (n <= k ? whole : hash_cps(cps + n - k, k)) + 10 + k;
    /* Honnibal's normalisation of numbers: years and other digit-initial words share a form */
    if (digit0 && all_digit && n == 4)
        w->h[WH_LOW] = 0x7965617200000001ULL; /* "!YEAR" */
    else if (digit0)
        w->h[WH_LOW] = 0x6469676974730002ULL; /* "!DIGITS" */
    else
        w->h[WH_LOW] = whole;
}

/* word_feats of an ASCII word of at most NORM_MAX bytes, in one pass without branches on the
 * characters (most words): false, with w unspecified, when the word has a byte above 0x7F. The
 * same hashes: a byte is its code point, and fnv_add_cp of it is one multiplication by P^4. */
static bool word_feats_ascii(const unsigned char *s, uint32_t len, ws_wordfeat *w)
{
    uint32_t cps[NORM_MAX];
    uint64_t raw = 0xcbf29ce484222325ULL, low = raw, sh = raw, prestate[5] = {raw, 0, 0, 0, 0};
    unsigned any = 0, run = 0, last = 0, nondigit = 0; /* last as word_feats starts it */
    for (uint32_t i = 0; i < len; i++) {
        unsigned c = s[i];
        any |= c;
        unsigned up = c - 'A' < 26u, lo = c - 'a' < 26u, dg = c - '0' < 10u;
        unsigned shc = up ? 'X' : lo ? 'x' : dg ? 'd' : c;
        unsigned lc = c + (up << 5);
        raw = (raw ^ c) * FNV_P;
        low = (low ^ lc) * FNV_P4;
        prestate[i < 4 ? i + 1 : 0] = low; /* [0] is rewritten below */
        cps[i] = lc;
        run = shc == last ? run + 1 : 0; /* spaCy: runs of one shape character are cut at 4 */
        last = shc;
        sh = run < 4 ? (sh ^ shc) * FNV_P : sh;
        nondigit |= !dg;
    }
    if (any & 0x80)
        return false;
    prestate[0] = 0xcbf29ce484222325ULL;
    unsigned c0 = len ? s[0] : 0xFFu, first = c0 - 'A' < 26u ? 'X' : c0 - '0' < 10u ? 'd' : 0;
    w->cap = first == 'X';
    w->h[WH_RAW] = mix64(raw ^ len);
    w->h[WH_SHAPE] = mix64(sh);
    word_forms(cps, len, low, prestate, first == 'd', !nondigit, w);
    return true;
}

static void word_feats(const unsigned char *s, uint32_t len, ws_wordfeat *w)
{
    if (len <= NORM_MAX && word_feats_ascii(s, len, w))
        return;
    uint32_t cps[NORM_MAX];
    uint32_t n = 0;
    w->cap = 0;
    fnv sh = {0xcbf29ce484222325ULL};
    char last = 0;
    int run = 0;
    bool digit0 = false, all_digit = true;
    for (uint32_t i = 0; i < len && n < NORM_MAX;) {
        uint32_t c;
        if (s[i] < 0x80) {
            c = s[i++];
        } else {
            int l = ws_utf8_decode(s, len, i, &c);
            i += (uint32_t)l;
        }
        char shc = shape_char(c);
        if (shc == last) {
            run++;
        } else {
            last = shc;
            run = 0;
        }
        if (run < 4) /* spaCy: runs of one shape character are cut at 4 */
            fnv_add(&sh, (const unsigned char *)&shc, 1);
        if (n == 0) {
            digit0 = shc == 'd';
            w->cap = shc == 'X';
        }
        if (shc != 'd')
            all_digit = false;
        cps[n++] = norm_cp(c);
    }
    w->h[WH_RAW] = hash_bytes(s, len);
    w->h[WH_SHAPE] = mix64(sh.h);
    /* Affixes of k code points (the whole word when shorter) and the lower-case form hash the
     * normalised code points: hash_bytes(cps + a, 4 (b - a)) + 10 (suffixes) + k. FNV runs left to
     * right, so the prefixes and the whole word are states of one pass (prestate[j]: after j code
     * points); only the suffixes shorter than the word need passes of their own. Prefixes of 1..4
     * and suffixes of 2..4 code points are what the feature templates read. */
    fnv f = {0xcbf29ce484222325ULL};
    uint64_t prestate[5];
    prestate[0] = f.h;
    for (uint32_t j = 0; j < n && j < 4; j++) {
        fnv_add_cp(&f, cps[j]);
        prestate[j + 1] = f.h;
    }
    for (uint32_t j = 4; j < n; j++)
        fnv_add_cp(&f, cps[j]);
    word_forms(cps, n, f.h, prestate, digit0, all_digit, w);
}

bool ws_tagger_words(ws_tagger_scratch *s, const ws_tsent *t)
{
    uint32_t need = t->n + 4;
    if (need > s->cap) {
        ws_wordfeat *p = ws_realloc(s->wf, sizeof *p * need);
        if (!p)
            return false;
        s->wf = p;
        uint8_t *h = ws_realloc(s->hist, need);
        if (!h)
            return false;
        s->hist = h;
        uint32_t *lv = ws_realloc(s->lexv, sizeof *lv * need);
        if (!lv)
            return false;
        s->lexv = lv;
        uint32_t *cl = ws_realloc(s->clus, sizeof *cl * need);
        if (!cl)
            return false;
        s->clus = cl;
        float *es = ws_realloc(s->esc, sizeof *es * 4 * need);
        if (!es)
            return false;
        s->esc = es;
        s->cap = need;
    }
    /* sentinels: -START2- -START- ... -END- -END2-, each hash a constant + a number per hash kind
     * (the numbers of a time when all six prefixes and suffixes were computed: the models read them) */
    static const uint8_t sentinel_no[WH_COUNT] = {
        [WH_RAW] = 0, [WH_LOW] = 1, [WH_PRE1] = 2, [WH_PRE2] = 3, [WH_PRE3] = 4, [WH_PRE4] = 5,
        [WH_SUF2] = 9, [WH_SUF3] = 10, [WH_SUF4] = 11, [WH_SHAPE] = 14};
    for (int k = 0; k < WH_COUNT; k++) {
        s->wf[0].h[k] = 0x5354415254320000ULL + sentinel_no[k];
        s->wf[1].h[k] = 0x5354415254000000ULL + sentinel_no[k];
        s->wf[t->n + 2].h[k] = 0x454e440000000000ULL + sentinel_no[k];
        s->wf[t->n + 3].h[k] = 0x454e443200000000ULL + sentinel_no[k];
    }
    s->wf[0].cap = s->wf[1].cap = s->wf[t->n + 2].cap = s->wf[t->n + 3].cap = 0;
    uint32_t caps = 0;
    for (uint32_t i = 0; i < t->n; i++) {
        uint32_t a = t->se[(size_t)i * t->stride], b = t->se[(size_t)i * t->stride + 1];
        word_feats((const unsigned char *)t->text + a, b > a ? b - a : 0, &s->wf[i + 2]);
        caps += s->wf[i + 2].cap;
    }
    s->titlecase = t->n >= 3 && caps * 10 >= t->n * 6;
    return true;
}

void ws_tagger_scratch_free(ws_tagger_scratch *s)
{
    ws_free(s->wf);
    ws_free(s->hist);
    ws_free(s->lexv);
    ws_free(s->clus);
    ws_free(s->esc);
    ws_free(s->memkeys);
    ws_free(s->memvals);
    memset(s, 0, sizeof *s);
}

void ws_tagger_doc_start(ws_tagger_scratch *s)
{
    if (s->memn) {
        memset(s->memkeys, 0, sizeof *s->memkeys * (s->memmask + 1));
        s->memn = 0;
    }
}

static uint32_t mem_slot(const ws_tagger_scratch *s, uint64_t key)
{
    uint32_t i = (uint32_t)key & s->memmask;
    while (s->memkeys[i] && s->memkeys[i] != key)
        i = (i + 1) & s->memmask;
    return i;
}

void ws_tagger_recall(ws_tagger_scratch *s, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        uint64_t key = s->wf[i + 2].h[WH_RAW] | 1;
        s->hist[i] = 0;
        if (s->memn) {
            uint32_t k = mem_slot(s, key);
            if (s->memkeys[k])
                s->hist[i] = s->memvals[k];
        }
    }
}

bool ws_tagger_remember(ws_tagger_scratch *s, const uint16_t *tags, uint32_t n)
{
    if ((s->memn + n) * 2 > s->memmask) { /* grow to keep the load under one half */
        uint32_t cap = s->memmask ? s->memmask + 1 : 1024;
        while ((s->memn + n) * 2 >= cap)
            cap *= 2;
        uint64_t *ok = s->memkeys;
        uint8_t *ov = s->memvals;
        uint32_t om = s->memmask;
        s->memkeys = ws_calloc(cap, sizeof *s->memkeys);
        s->memvals = ws_malloc(cap);
        if (!s->memkeys || !s->memvals) {
            ws_free(s->memkeys);
            ws_free(s->memvals);
            s->memkeys = ok;
            s->memvals = ov;
            return false;
        }
        s->memmask = cap - 1;
        for (uint32_t i = 0; ok && i <= om; i++)
            if (ok[i]) {
                uint32_t k = mem_slot(s, ok[i]);
                s->memkeys[k] = ok[i];
                s->memvals[k] = ov[i];
            }
        ws_free(ok);
        ws_free(ov);
    }
    for (uint32_t i = 0; i < n; i++) {
        uint64_t key = s->wf[i + 2].h[WH_RAW] | 1;
        uint32_t k = mem_slot(s, key);
        if (!s->memkeys[k]) {
            s->memkeys[k] = key;
            s->memn++;
        }
        int ty = WS_NER_TYPE(tags[i]);
        s->memvals[k] = (uint8_t)(ty < 0 ? 1 : 2 + ty);
    }
    return true;
}

uint64_t ws_tagdict_key(const ws_wordfeat *w) { return fk(99, w->h[WH_RAW], 0); }

enum { TAG_START = 1000, TAG_START2 = 1001 };

int ws_tagger_feats(int kind, const ws_tagger_scratch *s, uint32_t n, uint32_t i, const uint16_t *tags,
                    const uint16_t *pos, uint64_t *k)
{
    const ws_wordfeat *w = &s->wf[i + 2], *p1 = w - 1, *p2 = w - 2, *n1 = w + 1, *n2 = w + 2;
    uint64_t t1 = i >= 1 ? tags[i - 1] : TAG_START, t2 = i >= 2 ? tags[i - 2] : TAG_START2;
    int m = 0;
    if (kind == WS_TAGGER_POS) {
        k[m++] = fk(1, 0, 0); /* bias */
        k[m++] = fk(2, w->h[WH_LOW], 0);
        k[m++] = fk(3, w->h[WH_RAW], 0);
        k[m++] = fk(4, w->h[WH_SUF3], 0);
        k[m++] = fk(5, w->h[WH_PRE1], 0);
        k[m++] = fk(6, t1, 0);
        k[m++] = fk(7, t2, 0);
        k[m++] = fk(8, t1, t2);
        k[m++] = fk(9, t1, w->h[WH_LOW]);
        k[m++] = fk(10, p1->h[WH_LOW], 0);
        k[m++] = fk(11, p1->h[WH_SUF3], 0);
        k[m++] = fk(12, p2->h[WH_LOW], 0);
        k[m++] = fk(13, n1->h[WH_LOW], 0);
        k[m++] = fk(14, n1->h[WH_SUF3], 0);
        k[m++] = fk(15, n2->h[WH_LOW], 0);
        k[m++] = fk(16, w->h[WH_SHAPE], 0);
        k[m++] = fk(17, w->h[WH_SUF4], 0);
        k[m++] = fk(18, w->h[WH_PRE3], 0);
        k[m++] = fk(19, w->h[WH_SUF2], 0);
        k[m++] = fk(20, p1->h[WH_LOW], w->h[WH_LOW]);
        k[m++] = fk(21, w->h[WH_LOW], n1->h[WH_LOW]);
        k[m++] = fk(22, n1->h[WH_SHAPE], 0);
        k[m++] = fk(23, t1, n1->h[WH_LOW]);
        return m;
    }
    uint64_t q0 = pos[i], qp = i >= 1 ? pos[i - 1] : TAG_START, qn = i + 1 < n ? pos[i + 1] : TAG_START2;
    k[m++] = fk(31, 0, 0);
    k[m++] = fk(32, w->h[WH_RAW], 0);
    k[m++] = fk(33, w->h[WH_LOW], 0);
    k[m++] = fk(34, w->h[WH_SHAPE], 0);
    for (int a = 0; a < 3; a++) { /* character n-grams at the word edges, 2..4 long */
        k[m++] = fk(35, w->h[WH_PRE2 + a], 0);
        k[m++] = fk(36, w->h[WH_SUF2 + a], 0);
    }
    k[m++] = fk(38, p1->h[WH_LOW], 0);
    k[m++] = fk(39, n1->h[WH_LOW], 0);
    k[m++] = fk(40, p2->h[WH_LOW], 0);
    k[m++] = fk(41, n2->h[WH_LOW], 0);
    k[m++] = fk(42, p1->h[WH_SHAPE], 0);
    k[m++] = fk(43, n1->h[WH_SHAPE], 0);
    k[m++] = fk(44, q0, 0);
    k[m++] = fk(45, qp, 0);
    k[m++] = fk(46, qn, 0);
    k[m++] = fk(47, qp, q0);
    k[m++] = fk(48, q0, qn);
    k[m++] = fk(49, t1, 0);
    k[m++] = fk(50, t1, t2);
    k[m++] = fk(51, t1, w->h[WH_LOW]);
    k[m++] = fk(52, t1, w->h[WH_SHAPE]);
    k[m++] = fk(53, t1, q0);
    k[m++] = fk(54, p1->h[WH_LOW], w->h[WH_LOW]);
    k[m++] = fk(55, w->h[WH_LOW], n1->h[WH_LOW]);
    k[m++] = fk(56, p1->h[WH_SHAPE], fk(0, w->h[WH_SHAPE], n1->h[WH_SHAPE]));
    k[m++] = fk(57, p1->h[WH_RAW], 0);
    k[m++] = fk(58, n1->h[WH_RAW], 0);
    k[m++] = fk(59, t1, n1->h[WH_SHAPE]);
    k[m++] = fk(62, t1, fk(0, p1->h[WH_SHAPE], w->h[WH_SHAPE]));
    k[m++] = fk(63, t2, fk(t1, p2->h[WH_SHAPE], fk(0, p1->h[WH_SHAPE], w->h[WH_SHAPE])));
    /* what the document said of this word and its neighbours before */
    uint64_t h0 = s->hist[i], hp = i >= 1 ? s->hist[i - 1] : 9, hn = i + 1 < n ? s->hist[i + 1] : 9;
    k[m++] = fk(70, h0, 0);
    k[m++] = fk(71, h0, w->h[WH_SHAPE]);
    k[m++] = fk(72, hn, 0);
    k[m++] = fk(73, t1, h0);
    k[m++] = fk(74, hp, h0);
    /* lexicon matches: gazetteer categories and the training data's usual type, with position */
    uint64_t lx = s->lexv[i], lxn = i + 1 < n ? s->lexv[i + 1] : 0;
    k[m++] = fk(75, lx & LX_GAZ, lx >> 24);
    k[m++] = fk(76, (lx >> LX_DICT_SHIFT) & 7, lx >> 24);
    k[m++] = fk(77, lx, w->h[WH_SHAPE]);
    k[m++] = fk(78, t1, lx);
    k[m++] = fk(79, lxn, 0);
    /* right context beyond the next word: the run of capitalised words starting here (cut at 5),
     * the shapes of the next two words, what the lexicon says two words on */
    uint64_t run = 0;
    while (run < 5 && i + run < n && w[run].cap)
        run++;
    k[m++] = fk(81, run, p1->cap);
    k[m++] = fk(82, t1, run);
    k[m++] = fk(83, n2->h[WH_SHAPE], n1->h[WH_SHAPE]);
    k[m++] = fk(84, i + 2 < n ? s->lexv[i + 2] : 0, lxn);
    k[m++] = fk(86, s->titlecase, w->h[WH_SHAPE]);
    k[m++] = fk(87, s->titlecase, t1);
    /* distributional clusters of the word and its neighbours (ws_clus_key) */
    const uint32_t *cl = &s->clus[i + 2];
    k[m++] = fk(90, cl[0], 0);
    k[m++] = fk(92, cl[-1], 0);
    k[m++] = fk(93, cl[1], 0);
    k[m++] = fk(94, t1, cl[0]);
    return m;
}

uint64_t ws_word_low(const char *s, uint32_t len)
{
    ws_wordfeat w;
    word_feats((const unsigned char *)s, len, &w);
    return w.h[WH_LOW];
}

uint64_t ws_lex_step(uint64_t key, uint64_t low) { return fk(80, key, low); }
uint64_t ws_clus_key(uint64_t raw) { return fk(88, raw, 0x636c7573); }

/* ---- BILOU well-formedness ---- */
bool ws_ner_allowed(uint16_t prev, uint16_t cur)
{
    int pp = WS_NER_PART(prev), pt = WS_NER_TYPE(prev);
    int cp = WS_NER_PART(cur), ct = WS_NER_TYPE(cur);
    bool inside = pp == 0 || pp == 1; /* after B or I the entity must go on */
    if (cur == WS_NER_O || cp == 0 || cp == 3)
        return !inside;
    if (cp == 1 || cp == 2)
        return inside && pt == ct;
    return false; /* NONE is never predicted */
}
bool ws_ner_can_end(uint16_t prev)
{
    int pp = WS_NER_PART(prev);
    return !(pp == 0 || pp == 1);
}

uint16_t ws_ner_io(uint16_t bilou)
{
    int t = WS_NER_TYPE(bilou);
    return t < 0 ? WS_NER_O : (uint16_t)(2 + 4 * t + 1);
}

bool ws_ner_io_class(uint16_t c) { return c == WS_NER_O || WS_NER_PART(c) == 1; }

void ws_ner_merge_runs(uint16_t *io, const float *sc, uint32_t n)
{
    for (uint32_t i = 0; i < n;) {
        if (io[i] == WS_NER_O) {
            i++;
            continue;
        }
        uint32_t j = i;
        bool mixed = false;
        while (j + 1 < n && io[j + 1] != WS_NER_O) {
            mixed |= io[j + 1] != io[i];
            j++;
        }
        if (mixed) {
            float sum[4] = {0, 0, 0, 0};
            for (uint32_t k = i; k <= j; k++)
                for (int t = 0; t < 4; t++)
                    sum[t] += sc[4 * k + t];
            int best = 0;
            for (int t = 1; t < 4; t++)
                if (sum[t] > sum[best])
                    best = t;
            for (uint32_t k = i; k <= j; k++)
                io[k] = (uint16_t)(2 + 4 * best + 1);
        }
        i = j + 1;
    }
}

void ws_ner_io_to_bilou(uint16_t *t, uint32_t n)
{
    for (uint32_t i = 0; i < n;) {
        int ty = WS_NER_TYPE(t[i]);
        if (ty < 0) {
            i++;
            continue;
        }
        uint32_t j = i;
        while (j + 1 < n && WS_NER_TYPE(t[j + 1]) == ty)
            j++;
        uint16_t base = (uint16_t)(2 + 4 * ty);
        if (i == j) {
            t[i] = base + 3;
        } else {
            t[i] = base;
            for (uint32_t k = i + 1; k < j; k++)
                t[k] = base + 1;
            t[j] = base + 2;
        }
        i = j + 1;
    }
}

/* ---- models ---- */
struct ws_tagger_model {
    int kind;
    uint32_t nclasses, stride, mask, tdmask; /* tdmask 0: no tag dictionary */
    float scale;
    uint64_t o_pos; /* NER: ws_ner_o_word */
    const uint64_t *slots, *td;
    ws_lexicon lex;
    const int8_t *w;
    void *mem;
    size_t memlen;
    bool mapped;
};

/* NER decides between O and I-<type> only (ws_ner_io_class), so it reads five of its classes. */
enum { NER_IO = 5 };
static const uint16_t ner_io_cls[NER_IO] = {WS_NER_O, 2 + 0 * 4 + 1, 2 + 1 * 4 + 1, 2 + 2 * 4 + 1, 2 + 3 * 4 + 1};
_Static_assert(WS_NER_O == 1 && WS_NE_TYPES == 4, "ner_io_cls lists O and I-<type> in class order");

int ws_tagger_model_kind(const ws_tagger_model *m) { return m->kind; }
uint32_t ws_tagger_model_classes(const ws_tagger_model *m) { return m->nclasses; }

static uint32_t rd32(const unsigned char *p) { uint32_t v; memcpy(&v, p, 4); return v; }
static uint64_t rd64(const unsigned char *p) { uint64_t v; memcpy(&v, p, 8); return v; }
static void wr32(unsigned char *p, uint32_t v) { memcpy(p, &v, 4); }
static void wr64(unsigned char *p, uint64_t v) { memcpy(p, &v, 8); }

static uint32_t crc(const unsigned char *p, size_t n)
{
    uLong c = crc32(0L, Z_NULL, 0);
    while (n) {
        uInt k = n > (1u << 30) ? (1u << 30) : (uInt)n;
        c = crc32(c, p, k);
        p += k;
        n -= k;
    }
    return (uint32_t)c;
}

static bool little_endian(void)
{
    const uint16_t one = 1;
    unsigned char b;
    memcpy(&b, &one, 1);
    return b == 1;
}

static uint32_t classes_of(int kind) { return kind == WS_TAGGER_POS ? WS_POS_COUNT : WS_NER_COUNT; }
/* NER decides between O and I-<type> only (ws_ner_io_class), so its rows keep just those five. */
static uint32_t stride_of(int kind) { return kind == WS_TAGGER_NER ? 8u : 64u; }
_Static_assert(WS_POS_COUNT <= 64 && WS_MAX_FEATS * 127 <= 32767, "POS rows fit 64 columns; int16 sums are exact");
/* zero bytes after the tables so the weights start at a multiple of 64 from the file's start */
static uint32_t weight_pad(uint64_t tables) { return (uint32_t)((64 - (HEADER_SIZE + tables) % 64) % 64); }
/* the class of each stored column */
static uint32_t column_class(int kind, uint32_t c)
{
    return kind == WS_TAGGER_NER ? (c < NER_IO ? ner_io_cls[c] : UINT32_MAX) : c;
}
static bool pow2(uint32_t x) { return x && !(x & (x - 1)); }

/* Checks the image and fills m (not taking ownership). */
static ws_status parse(const unsigned char *b, size_t len, ws_tagger_model *m, const char **why)
{
#define BAD(msg) do { *why = msg; return WS_EFORMAT; } while (0)
    if (!little_endian())
        BAD("model files are little-endian; this host is not");
    if (len < HEADER_SIZE)
        BAD("truncated model file (shorter than its header)");
    if (memcmp(b, MODEL_MAGIC, 8) != 0)
        BAD("not a whosaid tagger model (bad magic)");
    if (rd32(b + 8) != MODEL_VERSION)
        BAD("unsupported model format version (this build reads version 2: retrain the model)");
    if (rd32(b + 12) != HEADER_SIZE)
        BAD("bad header size");
    if (crc(b, 76) != rd32(b + 76))
        BAD("header checksum mismatch (corrupt model file)");
    uint32_t kind = rd32(b + 16), ncl = rd32(b + 20), stride = rd32(b + 24), nslots = rd32(b + 28);
    uint32_t nrows = rd32(b + 32), ntd = rd32(b + 36), fv = rd32(b + 40);
    float scale;
    memcpy(&scale, b + 44, 4);
    uint32_t nlex = rd32(b + 48), lexmax = rd32(b + 52);
    uint64_t plen = rd64(b + 56);
    if (kind != WS_TAGGER_POS && kind != WS_TAGGER_NER)
        BAD("unknown tagger kind");
    if (ncl != classes_of((int)kind))
        BAD("class count does not match this build's tag set");
    if (stride != stride_of((int)kind))
        BAD("rows of another width (a model of an older format: retrain it)");
    if (fv != WS_FEAT_VERSION((int)kind))
        BAD("model was trained with other feature templates (retrain it)");
    if (!pow2(nslots) || nslots > (1u << 28) || nrows >= nslots || (ntd && (!pow2(ntd) || ntd > (1u << 24))) ||
        (nlex && (!pow2(nlex) || nlex > (1u << 24))) || lexmax > WS_LEX_MAXLEN || (nlex && !lexmax))
        BAD("bad table sizes in header");
    uint64_t o_pos = rd64(b + 64);
    if ((kind == WS_TAGGER_POS && o_pos) || (o_pos >> WS_POS_COUNT))
        BAD("bad POS tag set for O without scoring");
    if (!isfinite(scale) || !(scale > 0))
        BAD("bad weight scale");
    uint64_t tables = 8ull * nslots + 8ull * ntd + 8ull * nlex;
    uint64_t want = tables + weight_pad(tables) + (uint64_t)nrows * stride;
    if (plen != want)
        BAD("payload size does not match the table sizes");
    if (len - HEADER_SIZE < plen)
        BAD("truncated model file");
    if (len - HEADER_SIZE > plen)
        BAD("trailing bytes after the model");
    const unsigned char *pl = b + HEADER_SIZE;
    if (crc(pl, (size_t)plen) != rd32(b + 72))
        BAD("payload checksum mismatch (corrupt model file)");
    const uint64_t *slots = (const uint64_t *)(const void *)pl;
    const uint64_t *td = slots + nslots;
    bool empty = false;
    for (uint32_t i = 0; i < nslots; i++) {
        uint32_t row = (uint32_t)slots[i];
        if (row == EMPTY_ROW)
            empty = true;
        else if (row >= nrows)
            BAD("feature row index out of range");
    }
    if (!empty)
        BAD("feature table has no empty slot");
    if (ntd) {
        empty = false;
        for (uint32_t i = 0; i < ntd; i++) {
            uint32_t tag = (uint32_t)td[i];
            if (tag == EMPTY_ROW)
                empty = true;
            else if (tag == 0 || tag >= ncl)
                BAD("tag dictionary entry out of range");
        }
        if (!empty)
            BAD("tag dictionary has no empty slot");
    }
    const uint64_t *lex = td + ntd;
    empty = nlex == 0;
    for (uint32_t i = 0; i < nlex; i++)
        empty |= (uint32_t)lex[i] == EMPTY_ROW;
    if (!empty)
        BAD("lexicon has no empty slot");
#undef BAD
    m->kind = (int)kind;
    m->nclasses = ncl;
    m->stride = stride;
    m->mask = nslots - 1;
    m->tdmask = ntd ? ntd - 1 : 0;
    m->scale = scale;
    m->o_pos = o_pos;
    m->slots = slots;
    m->td = ntd ? td : NULL;
    m->lex = (ws_lexicon){nlex ? lex : NULL, nlex ? nlex - 1 : 0, lexmax, NULL};
    m->w = (const int8_t *)(pl + tables + weight_pad(tables));
    return WS_OK;
}

ws_status ws_tagger_model_from_buffer(void *buf, size_t len, ws_tagger_model **out, const char **reason)
{
    const char *dummy;
    const char **why = reason ? reason : &dummy;
    *why = NULL;
    *out = NULL;
    ws_tagger_model *m = ws_calloc(1, sizeof *m);
    if (!m) {
        ws_free(buf);
        *why = "out of memory";
        return WS_ENOMEM;
    }
    ws_status st = parse(buf, len, m, why);
    if (st != WS_OK) {
        ws_free(buf);
        ws_free(m);
        return st;
    }
    m->mem = buf;
    m->memlen = len;
    *out = m;
    return WS_OK;
}

ws_status ws_tagger_model_load(const char *path, ws_tagger_model **out, const char **reason)
{
    const char *dummy;
    const char **why = reason ? reason : &dummy;
    *why = NULL;
    *out = NULL;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        *why = "cannot open the model file";
        return WS_ENOTFOUND;
    }
    struct stat sb;
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        close(fd);
        *why = "not a regular file";
        return WS_EIO;
    }
    size_t len = (size_t)sb.st_size;
    if (len < HEADER_SIZE) {
        close(fd);
        *why = "truncated model file (shorter than its header)";
        return WS_EFORMAT;
    }
    void *map = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (map == MAP_FAILED) {
        *why = "cannot map the model file";
        return WS_EIO;
    }
    ws_tagger_model *m = ws_calloc(1, sizeof *m);
    if (!m) {
        munmap(map, len);
        *why = "out of memory";
        return WS_ENOMEM;
    }
    ws_status st = parse(map, len, m, why);
    if (st != WS_OK) {
        munmap(map, len);
        ws_free(m);
        return st;
    }
    m->mem = map;
    m->memlen = len;
    m->mapped = true;
    *out = m;
    return WS_OK;
}

void ws_tagger_model_free(ws_tagger_model *m)
{
    if (!m)
        return;
    if (m->mapped)
        munmap(m->mem, m->memlen);
    else
        ws_free(m->mem);
    ws_free(m);
}

ws_status ws_model_check(const char *path, int *kind, const char **reason)
{
    ws_tagger_model *m;
    ws_status st = ws_tagger_model_load(path, &m, reason);
    if (st == WS_OK) {
        if (kind)
            *kind = m->kind;
        ws_tagger_model_free(m);
    }
    return st;
}

/* Open-addressing insert of key -> value; the table has a free slot by construction. */
static void slot_put(uint64_t *slots, uint32_t mask, uint64_t key, uint32_t val)
{
    uint32_t fp = (uint32_t)(key >> 32), i = (uint32_t)key & mask;
    while ((uint32_t)slots[i] != EMPTY_ROW) {
        if ((uint32_t)(slots[i] >> 32) == fp)
            return; /* same fingerprint in this chain: keep the first */
        i = (i + 1) & mask;
    }
    slots[i] = (uint64_t)fp << 32 | val;
}

static inline const uint64_t *slot_get(const uint64_t *slots, uint32_t mask, uint64_t key)
{
    uint32_t fp = (uint32_t)(key >> 32), i = (uint32_t)key & mask;
    for (;;) {
        uint64_t s = slots[i];
        if ((uint32_t)s == EMPTY_ROW)
            return NULL;
        if ((uint32_t)(s >> 32) == fp)
            return &slots[i];
        i = (i + 1) & mask;
    }
}

static uint32_t table_size(uint32_t n)
{
    uint32_t s = 16;
    while (s < 2 * n + 1)
        s *= 2;
    return s;
}

bool ws_lexicon_build(ws_lexicon *lx, const uint64_t *keys, const uint32_t *bits, uint32_t n, uint32_t maxlen)
{
    memset(lx, 0, sizeof *lx);
    if (n == 0)
        return true;
    uint32_t size = table_size(n);
    uint64_t *t = ws_malloc(sizeof *t * size);
    if (!t)
        return false;
    for (uint32_t i = 0; i < size; i++)
        t[i] = EMPTY_ROW;
    uint32_t mask = size - 1;
    for (uint32_t k = 0; k < n; k++) {
        uint32_t fp = (uint32_t)(keys[k] >> 32), i = (uint32_t)keys[k] & mask;
        while ((uint32_t)t[i] != EMPTY_ROW && (uint32_t)(t[i] >> 32) != fp)
            i = (i + 1) & mask;
        uint32_t old = (uint32_t)t[i] == EMPTY_ROW ? 0 : (uint32_t)t[i];
        t[i] = (uint64_t)fp << 32 | (old | bits[k]);
    }
    lx->slots = lx->owned = t;
    lx->mask = mask;
    lx->maxlen = maxlen > WS_LEX_MAXLEN ? WS_LEX_MAXLEN : maxlen;
    return true;
}

void ws_lexicon_free(ws_lexicon *lx)
{
    ws_free(lx->owned);
    memset(lx, 0, sizeof *lx);
}

void ws_tagger_match(const ws_lexicon *lx, ws_tagger_scratch *s, uint32_t n)
{
    memset(s->lexv, 0, sizeof *s->lexv * n);
    s->clus[0] = s->clus[1] = s->clus[n + 2] = s->clus[n + 3] = WS_CL_EDGE;
    if (lx && lx->slots) /* each word's two lookups below, fetched ahead so the misses overlap */
        for (uint32_t i = 0; i < n; i++) {
            __builtin_prefetch(&lx->slots[(uint32_t)ws_clus_key(s->wf[i + 2].h[WH_RAW]) & lx->mask]);
            __builtin_prefetch(&lx->slots[(uint32_t)ws_lex_step(WS_LEX_SEED, s->wf[i + 2].h[WH_LOW]) & lx->mask]);
        }
    for (uint32_t i = 0; i < n; i++) {
        const uint64_t *e = lx && lx->slots ? slot_get(lx->slots, lx->mask, ws_clus_key(s->wf[i + 2].h[WH_RAW]))
                                           : NULL;
        s->clus[i + 2] = e ? (uint32_t)*e & ~LX_PREFIX : 0;
    }
    if (!lx || !lx->slots)
        return;
    for (uint32_t i = 0; i < n;) {
        uint64_t key = WS_LEX_SEED;
        uint32_t best = 0, bbits = 0;
        for (uint32_t len = 1; len <= lx->maxlen && i + len <= n; len++) {
            key = ws_lex_step(key, s->wf[i + len + 1].h[WH_LOW]);
            const uint64_t *e = slot_get(lx->slots, lx->mask, key);
            if (!e)
                break;
            uint32_t bits = (uint32_t)*e;
            if (bits & ~LX_PREFIX) {
                best = len;
                bbits = bits & ~LX_PREFIX;
            }
            if (!(bits & LX_PREFIX))
                break;
        }
        if (!best) {
            i++;
            continue;
        }
        for (uint32_t k = 0; k < best; k++) {
            uint32_t posn = best == 1 ? 4 : k == 0 ? 1 : k + 1 == best ? 3 : 2;
            s->lexv[i + k] = bbits | posn << 24;
        }
        i += best;
    }
}

/* Does a row have a stored weight of at least floor? */
static bool keep_row(int kind, const float *w, uint32_t ncl, float floor)
{
    for (uint32_t c = 0; c < stride_of(kind); c++) {
        uint32_t cls = column_class(kind, c);
        if (cls < ncl && fabsf(w[cls]) >= floor)
            return true;
    }
    return false;
}

ws_status ws_tagger_model_build(const ws_model_parts *p, void **buf, size_t *len)
{
    *buf = NULL;
    *len = 0;
    uint32_t ncl = p->nclasses, stride = stride_of(p->kind);
    if (ncl != classes_of(p->kind) || p->nfeats >= (1u << 27) || p->ntd >= (1u << 23) ||
        (p->kind == WS_TAGGER_POS && p->o_pos) || (p->o_pos >> WS_POS_COUNT))
        return WS_EINVAL;
    float maxabs = 0;
    for (size_t i = 0; i < (size_t)p->nfeats * ncl; i++)
        if (fabsf(p->weights[i]) > maxabs)
            maxabs = fabsf(p->weights[i]);
    float scale = maxabs > 0 ? maxabs / 127.0f : 1.0f;
    /* rows that are all small (or round to all zeros) carry little and are dropped */
    float floor = p->prune > scale ? p->prune : scale;
    uint32_t nrows = 0;
    for (uint32_t r = 0; r < p->nfeats; r++)
        nrows += keep_row(p->kind, p->weights + (size_t)r * ncl, ncl, floor);
    uint32_t nslots = table_size(nrows), ntds = p->ntd ? table_size(p->ntd) : 0;
    uint32_t nlex = p->lex && p->lex->slots ? p->lex->mask + 1 : 0;
    uint64_t tables = 8ull * nslots + 8ull * ntds + 8ull * nlex;
    uint64_t plen = tables + weight_pad(tables) + (uint64_t)nrows * stride;
    size_t total = HEADER_SIZE + (size_t)plen;
    unsigned char *b = ws_calloc(1, total);
    if (!b)
        return WS_ENOMEM;
    uint64_t *slots = (uint64_t *)(void *)(b + HEADER_SIZE), *td = slots + nslots, *lex = td + ntds;
    int8_t *w = (int8_t *)(b + HEADER_SIZE + tables + weight_pad(tables));
    if (nlex)
        memcpy(lex, p->lex->slots, sizeof *lex * nlex);
    for (uint32_t i = 0; i < nslots; i++)
        slots[i] = EMPTY_ROW;
    for (uint32_t i = 0; i < ntds; i++)
        td[i] = EMPTY_ROW;
    uint32_t row = 0;
    for (uint32_t r = 0; r < p->nfeats; r++) {
        int8_t q[64];
        if (!keep_row(p->kind, p->weights + (size_t)r * ncl, ncl, floor))
            continue;
        for (uint32_t c = 0; c < stride; c++) {
            uint32_t cls = column_class(p->kind, c);
            long v = cls < ncl ? lrintf(p->weights[(size_t)r * ncl + cls] / scale) : 0;
            q[c] = (int8_t)(v > 127 ? 127 : v < -127 ? -127 : v);
        }
        memcpy(w + (size_t)row * stride, q, stride);
        slot_put(slots, nslots - 1, p->keys[r], row);
        row++;
    }
    for (uint32_t i = 0; i < p->ntd; i++)
        slot_put(td, ntds - 1, p->td_keys[i], p->td_tags[i]);
    memcpy(b, MODEL_MAGIC, 8);
    wr32(b + 8, MODEL_VERSION);
    wr32(b + 12, HEADER_SIZE);
    wr32(b + 16, (uint32_t)p->kind);
    wr32(b + 20, ncl);
    wr32(b + 24, stride);
    wr32(b + 28, nslots);
    wr32(b + 32, nrows);
    wr32(b + 36, ntds);
    wr32(b + 40, WS_FEAT_VERSION(p->kind));
    memcpy(b + 44, &scale, 4);
    wr32(b + 48, nlex);
    wr32(b + 52, nlex ? p->lex->maxlen : 0);
    wr64(b + 56, plen);
    wr64(b + 64, p->o_pos);
    wr32(b + 72, crc(b + HEADER_SIZE, (size_t)plen));
    wr32(b + 76, crc(b, 76));
    *buf = b;
    *len = total;
    return WS_OK;
}

/* ---- tagging ---- */
/* Adds the first 48 columns of POS rows (int8, the 46 classes) to int16 scores; a fixed stride, so
 * the compiler unrolls and vectorises. On x86-64 there is also an AVX2 build of it, picked at load
 * time when the CPU has AVX2 (one instruction widens 16 int8 where SSE2 needs several): the same
 * integer sums. */
#if defined(__x86_64__) && defined(__has_attribute)
#if __has_attribute(target_clones)
#define WS_CLONES __attribute__((target_clones("avx2", "default")))
#endif
#endif
#ifndef WS_CLONES
#define WS_CLONES
#endif
WS_CLONES static void add_rows_48(int16_t *restrict sc, const int8_t *const *rows, int nr)
{
    for (int r = 0; r < nr; r++) {
        const int8_t *restrict row = rows[r];
        for (int c = 0; c < 48; c++)
            sc[c] = (int16_t)(sc[c] + row[c]);
    }
}
_Static_assert((WS_POS_COUNT + 7) / 8 * 8 == 48, "the add_rows instance matches the POS tag set");
/* NER rows: 8 int8 */
static void add_rows_8(int16_t *restrict sc, const int8_t *const *rows, int nr)
{
    for (int r = 0; r < nr; r++) {
        const int8_t *restrict row = rows[r];
        for (int c = 0; c < 8; c++)
            sc[c] = (int16_t)(sc[c] + row[c]);
    }
}

bool ws_tagger_tag(const ws_tagger_model *m, ws_tagger_scratch *s, const ws_tsent *t, const uint16_t *pos,
                   uint16_t *out)
{
    return ws_tagger_words(s, t) && ws_tagger_tag_words(m, s, t->n, pos, out);
}

bool ws_tagger_tag_words(const ws_tagger_model *m, ws_tagger_scratch *s, uint32_t n, const uint16_t *pos,
                         uint16_t *out)
{
    const uint32_t stride = m->stride, ncl = m->nclasses;
    const bool ner = m->kind == WS_TAGGER_NER;
    uint64_t keys[WS_MAX_FEATS];
    const int8_t *rows[WS_MAX_FEATS];
    if (ner) {
        ws_tagger_recall(s, n);
        ws_tagger_match(&m->lex, s, n);
    }
    for (uint32_t i = 0; i < n; i++) {
        if (ner && (i == 0 || out[i - 1] == WS_NER_O) && ws_ner_o_word(m->o_pos, &s->wf[i + 2], pos[i])) {
            out[i] = WS_NER_O;
            continue;
        }
        if (m->td) {
            const uint64_t *e = slot_get(m->td, m->tdmask, ws_tagdict_key(&s->wf[i + 2]));
            if (e && (!ner || i == 0 || out[i - 1] == WS_NER_O)) { /* NER: O only outside entities */
                out[i] = (uint16_t)*e;
                continue;
            }
        }
        int nk = ws_tagger_feats(m->kind, s, n, i, out, pos, keys);
        /* fetch every slot, then every row, before using them: the misses overlap */
        for (int k = 0; k < nk; k++)
            __builtin_prefetch(&m->slots[(uint32_t)keys[k] & m->mask]);
        int nr = 0;
        for (int k = 0; k < nk; k++) {
            const uint64_t *e = slot_get(m->slots, m->mask, keys[k]);
            if (e) {
                rows[nr] = m->w + (size_t)(uint32_t)*e * stride;
                __builtin_prefetch(rows[nr]);
                nr++;
            }
        }
        if (ner) { /* NER's rows: the five scores it decides between (O and I-<type>), three zeros */
            int16_t sc[8] = {0};
            add_rows_8(sc, rows, nr);
            int best = 0; /* the first of equal scores, as over all classes in class order */
            for (int c = 1; c < NER_IO; c++)
                if (sc[c] > sc[best])
                    best = c;
            out[i] = ner_io_cls[best];
            for (int t = 0; t < 4; t++)
                s->esc[4 * i + t] = (float)sc[1 + t];
            continue;
        }
        int16_t sc[48] = {0};
        add_rows_48(sc, rows, nr);
        uint16_t best = 0;
        int64_t bs = INT64_MIN;
        for (uint32_t c = 1; c < ncl; c++) {
            if (sc[c] > bs) {
                bs = sc[c];
                best = (uint16_t)c;
            }
        }
        out[i] = best;
    }
    if (!ner)
        return true;
    ws_ner_merge_runs(out, s->esc, n);
    ws_ner_io_to_bilou(out, n);
    return ws_tagger_remember(s, out, n);
}

/* Fills pos and ner of every token, sentence by sentence (tokens outside any sentence are tagged
 * as their own run). */
enum { TAG_PIECE_TOKENS = 4096 }; /* real sentences are far shorter */

ws_status ws_tag(ws_doc *d)
{
    const ws_pipeline *p = d->pipe;
    if (!p || !p->pos || d->ntoks == 0)
        return WS_OK;
    _Static_assert(sizeof(ws_token) == 4 * sizeof(uint32_t) && offsetof(ws_token, end) == sizeof(uint32_t),
                   "ws_token is read as start/end pairs with stride 4");
    ws_tagger_scratch s = {0};
    uint16_t *buf = ws_malloc(sizeof *buf * 2 * (size_t)d->ntoks);
    ws_status st = WS_ENOMEM;
    if (!buf)
        goto done;
    uint16_t *pos = buf, *ner = buf + d->ntoks;
    uint32_t at = 0, k = 0;
    while (at < d->ntoks) {
        uint32_t a = at, b;
        if (k < d->nsents && d->sents[k].tok0 <= at) {
            b = d->sents[k].tok1 > at ? d->sents[k].tok1 : at + 1;
            k++;
        } else {
            b = k < d->nsents && d->sents[k].tok0 > at ? d->sents[k].tok0 : d->ntoks;
        }
        if (b > d->ntoks)
            b = d->ntoks;
        /* a "sentence" of a million tokens (no end punctuation) is tagged in pieces: the scratch
         * space grows with the sentence (over 100 bytes a token), so it stays bounded */
        if (b - a > TAG_PIECE_TOKENS) {
            b = a + TAG_PIECE_TOKENS;
            if (k > 0 && d->sents[k - 1].tok1 > b)
                k--; /* the rest of this sentence comes next */
        }
        ws_tsent t = {d->text, &d->toks[a].start, 4, b - a};
        if (!ws_tagger_words(&s, &t) || !ws_tagger_tag_words(p->pos, &s, t.n, NULL, pos + a))
            goto done;
        if (p->ner && !ws_tagger_tag_words(p->ner, &s, t.n, pos + a, ner + a))
            goto done;
        at = b;
    }
    for (uint32_t i = 0; i < d->ntoks; i++) {
        d->toks[i].pos = pos[i];
        d->toks[i].ner = p->ner ? ner[i] : 0;
    }
    st = WS_OK;
done:
    ws_free(buf);
    ws_tagger_scratch_free(&s);
    return st;
}
