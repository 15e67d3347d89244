/* tagger.h — the averaged-perceptron sequence tagger shared by POS and NER (tagger.c) and its
 * trainer (train.c). Greedy left-to-right decoding (Collins 2002; Honnibal, "A good POS tagger in
 * about 200 lines", 2013): hashed feature keys -> one contiguous int8 row of class weights.
 * Model file layout and checks: tagger.c. Internal; the public entry points are in whosaid.h. */
#ifndef WS_TAGGER_H
#define WS_TAGGER_H

#include "internal.h"
#include "tags.h"

/* Bump when a feature template changes: models store it and refuse to load with other code. One
 * per kind, so a change to the NER features leaves POS models valid. (NER 10: + word clusters,
 * type-change runs merged.) */
#define WS_FEAT_VERSION_POS 9u
#define WS_FEAT_VERSION_NER 10u
#define WS_FEAT_VERSION(kind) ((kind) == WS_TAGGER_POS ? WS_FEAT_VERSION_POS : WS_FEAT_VERSION_NER)
#define WS_MAX_FEATS 64 /* feature keys per token, upper bound (POS uses 23, NER 54) */

/* Per-token word hashes, computed once per sentence (ws_tagger_words): the raw form, the
 * lower-case form, prefixes of 1..4 and suffixes of 2..4 code points (the ones feature templates
 * read), the word shape. */
enum {
    WH_RAW, WH_LOW, WH_PRE1, WH_PRE2, WH_PRE3, WH_PRE4, WH_SUF2, WH_SUF3, WH_SUF4, WH_SHAPE, WH_COUNT
};
typedef struct {
    uint64_t h[WH_COUNT];
    uint32_t cap;    /* first character is an upper-case letter */
} ws_wordfeat;

/* One sentence as the tagger sees it: word i is text[se[i*stride] .. se[i*stride + 1]) (so both
 * ws_token arrays, stride 4, and plain offset pairs, stride 2, can be passed without copying). */
typedef struct {
    const char *text;
    const uint32_t *se;
    uint32_t stride, n;
} ws_tsent;

/* Scratch space reused across sentences (grows; freed with ws_tagger_scratch_free). */
typedef struct {
    ws_wordfeat *wf; /* n + 4 entries: two sentinels each side; word i is wf[i + 2] */
    uint8_t *hist;   /* NER: per word, what the document said of this word form before */
    uint32_t *lexv;  /* NER: per word, lexicon match bits (LX_*) | (position 1..4 B I L U) << 24 */
    uint32_t *clus;  /* NER: n + 4 entries like wf: the word's distributional cluster (ws_clus_key) */
    float *esc;      /* NER: per word, the scores of I-PER, I-ORG, I-LOC, I-MISC (row i * 4) */
    uint32_t cap;
    uint32_t titlecase; /* most words of the sentence are capitalised (a headline) */
    /* NER prediction history of the document (Ratinov & Roth 2009): raw word hash -> 1 + the
     * entity type last given to it (1 = O). Open addressing; memkeys 0 = empty. */
    uint64_t *memkeys;
    uint8_t *memvals;
    uint32_t memmask, memn;
} ws_tagger_scratch;
void ws_tagger_scratch_free(ws_tagger_scratch *s);
/* Forgets the document's prediction history (call at each new document). */
void ws_tagger_doc_start(ws_tagger_scratch *s);
/* Fills s->hist for the words of the current sentence (after ws_tagger_words). */
void ws_tagger_recall(ws_tagger_scratch *s, uint32_t n);
/* Records the NER tags of the current sentence in the history; false on allocation failure. */
bool ws_tagger_remember(ws_tagger_scratch *s, const uint16_t *tags, uint32_t n);

/* Fills s->wf for the sentence; false on allocation failure. */
bool ws_tagger_words(ws_tagger_scratch *s, const ws_tsent *t);

/* Feature keys for word i given the tags already chosen (tags[0..i) for this sentence) and, for
 * NER, the POS tags of the sentence. Returns the number of keys written to keys[WS_MAX_FEATS]. */
int ws_tagger_feats(int kind, const ws_tagger_scratch *s, uint32_t n, uint32_t i, const uint16_t *tags,
                    const uint16_t *pos, uint64_t *keys);

/* BILOU well-formedness (what ws_ner_io_to_bilou produces): may `cur` follow `prev` (0 = sentence
 * start)? May the sentence end after `prev`? */
bool ws_ner_allowed(uint16_t prev, uint16_t cur);
bool ws_ner_can_end(uint16_t prev);
/* The NER model decides per word between O and I-<type> (IO, as CoreNLP's CRF does: a greedy
 * left-to-right BILOU decoder would have to choose B or U before seeing the next word); a run of
 * one type is an entity, written out as BILOU at the end of the sentence. */
uint16_t ws_ner_io(uint16_t bilou);               /* BILOU id -> O or I-<type> */
bool ws_ner_io_class(uint16_t c);                 /* O or I-<type> */
void ws_ner_io_to_bilou(uint16_t *tags, uint32_t n);
/* A run of adjacent entity words whose type changes midway ("Tax/ORG Policy/MISC Center/ORG") is
 * one entity far more often than several: PolNeAR dev has 20 such type changes in CoreNLP's
 * output, the greedy decoder made 120. Each such run gets the one type whose scores, summed over
 * the run, are largest (sc: row i * 4 = word i's scores of the four I-types). IO tags in place. */
void ws_ner_merge_runs(uint16_t *io, const float *sc, uint32_t n);

/* NER without scoring: outside an entity, a word that does not start with a capital letter and whose
 * POS tag is one of o_pos (bit per tag id; the trainer picks the tags after which such a word
 * almost never begins an entity: nouns, verbs, determiners ...) is O, like the O-dictionary's words. */
static inline bool ws_ner_o_word(uint64_t o_pos, const ws_wordfeat *w, uint16_t pos)
{
    return !w->cap && pos < 64 && (o_pos >> pos & 1);
}

/* POS tag dictionary key for a word (unambiguous frequent words are tagged without scoring). */
uint64_t ws_tagdict_key(const ws_wordfeat *w);

/* ---- lexicons (NER): word sequences -> category bits, matched longest first ----
 * Sequence keys fold the words' lower-case hashes: k = WS_LEX_SEED; k = ws_lex_step(k, low) per
 * word. Every proper prefix of a longer entry is stored with LX_PREFIX so matching can stop early. */
enum {
    LX_FIRST = 1u << 0,    /* a first name (SSA) */
    LX_COUNTRY = 1u << 1,  /* country name */
    LX_DEMONYM = 1u << 2,  /* demonym or nationality word */
    LX_STATE = 1u << 3,    /* US state */
    LX_CAPITAL = 1u << 4,  /* national or state capital */
    LX_GAZ = 0x1Fu,
    LX_DICT_SHIFT = 5,     /* (1 + entity type) << 5: the training data's usual type for it */
    LX_PREFIX = 1u << 30
};
#define WS_LEX_SEED 0x6c657869636f6e31ULL
#define WS_LEX_MAXLEN 6
uint64_t ws_lex_step(uint64_t key, uint64_t low);
uint64_t ws_word_low(const char *s, uint32_t len); /* the WH_LOW hash of a word */
typedef struct {
    const uint64_t *slots; /* fingerprint << 32 | bits; NULL: no lexicon */
    uint32_t mask, maxlen;
    uint64_t *owned;       /* built in memory (ws_lexicon_build); freed by ws_lexicon_free */
} ws_lexicon;
/* Builds a lexicon table from n (key, bits) entries (keys may repeat: bits are OR-ed). */
bool ws_lexicon_build(ws_lexicon *lx, const uint64_t *keys, const uint32_t *bits, uint32_t n, uint32_t maxlen);
void ws_lexicon_free(ws_lexicon *lx);
/* Fills s->lexv and s->clus for the current sentence (after ws_tagger_words). */
void ws_tagger_match(const ws_lexicon *lx, ws_tagger_scratch *s, uint32_t n);

/* ---- distributional word clusters (NER) ----
 * Computed by the trainer from the training texts alone (train.c: k-means over the words'
 * neighbour statistics, after Clark's classes that CoreNLP's distsim features use) and stored in
 * the lexicon table under ws_clus_key(raw form) with bits = cluster id, from 1 (0 in s->clus: the
 * word has no cluster, too rare in the training texts; WS_CL_EDGE: beyond the sentence). */
#define WS_CL_EDGE 0xFFFFu
uint64_t ws_clus_key(uint64_t raw);

/* ---- models ---- */
typedef struct ws_tagger_model ws_tagger_model;
int ws_tagger_model_kind(const ws_tagger_model *m);     /* WS_TAGGER_POS or WS_TAGGER_NER */
uint32_t ws_tagger_model_classes(const ws_tagger_model *m);
/* Loads (mmap) a model file. On failure *reason (if non-NULL) is a static explanation. */
ws_status ws_tagger_model_load(const char *path, ws_tagger_model **out, const char **reason);
/* Takes ownership of buf (allocated with ws_malloc) even on failure. */
ws_status ws_tagger_model_from_buffer(void *buf, size_t len, ws_tagger_model **out, const char **reason);
void ws_tagger_model_free(ws_tagger_model *m);

/* Tags one sentence: out[0..n). pos is required for NER (POS ids of the sentence). False only
 * when memory runs out. */
bool ws_tagger_tag(const ws_tagger_model *m, ws_tagger_scratch *s, const ws_tsent *t, const uint16_t *pos,
                   uint16_t *out);
/* The same for the sentence whose words ws_tagger_words() just read into s (POS then NER share
 * them). */
bool ws_tagger_tag_words(const ws_tagger_model *m, ws_tagger_scratch *s, uint32_t n, const uint16_t *pos,
                         uint16_t *out);

/* Serialised model, built by the trainer: header + payload (tagger.c). */
typedef struct {
    int kind;
    uint32_t nclasses;
    uint32_t nfeats;        /* rows */
    const uint64_t *keys;   /* nfeats feature keys */
    const float *weights;   /* nfeats * nclasses averaged weights */
    uint32_t ntd;           /* tag dictionary entries */
    const uint64_t *td_keys;
    const uint16_t *td_tags;
    const ws_lexicon *lex;  /* NULL or a lexicon stored in the model */
    float prune;            /* rows whose largest |weight| is below this are dropped */
    uint64_t o_pos;         /* NER: ws_ner_o_word's POS tags (bit per tag id); 0 for POS models */
} ws_model_parts;
/* Builds the file image (ws_malloc'd) from parts; weights are quantised to int8. */
ws_status ws_tagger_model_build(const ws_model_parts *p, void **buf, size_t *len);

#endif /* WS_TAGGER_H */
