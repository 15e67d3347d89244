/* lexicon.c — small closed word lists. To add a word: put it in the right table, lower case,
 * keeping the table sorted (a unit test checks it). Lookups go through hash indexes built over
 * the tables at first use (pthread_once): a hash and usually one comparison. */
#include <pthread.h>
#include <stdlib.h>
#include <strings.h>

#include "internal.h"
#include "lexicon.h"
#include "lexdata.h"

/* An open-addressing index over a table whose elements start with their key (a const char *):
 * slot = element index + 1, 0 = empty; the slot count is a power of two over twice the table. */
typedef struct {
    const void *base;
    size_t stride, count;
    uint16_t *slot;
    uint32_t mask;
} lex_index;

static uint32_t key_hash(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

static const char *index_key(const lex_index *x, size_t i)
{
    return *(const char *const *)((const char *)x->base + i * x->stride);
}

static void index_build(lex_index *x)
{
    for (size_t i = 0; i < x->count && i < x->mask; i++) { /* one slot stays empty: probes end */
        const char *k = index_key(x, i);
        uint32_t h = key_hash(k, strlen(k)) & x->mask;
        while (x->slot[h])
            h = (h + 1) & x->mask;
        x->slot[h] = (uint16_t)(i + 1);
    }
}

/* The element whose key is s[0..n) (no NUL inside: token text), or -1. */
static long index_find(const lex_index *x, const char *s, size_t n)
{
    for (uint32_t h = key_hash(s, n) & x->mask;; h = (h + 1) & x->mask) {
        uint16_t v = x->slot[h];
        if (!v)
            return -1;
        const char *k = index_key(x, v - 1u);
        size_t j = 0;
        while (j < n && k[j] == s[j])
            j++;
        if (j == n && k[j] == 0)
            return (long)v - 1;
    }
}

/* Lower-cases s[0..n) into buf (ASCII only; non-ASCII words are never in these tables). */
static bool lower_key(const char *s, size_t n, char *buf, size_t cap)
{
    if (n == 0 || n >= cap)
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x80)
            return false;
        buf[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    buf[n] = '\0';
    return true;
}


static const char *const abbrev_title[] = {
    "adm", "brig", "capt", "cmdr", "col", "cpl", "det", "dr", "fr", "gen", "gov", "hon", "insp",
    "lt", "maj", "messrs", "mr", "mrs", "ms", "mt", "pres", "prof", "rep", "rev", "sen", "sgt",
    "sr", "st", "supt",
};
static const char *const abbrev_other[] = {
    "a.m", "ala", "apr", "ariz", "aug", "ave", "calif", "co", "colo", "conn", "corp", "dec", "del",
    "dept", "e.g", "est", "etc", "feb", "fla", "ga", "i.e", "ill", "inc", "ind", "jan", "jr",
    "jul", "jun", "kan", "ky", "la", "ltd", "mar", "mass", "md", "mich", "minn", "miss", "mo",
    "mont", "neb", "nev", "nov", "oct", "okla", "ore", "p.m", "pa", "penn", "sep", "sept", "tenn",
    "tex", "u.k", "u.n", "u.s", "u.s.a", "va", "vs", "wash", "wis", "wyo",
};

static void build_indexes(void);
static pthread_once_t g_once = PTHREAD_ONCE_INIT;
static lex_index g_abbrev_title, g_abbrev_other, g_starters, g_names, g_places;

int ws_lex_abbrev(const char *s, size_t n)
{
    char key[16];
    if (!lower_key(s, n, key, sizeof key))
        return 0;
    pthread_once(&g_once, build_indexes);
    if (index_find(&g_abbrev_title, key, n) >= 0)
        return 1;
    /* dotted acronyms end with a letter: "u.s" is in the table; others count as "may end". */
    if (index_find(&g_abbrev_other, key, n) >= 0 || memchr(key, '.', n))
        return 2;
    return 0;
}

static const char *const starters[] = {
    "a", "after", "also", "an", "and", "as", "at", "but", "by", "during", "each", "for", "he",
    "her", "his", "however", "i", "if", "in", "it", "its", "many", "meanwhile", "more", "most",
    "mr", "mrs", "ms", "my", "no", "not", "now", "on", "one", "our", "she", "since", "so", "some",
    "that", "the", "their", "there", "these", "they", "this", "those", "thursday", "to", "today",
    "tuesday", "we", "what", "when", "while", "who", "with", "yet", "you",
};

bool ws_lex_sentence_starter(const char *s, size_t n)
{
    char key[16];
    if (!lower_key(s, n, key, sizeof key))
        return false;
    pthread_once(&g_once, build_indexes);
    return index_find(&g_starters, key, n) >= 0;
}

/* Debug check that the tables are sorted and fit their hash indexes (tests/unit/test_lexicon.c). */
bool ws_lex_tables_sorted(void);
bool ws_lex_tables_sorted(void)
{
#define SORTED(tab)                                                   \
    for (size_t i = 1; i < sizeof(tab) / sizeof((tab)[0]); i++)       \
        if (strcmp((tab)[i - 1], (tab)[i]) >= 0)                      \
            return false;
    SORTED(abbrev_title)
    SORTED(abbrev_other)
    SORTED(starters)
#undef SORTED
    /* the hash indexes (build_indexes) keep at most half their slots full */
    return ws_first_names_count <= 16384 && ws_places_count <= 2048;
}

/* ---- generated tables (lexdata.c) ---- */

static void build_indexes(void)
{
    static uint16_t s_title[64], s_other[256], s_starters[256], s_names[32768], s_places[4096];
#define INDEX(x, tab, n, slots)                                                                   \
    x = (lex_index){(tab), sizeof (tab)[0], (n), (slots), sizeof(slots) / sizeof(slots)[0] - 1}; \
    index_build(&x);
    INDEX(g_abbrev_title, abbrev_title, sizeof abbrev_title / sizeof abbrev_title[0], s_title)
    INDEX(g_abbrev_other, abbrev_other, sizeof abbrev_other / sizeof abbrev_other[0], s_other)
    INDEX(g_starters, starters, sizeof starters / sizeof starters[0], s_starters)
    INDEX(g_names, ws_first_names, ws_first_names_count, s_names)
    INDEX(g_places, ws_places, ws_places_count, s_places)
#undef INDEX
}

static char lex_find(const lex_index *x, const ws_lex_entry *tab, const char *lower, size_t len)
{
    if (len == 0 || len >= 64)
        return 0;
    pthread_once(&g_once, build_indexes);
    long i = index_find(x, lower, len);
    return i >= 0 ? tab[i].tag : 0;
}

char ws_lex_first_name(const char *lower, size_t n) { return lex_find(&g_names, ws_first_names, lower, n); }
char ws_lex_place(const char *lower, size_t n) { return lex_find(&g_places, ws_places, lower, n); }
