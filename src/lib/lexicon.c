/* lexicon.c — small closed word lists. To add a word: put it in the right table, lower case,
 * keeping the table sorted (lookups use bsearch). */
#include <stdlib.h>
#include <strings.h>

#include "internal.h"
#include "lexicon.h"

static int cmp_str(const void *key, const void *elem)
{
    return strcmp((const char *)key, *(const char *const *)elem);
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

#define IN_TABLE(tab, key) \
    (bsearch((key), (tab), sizeof(tab) / sizeof((tab)[0]), sizeof((tab)[0]), cmp_str) != NULL)

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

int ws_lex_abbrev(const char *s, size_t n)
{
    char key[16];
    if (!lower_key(s, n, key, sizeof key))
        return 0;
    if (IN_TABLE(abbrev_title, key))
        return 1;
    /* dotted acronyms end with a letter: "u.s" is in the table; others count as "may end". */
    if (IN_TABLE(abbrev_other, key) || strchr(key, '.'))
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
    return lower_key(s, n, key, sizeof key) && IN_TABLE(starters, key);
}

/* Debug check that the tables are sorted, run by the unit tests. */
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
    return true;
}

/* ---- generated tables (lexdata.c) ---- */
#include "lexdata.h"

static int cmp_entry(const void *key, const void *elem)
{
    return strcmp((const char *)key, ((const ws_lex_entry *)elem)->key);
}

static char lex_find(const ws_lex_entry *tab, size_t n, const char *lower, size_t len)
{
    char key[64];
    if (len == 0 || len >= sizeof key)
        return 0;
    memcpy(key, lower, len);
    key[len] = 0;
    const ws_lex_entry *e = bsearch(key, tab, n, sizeof *tab, cmp_entry);
    return e ? e->tag : 0;
}

char ws_lex_first_name(const char *lower, size_t n) { return lex_find(ws_first_names, ws_first_names_count, lower, n); }
char ws_lex_place(const char *lower, size_t n) { return lex_find(ws_places, ws_places_count, lower, n); }
