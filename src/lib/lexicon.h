/* lexicon.h — word lists the rules use (lexicon.c). Lookups take the token text as written and
 * compare case-insensitively unless stated. */
#ifndef WS_LEXICON_H
#define WS_LEXICON_H

#include <stdbool.h>
#include <stddef.h>

/* Abbreviations that take a period ("Mr", "Jan", "Gov"): 1 = title-like (never ends a sentence),
 * 2 = may end a sentence ("Inc", "Jr", "etc"), 0 = not an abbreviation. */
int ws_lex_abbrev(const char *s, size_t n);
/* Words that typically start a sentence (so "U.S. The" splits): pronouns, determiners, ... */
bool ws_lex_sentence_starter(const char *s, size_t n);

#endif
