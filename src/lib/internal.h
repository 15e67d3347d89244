/* internal.h — what the library's files share: allocation, the per-document arena, growable
 * buffers and the document structure. Not installed; the CLI and server use only whosaid.h. */
#ifndef WS_INTERNAL_H
#define WS_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "whosaid.h"

/* ---- allocation (alloc.c): every allocation goes through the hook ---- */
void *ws_malloc(size_t n);
void *ws_calloc(size_t n, size_t size);
void *ws_realloc(void *p, size_t n);
char *ws_strndup(const char *s, size_t n);

/* ---- arena (arena.c): bump allocator, freed at once ---- */
typedef struct ws_arena_block ws_arena_block;
typedef struct {
    ws_arena_block *head;
    size_t used, cap; /* in head */
    void *last;       /* the latest allocation (ws_arena_trim) */
    bool failed;      /* an allocation failed since init */
} ws_arena;
void ws_arena_init(ws_arena *a);
void *ws_arena_alloc(ws_arena *a, size_t n); /* 16-byte aligned, zeroed; NULL on failure */
void *ws_arena_alloc_raw(ws_arena *a, size_t n); /* the same, not zeroed: for arrays written in full */
/* Shrinks p, the arena's latest allocation, to n bytes, giving the rest back; a no-op for any other
 * pointer or a larger n. */
void ws_arena_trim(ws_arena *a, void *p, size_t n);
char *ws_arena_strndup(ws_arena *a, const char *s, size_t n);
void ws_arena_free(ws_arena *a);

/* ---- growable byte buffer (buf.c) ---- */
typedef struct {
    char *data;
    size_t len, cap;
    bool failed;      /* sticky: an append failed */
} ws_buf;
void ws_buf_init(ws_buf *b);
bool ws_buf_reserve(ws_buf *b, size_t extra);
void ws_buf_add(ws_buf *b, const void *p, size_t n);
void ws_buf_addc(ws_buf *b, char c);
void ws_buf_adds(ws_buf *b, const char *s);
void ws_buf_addu(ws_buf *b, uint32_t v); /* decimal */
void ws_buf_printf(ws_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void ws_buf_json_str(ws_buf *b, const char *s, size_t n); /* quoted, escaped JSON string */
void ws_buf_free(ws_buf *b);

/* Growable array of fixed-size items in plain heap memory (vec.c). */
typedef struct {
    void *data;
    size_t len, cap, size;
    bool failed;
} ws_vec;
void ws_vec_init(ws_vec *v, size_t item_size);
void *ws_vec_push(ws_vec *v); /* zeroed slot or NULL */
void ws_vec_free(ws_vec *v);
#define WS_VEC_AT(v, T, i) (((T *)(v)->data)[i])

/* ---- UTF-8 (utf8.c) ---- */
/* Decode one code point at s[i] (i < n). Returns its length (1..4) and sets *cp; for an invalid
 * sequence returns 1 and sets *cp = 0xFFFD. ASCII is decoded inline; the rest in utf8.c. */
int ws_utf8_decode_mb(const unsigned char *s, size_t n, size_t i, uint32_t *cp);
static inline int ws_utf8_decode(const unsigned char *s, size_t n, size_t i, uint32_t *cp)
{
    if (s[i] < 0x80) {
        *cp = s[i];
        return 1;
    }
    return ws_utf8_decode_mb(s, n, i, cp);
}
int ws_utf8_encode(uint32_t cp, char out[4]);
/* Character classes: a table for ASCII (inline), utf8proc's categories above (utf8.c, *_mb). */
enum { WS_CC_UPPER = 1, WS_CC_LOWER = 2, WS_CC_DIGIT = 4, WS_CC_SPACE = 8 };
extern const uint8_t ws_ascii_class[128];
extern const unsigned char ws_lower_byte[256]; /* A-Z to a-z, every other byte unchanged */
/* ws_lower_byte applied to the eight bytes of w at once: bytes below 0x80 in A-Z get bit 5. */
static inline uint64_t ws_lower8(uint64_t w)
{
    const uint64_t hi = 0x8080808080808080u;
    uint64_t low7 = w & ~hi; /* adding below keeps every byte's carry inside the byte */
    uint64_t ge_a = low7 + 0x3F3F3F3F3F3F3F3Fu, gt_z = low7 + 0x2525252525252525u;
    return w | ((ge_a & ~gt_z & ~w & hi) >> 2);
}
bool ws_cp_is_upper_mb(uint32_t cp);
bool ws_cp_is_lower_mb(uint32_t cp);
bool ws_cp_is_alpha_mb(uint32_t cp);
bool ws_cp_is_digit_mb(uint32_t cp);
bool ws_cp_is_space_mb(uint32_t cp);
uint32_t ws_cp_lower_mb(uint32_t cp);
static inline bool ws_cp_is_upper(uint32_t cp)
{
    return cp < 0x80 ? (ws_ascii_class[cp] & WS_CC_UPPER) != 0 : ws_cp_is_upper_mb(cp);
}
static inline bool ws_cp_is_lower(uint32_t cp)
{
    return cp < 0x80 ? (ws_ascii_class[cp] & WS_CC_LOWER) != 0 : ws_cp_is_lower_mb(cp);
}
static inline bool ws_cp_is_alpha(uint32_t cp)
{
    return cp < 0x80 ? (ws_ascii_class[cp] & (WS_CC_UPPER | WS_CC_LOWER)) != 0 : ws_cp_is_alpha_mb(cp);
}
static inline bool ws_cp_is_digit(uint32_t cp)
{
    return cp < 0x80 ? (ws_ascii_class[cp] & WS_CC_DIGIT) != 0 : ws_cp_is_digit_mb(cp);
}
/* includes no-break and other Unicode spaces */
static inline bool ws_cp_is_space(uint32_t cp)
{
    return cp < 0x80 ? (ws_ascii_class[cp] & WS_CC_SPACE) != 0 : ws_cp_is_space_mb(cp);
}
static inline uint32_t ws_cp_lower(uint32_t cp)
{
    return cp < 0x80 ? cp + ((ws_ascii_class[cp] & WS_CC_UPPER) ? 32u : 0u) : ws_cp_lower_mb(cp);
}

/* ---- the pipeline (pipeline.c) ---- */
typedef struct ws_tagger_model ws_tagger_model; /* tagger.c */
struct ws_pipeline {
    int fast;
    ws_tagger_model *pos, *ner; /* NULL when absent or fast */
};

/* ---- the document ---- */
typedef struct ws_sentence {
    uint32_t start, end;     /* bytes */
    uint32_t tok0, tok1;     /* token range [tok0, tok1) */
    uint32_t para;           /* paragraph index */
} ws_sentence;

typedef struct {
    uint32_t start, end;     /* bytes, marks included */
    uint32_t tok0, tok1;     /* tokens [tok0, tok1): opening mark .. closing mark inclusive */
    int32_t next;            /* index of the continuation quote (next paragraph), -1 if none */
    int32_t prev;
    bool closed;             /* has a closing mark */
    bool single;             /* single marks ('...') */
    uint8_t depth;           /* 0 = outermost */
} ws_quote;

struct ws_doc {
    ws_arena arena;
    char *text;              /* NUL-terminated copy */
    uint32_t len;
    ws_span title, domain;
    uint32_t body_end;       /* end of text minus the trailing source domain */

    ws_token *toks;   uint32_t ntoks;
    uint32_t *tok_para;      /* paragraph index per token */
    ws_span *paras;   uint32_t nparas;
    ws_sentence *sents; uint32_t nsents;
    ws_span *sent_spans;     /* for the public accessor */
    ws_quote *quotes; uint32_t nquotes;
    ws_quotation *pub_quotes; /* the public view of quotes */

    ws_attribution *attrs; uint32_t nattrs;
    ws_entity *ents; uint32_t nents;
    ws_warning *warns; uint32_t nwarns;
    const ws_pipeline *pipe;
    /* per-token lexicon lookups, filled once by attrib.c (NULL before) */
    uint32_t *tok_wc;              /* WC_* word classes */
    const struct cue_info_s **tok_cue; /* cue_info of the form, or NULL */
    uint8_t *tok_ing;              /* the cue form is an -ing form */
};

/* Stages, in pipeline order. Each returns WS_OK or WS_ENOMEM. */
ws_status ws_text_layout(ws_doc *d, unsigned flags);  /* text.c: warnings, title, domain, paragraphs */
/* text.c: a warning from a stage after the text layer (a limit reached); WS_OK or WS_ENOMEM. */
ws_status ws_warn_late(ws_doc *d, uint32_t off, const char *msg);
ws_status ws_tokenize(ws_doc *d);                     /* token.c */
ws_status ws_split_sentences(ws_doc *d);              /* sentence.c */
ws_status ws_find_quotes(ws_doc *d);                  /* quote.c */
ws_status ws_tag(ws_doc *d);                          /* tagger.c: POS and NER when models loaded */
ws_status ws_attribute(ws_doc *d);                    /* attrib.c: attributions + entities */

/* Token helpers */
static inline const char *ws_tok_text(const ws_doc *d, const ws_token *t) { return d->text + t->start; }
static inline uint32_t ws_tok_len(const ws_token *t) { return t->end - t->start; }
/* Case-insensitive ASCII compare of token text with a lower-case literal (inline, so the
 * literal's length folds to a constant). */
static inline bool ws_tok_is(const ws_doc *d, uint32_t i, const char *lower)
{
    if (i >= d->ntoks)
        return false;
    const ws_token *t = &d->toks[i];
    size_t n = t->end - t->start;
    if (strlen(lower) != n)
        return false;
    const char *s = d->text + t->start;
    for (size_t k = 0; k < n; k++) {
        char ch = s[k];
        if (ch >= 'A' && ch <= 'Z')
            ch = (char)(ch + 32);
        if (ch != lower[k])
            return false;
    }
    return true;
}

/* The quotes of a speaker that ws_store_link compares new quote clusters with, newest first, for
 * speakers with more (LINK_WINDOW in store.c; tests set fewer). */
void ws_store_set_link_window(ws_store *s, uint32_t quotes);

#endif /* WS_INTERNAL_H */
