/* test_tagger_exact.c — the tagger's shortcuts give exactly what the plain definitions give:
 * word hashes (affixes and lower-case form share one FNV pass; one multiplication per code point
 * below 0x100) against FNV run byte by byte over the normalised code points, on awkward words;
 * and POS and NER tagging (int8 rows summed in int16; POS rows added with AVX2 where the CPU has
 * it, NER summing only its five O / I-<type> scores) against a reference decoder that sums every
 * class of every row in plain integers, with models of random weights built in memory, over a
 * real article. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "tagger.h"

#include "check.h"

/* ---- reference word hashes: the definitions, byte by byte ---- */
static uint64_t mix64(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return h;
}
static uint64_t ref_hash(const void *p, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < n; i++)
        h = (h ^ ((const unsigned char *)p)[i]) * 0x100000001b3ULL;
    return mix64(h ^ n);
}
static uint32_t ref_norm(uint32_t c)
{
    switch (c) {
    case 0x2018: case 0x2019: case 0x201A: case 0x201B: return '\'';
    case 0x201C: case 0x201D: case 0x201E: case 0x201F: return '"';
    case 0x2013: case 0x2014: return '-';
    }
    return c < 0x80 ? (c >= 'A' && c <= 'Z' ? c + 32 : c) : ws_cp_lower(c);
}

/* spaCy's word shape: X x d or the character itself (other non-ASCII symbols: 0x80 | low 7 bits
 * of the normalised code point), runs of one shape character cut at 4; hashed with FNV, then mix64 */
static uint64_t ref_shape(const uint32_t *raw, uint32_t n, uint32_t *first)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    unsigned char last = 0;
    int run = 0;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t c = raw[i];
        unsigned char shc = ws_cp_is_upper(c) ? 'X' : ws_cp_is_alpha(c) ? 'x' : ws_cp_is_digit(c) ? 'd'
                            : c < 0x80 ? (unsigned char)c : (unsigned char)(0x80 | (ref_norm(c) & 0x7F));
        if (i == 0)
            *first = shc;
        run = shc == last ? run + 1 : 0;
        last = shc;
        if (run < 4)
            h = (h ^ shc) * 0x100000001b3ULL;
    }
    return mix64(h);
}

static void check_word_len(const char *word, uint32_t len)
{
    uint32_t se[2] = {0, len};
    ws_tsent t = {word, se, 2, 1};
    ws_tagger_scratch s = {0};
    CHECK(ws_tagger_words(&s, &t));
    const ws_wordfeat *w = &s.wf[2];
    uint32_t cps[128], raw[128], n = 0, first = 0;
    for (size_t i = 0; i < len && n < 128;) {
        uint32_t c;
        i += (size_t)ws_utf8_decode((const unsigned char *)word, len, i, &c);
        raw[n] = c;
        cps[n++] = ref_norm(c);
    }
    bool digit0 = n && cps[0] >= '0' && cps[0] <= '9', all_digit = true;
    for (uint32_t i = 0; i < n; i++)
        all_digit &= cps[i] >= '0' && cps[i] <= '9';
    if (w->h[WH_SHAPE] != ref_shape(raw, n, &first) || w->cap != (first == 'X')) {
        fprintf(stderr, "shape or capital of \"%.40s\"\n", word);
        failures++;
    }
    if (digit0 && w->h[WH_LOW] != (all_digit && n == 4 ? 0x7965617200000001ULL : 0x6469676974730002ULL)) {
        fprintf(stderr, "number form of \"%.40s\"\n", word);
        failures++;
    }
    for (uint32_t k = 1; k <= 4; k++) { /* prefixes of 1..4 code points, suffixes of 2..4 */
        uint32_t m = n < k ? n : k;
        if (w->h[WH_PRE1 + k - 1] != ref_hash(cps, 4 * m) + k ||
            (k >= 2 && w->h[WH_SUF2 + k - 2] != ref_hash(cps + (n - m), 4 * m) + 10 + k)) {
            fprintf(stderr, "affix hashes of \"%.40s\" (%u code points), k = %u\n", word, n, k);
            failures++;
        }
    }
    if (!digit0 && w->h[WH_LOW] != ref_hash(cps, 4 * n)) {
        fprintf(stderr, "lower-case hash of \"%.40s\"\n", word);
        failures++;
    }
    CHECK(w->h[WH_RAW] == ref_hash(word, len));
    ws_tagger_scratch_free(&s);
}
static void check_word(const char *word) { check_word_len(word, (uint32_t)strlen(word)); }

static void test_word_hashes(void)
{
    static const char *const words[] = {
        "", "a", "I", "the", "Obama", "WASHINGTON", "said", "don't", "U.S.", "--", "\"", "''",
        "\xe2\x80\x9cWe", "Mar\xc3\xad" "a", "Stra\xc3\x9f" "e", "\xc3\x89lys\xc3\xa9" "e", "na\xc3\xafve",
        "\xe5\x8c\x97\xe4\xba\xac", "\xf0\x9f\x98\x80", "e\xcc\x81", "\xc4\xb0stanbul", "\xce\xa3\xce\xbf\xcf\x86\xce\xaf\xce\xb1",
        "1999", "12.5", "3rd", "x\xe2\x80\x94y", "\xff\xfe", "antidisestablishmentarianism",
        "AAAAAAbbbbbb", "McDONALD's", "1234567", "2016-09-12", "@realDonaldTrump", "#", "Z", "0",
        "a\xc3\xa9", "Stra\xc3\x9f" "eNNNNN", "\x7f\x01", "xxxxx\xe2\x80\x94\xe2\x80\x94\xe2\x80\x94\xe2\x80\x94\xe2\x80\x94",
    };
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        check_word(words[i]);
    check_word_len("\0\0\0\0a", 5); /* a NUL byte is a shape character of its own */
    check_word_len("A\0", 2);
    /* past the 128 code points that features read, with multi-byte letters */
    char longw[600];
    size_t p = 0;
    for (int i = 0; i < 140; i++)
        p += (size_t)snprintf(longw + p, sizeof longw - p, i % 3 ? "b" : "\xc3\xa9");
    check_word(longw);
    /* ASCII past the 128 code points, and exactly 128 */
    memset(longw, 'Q', 300);
    check_word_len(longw, 300);
    check_word_len(longw, 128);
    check_word_len(longw, 129);
}

/* ---- reference decoder over a model of random weights ---- */
typedef struct {
    uint64_t *keys;
    int32_t *w;      /* n * ncl */
    uint32_t *index; /* open addressing over keys: 1 + key number, 0 empty */
    uint32_t n, ncl;
} refmodel;
enum { REF_MAX = 1 << 18 };

static int32_t *ref_row(refmodel *r, uint64_t key, bool add)
{
    if (!r->index) {
        r->index = calloc(2 * REF_MAX, sizeof *r->index);
        r->keys = malloc(sizeof *r->keys * REF_MAX);
        r->w = malloc(sizeof *r->w * REF_MAX * r->ncl);
    }
    uint32_t i = (uint32_t)(mix64(key) & (2 * REF_MAX - 1));
    while (r->index[i] && r->keys[r->index[i] - 1] != key)
        i = (i + 1) & (2 * REF_MAX - 1);
    if (r->index[i])
        return r->w + (size_t)(r->index[i] - 1) * r->ncl;
    if (!add || r->n == REF_MAX)
        return NULL;
    r->keys[r->n] = key;
    r->index[i] = ++r->n;
    return r->w + (size_t)(r->n - 1) * r->ncl;
}

/* the NER models' POS tags for O without scoring: every other tag id */
#define REF_O_POS (0x555555555555ULL & ((1ULL << WS_POS_COUNT) - 1))
static uint32_t o_words; /* words the reference decoder gave O that way */

static uint64_t rng = 0x9E3779B97F4A7C15ULL;
static int32_t rnd(int32_t lim)
{
    rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
    return (int32_t)((rng >> 33) % (uint64_t)(2 * lim + 1)) - lim;
}

/* Gives every key the article's words produce (with O and several earlier tags) random weights;
 * one weight is 127, so the model's scale is 1 and its int8 weights are these exactly. */
static ws_tagger_model *random_model(int kind, uint32_t ncl, refmodel *r, ws_doc *d, const uint16_t *pos)
{
    r->ncl = ncl;
    ws_tagger_scratch s = {0};
    uint16_t tags[4096];
    uint64_t keys[WS_MAX_FEATS];
    for (uint32_t k = 0; k < d->nsents; k++) {
        ws_sentence *se = &d->sents[k];
        ws_tsent t = {d->text, &d->toks[se->tok0].start, 4, se->tok1 - se->tok0};
        if (t.n == 0 || t.n > 4096 || !ws_tagger_words(&s, &t))
            continue;
        ws_tagger_match(NULL, &s, t.n);
        memset(s.hist, 0, t.n);
        for (int variant = 0; variant < 3; variant++) {
            for (uint32_t i = 0; i < t.n; i++)
                tags[i] = (uint16_t)(variant == 0 ? 1 : kind == WS_TAGGER_NER ? 3 + 4 * ((i + variant) % 4) : 1 + (i * 7 + variant) % (ncl - 1));
            for (uint32_t i = 0; i < t.n; i++) {
                int nk = ws_tagger_feats(kind, &s, t.n, i, tags, pos ? pos + se->tok0 : NULL, keys);
                for (int j = 0; j < nk; j++) {
                    int32_t *row = ref_row(r, keys[j], true);
                    for (uint32_t c = 0; c < ncl; c++)
                        row[c] = rnd(r->n % 3 ? 40 : 127);
                }
            }
        }
    }
    ws_tagger_scratch_free(&s);
    r->w[0] = 127;
    float *fw = malloc(sizeof *fw * r->n * ncl);
    for (size_t i = 0; i < (size_t)r->n * ncl; i++)
        fw[i] = (float)r->w[i];
    ws_model_parts parts = {kind, ncl, r->n, r->keys, fw, 0, NULL, NULL, NULL, 0.0f,
                            kind == WS_TAGGER_NER ? REF_O_POS : 0};
    void *buf;
    size_t len;
    ws_tagger_model *m = NULL;
    CHECK(ws_tagger_model_build(&parts, &buf, &len) == WS_OK);
    CHECK(ws_tagger_model_from_buffer(buf, len, &m, NULL) == WS_OK);
    free(fw);
    return m;
}

/* ws_tagger_tag_words as plainly as it can be said: every class of every row, int64 sums; NER
 * gives O without scoring to a word outside an entity that does not start with a capital letter
 * when its POS tag is one of REF_O_POS. */
static void ref_tag(int kind, refmodel *r, ws_tagger_scratch *s, uint32_t n, const uint16_t *pos, uint16_t *out)
{
    bool ner = kind == WS_TAGGER_NER;
    uint64_t keys[WS_MAX_FEATS];
    if (ner) {
        ws_tagger_recall(s, n);
        ws_tagger_match(NULL, s, n);
    }
    for (uint32_t i = 0; i < n; i++) {
        if (ner && (i == 0 || out[i - 1] == WS_NER_O) && !s->wf[i + 2].cap && (REF_O_POS >> pos[i] & 1)) {
            out[i] = WS_NER_O;
            o_words++;
            continue;
        }
        int64_t sc[64] = {0};
        int nk = ws_tagger_feats(kind, s, n, i, out, pos, keys);
        for (int k = 0; k < nk; k++) {
            const int32_t *row = ref_row(r, keys[k], false);
            for (uint32_t c = 0; row && c < r->ncl; c++)
                sc[c] += row[c];
        }
        uint16_t best = 0;
        int64_t bs = INT64_MIN;
        for (uint32_t c = 1; c < r->ncl; c++)
            if ((!ner || ws_ner_io_class((uint16_t)c)) && sc[c] > bs) {
                bs = sc[c];
                best = (uint16_t)c;
            }
        out[i] = best;
        if (ner)
            for (int t = 0; t < 4; t++)
                s->esc[4 * i + t] = (float)sc[2 + 4 * t + 1];
    }
    if (ner) {
        ws_ner_merge_runs(out, s->esc, n);
        ws_ner_io_to_bilou(out, n);
        CHECK(ws_tagger_remember(s, out, n));
    }
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *b = malloc(1 << 20);
    *len = fread(b, 1, (1 << 20) - 1, f);
    fclose(f);
    return b;
}

static void test_decoding(void)
{
    size_t len;
    char *text = slurp("examples/harbour-flood-barrier.txt", &len);
    CHECK(text && len > 1000);
    if (!text)
        return;
    ws_config cfg = {0};
    cfg.fast = 1;
    ws_pipeline *p;
    ws_doc *d;
    CHECK(ws_pipeline_new(&cfg, &p) == WS_OK);
    CHECK(ws_extract(p, text, len, WS_IN_NEWS, &d) == WS_OK);
    uint16_t *pos = calloc(d->ntoks, sizeof *pos), *a = calloc(d->ntoks, sizeof *a), *b = calloc(d->ntoks, sizeof *b);
    refmodel rp = {0}, rn = {0};
    ws_tagger_model *mp = random_model(WS_TAGGER_POS, WS_POS_COUNT, &rp, d, NULL);
    ws_tagger_scratch s1 = {0}, s2 = {0};
    uint32_t ntags = 0, nent = 0, differ = 0;
    for (int kind = WS_TAGGER_POS; kind <= WS_TAGGER_NER; kind++) {
        ws_tagger_model *m = mp;
        if (kind == WS_TAGGER_NER)
            m = random_model(WS_TAGGER_NER, WS_NER_COUNT, &rn, d, pos);
        if (!m)
            continue;
        for (uint32_t k = 0; k < d->nsents; k++) {
            ws_sentence *se = &d->sents[k];
            ws_tsent t = {d->text, &d->toks[se->tok0].start, 4, se->tok1 - se->tok0};
            if (t.n == 0)
                continue;
            const uint16_t *q = kind == WS_TAGGER_NER ? pos + se->tok0 : NULL;
            CHECK(ws_tagger_words(&s1, &t) && ws_tagger_tag_words(m, &s1, t.n, q, a + se->tok0));
            CHECK(ws_tagger_words(&s2, &t));
            ref_tag(kind, kind == WS_TAGGER_NER ? &rn : &rp, &s2, t.n, q, b + se->tok0);
            for (uint32_t i = se->tok0; i < se->tok1; i++) {
                ntags++;
                differ += a[i] != b[i];
                nent += kind == WS_TAGGER_NER && a[i] != WS_NER_O;
            }
        }
        if (kind == WS_TAGGER_POS)
            memcpy(pos, a, sizeof *pos * d->ntoks);
        else
            ws_tagger_model_free(m);
    }
    if (differ)
        fprintf(stderr, "test_tagger_exact: %u of %u tags differ from the reference decoder\n", differ, ntags);
    CHECK(differ == 0);
    CHECK(ntags >= 2 * 300 && nent > 20); /* a real article, and random NER weights find entities */
    CHECK(o_words > 20);                   /* and the O-without-scoring rule was exercised */
    ws_tagger_scratch_free(&s1);
    ws_tagger_scratch_free(&s2);
    ws_tagger_model_free(mp);
    free(rp.keys);
    free(rp.w);
    free(rp.index);
    free(rn.keys);
    free(rn.w);
    free(rn.index);
    free(pos);
    free(a);
    free(b);
    ws_doc_free(d);
    ws_pipeline_free(p);
    free(text);
}

int main(void)
{
    test_word_hashes();
    test_decoding();
    if (failures)
        fprintf(stderr, "test_tagger_exact: %d failure(s)\n", failures);
    return failures != 0;
}
