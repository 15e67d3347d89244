/* lexdata.h — generated lexicon tables (lexdata.c), sorted by strcmp of the lower-cased key. */
#ifndef WS_LEXDATA_H
#define WS_LEXDATA_H
#include <stddef.h>

typedef struct {
    const char *key;
    char tag; /* names: 'f' 'm' 'u'; places: 'c' country, 'd' demonym, 'k' capital, 's' state */
} ws_lex_entry;

extern const ws_lex_entry ws_first_names[];
extern const size_t ws_first_names_count;
extern const ws_lex_entry ws_places[];
extern const size_t ws_places_count;

/* Look up a lower-cased key; returns the tag or 0. */
char ws_lex_first_name(const char *lower, size_t n);
char ws_lex_place(const char *lower, size_t n);
#endif
