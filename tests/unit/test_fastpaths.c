/* test_fastpaths.c — the text layer's and lexicons' shortcuts give exactly what the plain
 * definitions give: ASCII class tables and inline UTF-8 decoding against the definitions, the
 * eight-bytes-at-a-time lower-casing (ws_lower8, ws_tok_lower) against byte by byte, the hash
 * indexes of the name, place, abbreviation and starter lists against a linear scan, the one-pass
 * token lookup (ws_lex_lookup_text) against ws_tok_lower's form looked up with ws_lex_lookup, and
 * ws_arena_trim. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attrib.h"
#include "cue.h"
#include "internal.h"
#include "lexdata.h"
#include "lexicon.h"

bool ws_lex_tables_sorted(void); /* lexicon.c */

#include "check.h"

static uint64_t rng = 0x9E3779B97F4A7C15u;
static uint32_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng >> 11);
}

static void test_ascii_classes(void)
{
    for (uint32_t c = 0; c < 0x80; c++) {
        bool up = c >= 'A' && c <= 'Z', lo = c >= 'a' && c <= 'z', dg = c >= '0' && c <= '9';
        bool sp = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
        CHECK(ws_cp_is_upper(c) == up);
        CHECK(ws_cp_is_lower(c) == lo);
        CHECK(ws_cp_is_alpha(c) == (up || lo));
        CHECK(ws_cp_is_digit(c) == dg);
        CHECK(ws_cp_is_space(c) == sp);
        CHECK(ws_cp_lower(c) == (up ? c + 32 : c));
    }
    for (uint32_t c = 0; c < 256; c++)
        CHECK(ws_lower_byte[c] == (c >= 'A' && c <= 'Z' ? c + 32 : c));
    /* above ASCII the inline tests are utf8proc's */
    static const uint32_t cps[] = {0x85, 0xA0, 0xC9, 0xE9, 0xDF, 0x2019, 0x200B, 0xFEFF, 0x3000,
                                   0x0660, 0x03A9, 0x03C9, 0x65E5, 0x2028, 0x1F600};
    for (size_t i = 0; i < sizeof cps / sizeof cps[0]; i++) {
        CHECK(ws_cp_is_upper(cps[i]) == ws_cp_is_upper_mb(cps[i]));
        CHECK(ws_cp_is_alpha(cps[i]) == ws_cp_is_alpha_mb(cps[i]));
        CHECK(ws_cp_is_digit(cps[i]) == ws_cp_is_digit_mb(cps[i]));
        CHECK(ws_cp_is_space(cps[i]) == ws_cp_is_space_mb(cps[i]));
    }
    CHECK(ws_cp_is_space(0xA0) && ws_cp_is_space(0x3000) && !ws_cp_is_space(0xE9));
    CHECK(ws_cp_is_upper(0xC9) && ws_cp_is_alpha(0x65E5) && ws_cp_is_digit(0x0660));
}

/* Strict UTF-8 by the book (RFC 3629), one code point. */
static int ref_decode(const unsigned char *s, size_t n, size_t i, uint32_t *cp)
{
    unsigned char c = s[i];
    int len = c < 0x80                ? 1
              : c >= 0xC2 && c <= 0xDF ? 2
              : c >= 0xE0 && c <= 0xEF ? 3
              : c >= 0xF0 && c <= 0xF4 ? 4
                                       : 0;
    if (len == 0 || i + (size_t)len > n) {
        *cp = 0xFFFD;
        return 1;
    }
    uint32_t v = len == 1 ? c : c & (0x7F >> len);
    for (int k = 1; k < len; k++) {
        if ((s[i + (size_t)k] & 0xC0) != 0x80) {
            *cp = 0xFFFD;
            return 1;
        }
        v = (v << 6) | (s[i + (size_t)k] & 0x3F);
    }
    static const uint32_t min[] = {0, 0, 0x80, 0x800, 0x10000};
    if (v < min[len] || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
        *cp = 0xFFFD;
        return 1;
    }
    *cp = v;
    return len;
}

static void test_utf8_decode(void)
{
    unsigned char buf[4];
    for (uint32_t a = 0; a < 256; a++)
        for (uint32_t b = 0; b < 256; b += 3) {
            buf[0] = (unsigned char)a;
            buf[1] = (unsigned char)b;
            buf[2] = 0x80 + (unsigned char)(b % 64);
            buf[3] = 0xBF;
            for (size_t n = 1; n <= 4; n++) {
                uint32_t c1, c2;
                int l1 = ws_utf8_decode(buf, n, 0, &c1), l2 = ref_decode(buf, n, 0, &c2);
                CHECK(l1 == l2 && c1 == c2);
            }
        }
}

static void test_lower8(void)
{
    unsigned char b[8];
    for (uint32_t c = 0; c < 256; c++)
        for (int pos = 0; pos < 8; pos++) {
            for (int k = 0; k < 8; k++)
                b[k] = (unsigned char)(k == pos ? c : rnd());
            uint64_t w;
            memcpy(&w, b, 8);
            w = ws_lower8(w);
            unsigned char out[8];
            memcpy(out, &w, 8);
            for (int k = 0; k < 8; k++)
                CHECK(out[k] == ws_lower_byte[b[k]]);
        }
}

/* A linear scan of a generated table. */
static char scan(const ws_lex_entry *tab, size_t count, const char *key, size_t n)
{
    if (n == 0 || n >= 64)
        return 0;
    for (size_t i = 0; i < count; i++)
        if (strlen(tab[i].key) == n && !memcmp(tab[i].key, key, n))
            return tab[i].tag;
    return 0;
}

static void test_lexicon_indexes(void)
{
    CHECK(ws_lex_tables_sorted());
    const struct {
        const ws_lex_entry *tab;
        size_t count;
        char (*find)(const char *, size_t);
    } tabs[] = {{ws_first_names, ws_first_names_count, ws_lex_first_name},
                {ws_places, ws_places_count, ws_lex_place}};
    for (size_t t = 0; t < 2; t++) {
        for (size_t i = 0; i < tabs[t].count; i++) {
            const char *k = tabs[t].tab[i].key;
            size_t n = strlen(k);
            CHECK(tabs[t].find(k, n) == scan(tabs[t].tab, tabs[t].count, k, n));
            /* a prefix and an extension: in the table only if the scan finds them */
            if (i % 7 == 0 && n > 1)
                CHECK(tabs[t].find(k, n - 1) == scan(tabs[t].tab, tabs[t].count, k, n - 1));
            if (i % 7 == 0 && n < 60) {
                char x[64];
                memcpy(x, k, n);
                x[n] = 'q';
                CHECK(tabs[t].find(x, n + 1) == scan(tabs[t].tab, tabs[t].count, x, n + 1));
            }
        }
    }
    CHECK(ws_lex_first_name("mary", 4) == 'f' && ws_lex_first_name("maryx", 5) == 0);
    CHECK(ws_lex_first_name("", 0) == 0 && ws_lex_place("", 0) == 0);

    CHECK(ws_lex_abbrev("Mr", 2) == 1 && ws_lex_abbrev("MRS", 3) == 1 && ws_lex_abbrev("Gov", 3) == 1);
    CHECK(ws_lex_abbrev("Inc", 3) == 2 && ws_lex_abbrev("U.S", 3) == 2 && ws_lex_abbrev("etc", 3) == 2);
    CHECK(ws_lex_abbrev("a.b", 3) == 2); /* any dotted word may end a sentence */
    CHECK(ws_lex_abbrev("Mrx", 3) == 0 && ws_lex_abbrev("M", 1) == 0 && ws_lex_abbrev("", 0) == 0);
    CHECK(ws_lex_abbrev("Caf\xC3\xA9", 5) == 0 && ws_lex_abbrev("supercalifragilistic", 20) == 0);
    CHECK(ws_lex_sentence_starter("The", 3) && ws_lex_sentence_starter("however", 7));
    CHECK(!ws_lex_sentence_starter("Thee", 4) && !ws_lex_sentence_starter("th", 2));
}

/* ws_tok_lower's form of s[0..n) looked up with ws_lex_lookup: what ws_attribute did before. */
static bool ref_lookup(const char *s, size_t n, uint32_t *cls, const cue_info **cue, bool *ing)
{
    char b[32];
    *cls = 0;
    *cue = NULL;
    *ing = false;
    if (n == 0 || n + 1 > sizeof b)
        return false;
    for (size_t k = 0; k < n; k++)
        b[k] = (char)(s[k] >= 'A' && s[k] <= 'Z' ? s[k] + 32 : s[k]);
    if (n >= 3 && (unsigned char)b[0] == 0xE2 && (unsigned char)b[1] == 0x80 && (unsigned char)b[2] == 0x99) {
        b[0] = '\'';
        memmove(b + 1, b + 3, n - 2);
        n -= 2;
    }
    return ws_lex_lookup(b, n, cls, cue, ing);
}

static void check_lookup(const char *s, size_t n)
{
    uint32_t c1, c2;
    const cue_info *q1, *q2;
    bool i1, i2;
    bool r1 = ws_lex_lookup_text(s, n, &c1, &q1, &i1), r2 = ref_lookup(s, n, &c2, &q2, &i2);
    CHECK(r1 == r2 && c1 == c2 && q1 == q2 && i1 == i2);
}

static void test_token_lookup(void)
{
    static const char *const words[] = {
        "said", "Says", "SAYING", "told", "according", "he", "She", "the", "Mr", "Mr.", "Dr.", "gov.",
        "U.S.", "u.s", "spokesman", "Spokeswoman", "officials", "government", "statement", "also",
        "monday", "in", "and", "who", "Believes", "thought", "pointed", "calling", "signalling",
        "environmentalists", "superintendent", "representatives", "emphasizing", "x", "", ".", "..",
        "a.", "s", "'s", "\xE2\x80\x99s", "\xE2\x80\x99S", "\xE2\x80\x99", "n't", "n\xE2\x80\x99t",
        "caf\xC3\xA9", "\xC3\x89T\xC3\x89", "said.", "said..", "Sai.d", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "thirtyonecharacterslongwordxxxx", "\xE2\x80\x99said"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        check_lookup(words[i], strlen(words[i]));
    /* random mixtures of letters that make up lexicon words, dots, apostrophes and bytes >= 0x80 */
    static const char alpha[] = "aeioustrnldhcmwyASTDEH.'-";
    for (int r = 0; r < 200000; r++) {
        char s[40];
        size_t n = rnd() % 36;
        for (size_t k = 0; k < n; k++)
            s[k] = rnd() % 50 ? alpha[rnd() % (sizeof alpha - 1)] : (char)(0x80 + rnd() % 128);
        if (n >= 3 && rnd() % 10 == 0)
            memcpy(s, "\xE2\x80\x99", 3);
        check_lookup(s, n);
    }
}

static void test_tok_lower(void)
{
    ws_config cfg = {0};
    cfg.fast = 1;
    ws_pipeline *p = NULL;
    CHECK(ws_pipeline_new(&cfg, &p) == WS_OK);
    /* words of every length up to 40, the last one at the very end of the text */
    char text[4096];
    size_t n = 0;
    for (int len = 1; len <= 40; len++) {
        for (int k = 0; k < len; k++)
            text[n++] = "AbCdEfGhIjKlMnOpQrStUvWxYz"[(len + k) % 26];
        memcpy(text + n, len % 3 ? " " : " \xE2\x80\x99S ", len % 3 ? 1 : 5);
        n += len % 3 ? 1 : 5;
    }
    memcpy(text + n, "Caf\xC3\xA9 ZZ-TOP N\xC3\x89", 16);
    n += 16;
    ws_doc *d = NULL;
    CHECK(ws_extract(p, text, n, 0, &d) == WS_OK);
    if (d) {
        for (uint32_t i = 0; i < d->ntoks; i++) {
            for (size_t cap = 1; cap <= 48; cap++) {
                char got[48], want[48];
                memset(got, 0x55, sizeof got);
                size_t gn = ws_tok_lower(d, i, got, cap);
                size_t wn = 0, tn = d->toks[i].end - d->toks[i].start;
                if (tn + 1 <= cap) {
                    for (size_t k = 0; k < tn; k++)
                        want[k] = (char)ws_lower_byte[(unsigned char)d->text[d->toks[i].start + k]];
                    wn = tn;
                    if (tn >= 3 && !memcmp(want, "\xE2\x80\x99", 3)) {
                        want[0] = '\'';
                        memmove(want + 1, want + 3, tn - 2);
                        wn = tn - 2;
                    }
                }
                CHECK(gn == wn);
                if (gn == wn && wn)
                    CHECK(!memcmp(got, want, wn) && got[wn] == 0);
                for (size_t k = cap; k < sizeof got; k++)
                    CHECK((unsigned char)got[k] == 0x55); /* nothing written past cap */
            }
        }
        ws_doc_free(d);
    }
    ws_pipeline_free(p);
}

static void test_arena_trim(void)
{
    ws_arena a;
    ws_arena_init(&a);
    char *x = ws_arena_alloc_raw(&a, 1000);
    ws_arena_trim(&a, x, 40);
    char *y = ws_arena_alloc_raw(&a, 16);
    CHECK(y == x + 48); /* 40 rounded up to 16 */
    ws_arena_trim(&a, x, 10); /* not the last allocation: no-op */
    char *z = ws_arena_alloc_raw(&a, 16);
    CHECK(z == y + 16);
    ws_arena_trim(&a, z, 4096); /* growing is not trimming: no-op */
    CHECK(ws_arena_alloc_raw(&a, 16) == z + 16);
    ws_arena_free(&a);
}

int main(void)
{
    test_ascii_classes();
    test_utf8_decode();
    test_lower8();
    test_lexicon_indexes();
    test_token_lookup();
    test_tok_lower();
    test_arena_trim();
    if (failures)
        fprintf(stderr, "test_fastpaths: %d failures\n", failures);
    return failures != 0;
}
