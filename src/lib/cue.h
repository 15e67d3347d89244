/* cue.h — the reporting-cue lexicon (cue.c) and word classes for the attribution rules. */
#ifndef WS_CUE_H
#define WS_CUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Complement frames a cue verb takes. */
enum {
    CF_THAT = 1 << 0,  /* "said that ...", "said: ..." */
    CF_BARE = 1 << 1,  /* a clause without "that": "said the pair had talked" */
    CF_OBJ = 1 << 2,   /* an addressee first: "told reporters (that) ...", "assured him ..." */
    CF_INF = 1 << 3,   /* "urged X to ...", "warned X not to ..." */
    CF_QUOTE = 1 << 4, /* may introduce a direct quote */
    CF_PARTICLE = 1 << 5, /* needs its particle: "call on", "point out" */
    CF_QUOTEONLY = 1 << 6, /* a cue only before a quote: "he continued, “...”" */
    CF_NP = 1 << 7         /* the rest of the clause is the content: "criticised the plan as ..." */
};

typedef enum { CUE_NONE = 0, CUE_VERB, CUE_ACCORDING } cue_type;

typedef struct cue_info_s {
    const char *lemma;
    uint8_t cls;       /* ws_class */
    uint8_t frames;    /* CF_* */
    const char *particle; /* NULL or "on" / "out" */
} cue_info;

/* Looks up a lower-cased word form ("said", "told", "believes"). Returns NULL if not a cue.
 * *form_ing is set for -ing forms (participle cues), *form_base for the bare form. */
const cue_info *ws_cue_lookup(const char *lower, size_t n, bool *form_ing);

/* Word classes, by lower-cased form. */
enum {
    WC_PRONOUN = 1 << 0,   /* he she they it we I you */
    WC_DET = 1 << 1,       /* the a an this ... his their its */
    WC_STOP = 1 << 2,      /* function words and common verbs that end a noun phrase */
    WC_TITLE = 1 << 3,     /* Mr Dr President Minister ... (before a name) */
    WC_ROLE = 1 << 4,      /* person role nouns: spokesman minister official ... */
    WC_GROUP = 1 << 5,     /* plural group heads: officials police analysts ... */
    WC_ORG = 1 << 6,       /* organisation heads: government ministry agency ... */
    WC_DOCN = 1 << 7,      /* document heads: statement report letter ... */
    WC_SKIP = 1 << 8,      /* adverbs/auxiliaries between a subject and its cue: also has had */
    WC_TIME = 1 << 9,      /* weekday names, yesterday, earlier, this/last week ... */
    WC_PREP = 1 << 10,     /* prepositions */
    WC_FEMALE = 1 << 11,   /* she her Mrs Ms */
    WC_MALE = 1 << 12,     /* he him Mr */
    WC_PLURAL = 1 << 13,   /* they them */
    WC_CONJ = 1 << 14,     /* and but or */
    WC_WH = 1 << 15        /* who which whose that (relative) */
};
uint32_t ws_word_class(const char *lower, size_t n);
/* Both at once (one hash lookup); returns false for a word in neither lexicon. */
bool ws_lex_lookup(const char *lower, size_t n, uint32_t *cls, const cue_info **cue, bool *ing);
/* The same for a token's text as written: what ws_lex_lookup gives for ws_tok_lower's form of it
 * (nothing for 32 bytes or more), lower-cased and hashed in one pass. */
bool ws_lex_lookup_text(const char *s, size_t n, uint32_t *cls, const cue_info **cue, bool *ing);

#endif
