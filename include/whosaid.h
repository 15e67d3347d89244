/* whosaid.h — who said what in news text: the public C API.
 *
 * Ownership, once for the whole header: every pointer returned by a ws_doc_* function belongs to
 * the document and stays valid until ws_doc_free(). Strings are NUL-terminated UTF-8. Every *_new
 * has a *_free, and *_free(NULL) does nothing. The library never prints and never exits; it reports
 * through ws_status and, for non-fatal problems in the input, through ws_doc_warnings().
 *
 * Offsets are UTF-8 byte offsets into the text given to ws_extract(), half-open [start, end).
 */
#ifndef WHOSAID_H
#define WHOSAID_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define WS_VERSION "0.1.0"

typedef enum {
    WS_OK = 0,
    WS_ENOMEM,    /* an allocation failed */
    WS_EINVAL,    /* bad argument */
    WS_ETOOBIG,   /* input over a documented limit */
    WS_EIO,       /* file could not be read or written */
    WS_EFORMAT,   /* malformed input (JSON, model file, gold file) */
    WS_EDB,       /* database error */
    WS_ENOTFOUND  /* no such file, record or model */
} ws_status;

const char *ws_strerror(ws_status st);

/* Allocation hook: all library memory goes through these. NULL restores the C library's. */
typedef struct {
    void *(*malloc_fn)(size_t size);
    void *(*realloc_fn)(void *ptr, size_t size);
    void (*free_fn)(void *ptr);
} ws_allocator;
void ws_set_allocator(const ws_allocator *a);
void ws_free(void *ptr); /* frees memory the library handed to the caller (ws_doc_to_json) */

/* Limits (documented in docs/FORMAT.md). */
#define WS_MAX_DOC_BYTES (64u * 1024u * 1024u)
#define WS_MAX_ATTRIBUTIONS 100000u

#define WS_NONE UINT32_MAX
typedef struct {
    uint32_t start, end; /* bytes; start == WS_NONE when the span is absent */
} ws_span;

typedef enum { WS_DIRECT, WS_MIXED, WS_INDIRECT } ws_kind;
typedef enum { WS_SPEECH, WS_BELIEF, WS_OTHER } ws_class;
typedef enum {
    WS_PERSON, WS_ORGANIZATION, WS_PLACE, WS_GROUP, WS_DOCUMENT, WS_UNKNOWN
} ws_entity_kind;

const char *ws_kind_name(ws_kind k);         /* "direct" | "mixed" | "indirect" */
const char *ws_class_name(ws_class c);       /* "speech" | "belief" | "other" */
const char *ws_entity_kind_name(ws_entity_kind k);

typedef struct {
    ws_kind kind;
    ws_class cls;
    ws_span content;         /* what was said; quotation marks included for quoted parts */
    ws_span cue;             /* reporting verb or expression; may be absent */
    ws_span source;          /* speaker mention nearest the cue; may be absent */
    int32_t entity;          /* index into ws_doc_entities(), -1 when no speaker is known */
    float confidence;        /* 0..1 */
    uint32_t nsegments;      /* quoted segments of a quote split over paragraphs or around its cue */
    const ws_span *segments; /* nsegments spans, in text order; NULL when nsegments == 0 */
    uint32_t nabout;         /* entities mentioned in the content (what the speaker talks about) */
    const int32_t *about;    /* nabout indices into ws_doc_entities(), speaker excluded */
} ws_attribution;

typedef struct {
    const char *name;        /* canonical name: the fullest form in the article */
    ws_entity_kind kind;
    uint32_t nmentions;
    const ws_span *mentions; /* in text order */
} ws_entity;

/* A token. pos and ner are tag ids (ws_pos_name / ws_ner_name); 0 when no tagger ran. */
typedef struct {
    uint32_t start, end;
    uint16_t pos, ner;
    uint32_t flags;          /* WS_TOK_* */
} ws_token;

enum {
    WS_TOK_WORD = 1u << 0,
    WS_TOK_NUM = 1u << 1,
    WS_TOK_PUNCT = 1u << 2,
    WS_TOK_QUOTE = 1u << 3,   /* a quotation mark (not an apostrophe) */
    WS_TOK_OPEN = 1u << 4,    /* quotation mark that opens */
    WS_TOK_CLOSE = 1u << 5,   /* quotation mark that closes */
    WS_TOK_CAP = 1u << 6,     /* starts with an upper-case letter */
    WS_TOK_SENT_START = 1u << 7,
    WS_TOK_PARA_START = 1u << 8
};

/* A quotation: the span between an opening and a closing mark (marks included). A quote left open
 * at a paragraph end and reopened by the next paragraph links to its continuation through next. */
typedef struct {
    ws_span span;
    int32_t next;            /* index of the continuation in the next paragraph, -1 if none */
    uint8_t depth;           /* 0 outermost; 1 single marks inside double ones */
    uint8_t closed;          /* 0 when the paragraph ended before a closing mark */
} ws_quotation;

typedef struct {
    uint32_t offset;         /* byte offset in the text */
    const char *message;     /* static string */
} ws_warning;

/* A pipeline holds what is shared by all documents: lexicons and tagger models. It is immutable
 * once built, so one pipeline may serve many threads. */
typedef struct ws_pipeline ws_pipeline;

typedef struct {
    const char *model_dir;   /* directory with pos.model / ner.model; NULL: the built-in default */
    int fast;                /* nonzero: rules only, no statistical taggers */
} ws_config;

ws_status ws_pipeline_new(const ws_config *cfg, ws_pipeline **out);
void ws_pipeline_free(ws_pipeline *p);
/* Nonzero when the pipeline has loaded taggers (so extraction uses POS and NER). */
int ws_pipeline_has_taggers(const ws_pipeline *p);

/* Input layout flags for ws_extract. */
enum {
    WS_IN_PLAIN = 0,         /* plain text; no title line */
    WS_IN_NEWS = 1u << 0     /* first line is the headline; a bare trailing domain is metadata */
};

typedef struct ws_doc ws_doc;

/* Analyse text[0..len) (copied). Invalid UTF-8 gives warnings, not failure. */
ws_status ws_extract(const ws_pipeline *p, const char *text, size_t len, unsigned flags,
                     ws_doc **out);
void ws_doc_free(ws_doc *doc);

const char *ws_doc_text(const ws_doc *doc, size_t *len);
ws_span ws_doc_title(const ws_doc *doc);          /* headline span, or absent */
ws_span ws_doc_source_domain(const ws_doc *doc);  /* trailing "news.sky.com", or absent */
size_t ws_doc_attributions(const ws_doc *doc, const ws_attribution **out);
size_t ws_doc_entities(const ws_doc *doc, const ws_entity **out);
size_t ws_doc_tokens(const ws_doc *doc, const ws_token **out);
size_t ws_doc_sentences(const ws_doc *doc, const ws_span **out);
size_t ws_doc_paragraphs(const ws_doc *doc, const ws_span **out);
size_t ws_doc_warnings(const ws_doc *doc, const ws_warning **out);
size_t ws_doc_quotes(const ws_doc *doc, const ws_quotation **out);

/* Tag names; "" for an unknown id. */
const char *ws_pos_name(uint16_t id);
const char *ws_ner_name(uint16_t id);

/* Optional metadata written into the JSON output; NULL members are written as null / omitted. */
typedef struct {
    const char *id;
    const char *title;   /* overrides the headline */
    const char *url;
    const char *date;
    const char *source;
} ws_meta;

/* The document as one JSON object (docs/FORMAT.md), no trailing newline. *out is freed with
 * ws_free(). */
ws_status ws_doc_to_json(const ws_doc *doc, const ws_meta *meta, char **out, size_t *outlen);

/* ---- Corpus store (store.c): articles, entities, attributions in SQLite ----
 *
 * A store is one SQLite file (WAL mode) holding articles (id, url, title, source domain, date,
 * content hash, text), their entities, mentions and attributions, corpus-level speakers (entities
 * merged across articles by name, with aliases) and quote clusters (the same quotation reported by
 * several articles). One ws_store is used by one thread at a time; open one per thread. Several
 * processes may read while one writes.
 *
 * Strings in result rows belong to the store and are valid only during the callback that receives
 * them (copy what you keep). A callback returns 0 to go on, nonzero to stop early (the query then
 * still returns WS_OK). */
typedef struct ws_store ws_store;

enum {
    WS_STORE_READ = 0,        /* read-only; the file must exist and be a whosaid store */
    WS_STORE_WRITE = 1u << 0, /* read-write; the file must exist */
    WS_STORE_CREATE = 1u << 1 /* read-write, creating the file when missing (implies WRITE) */
};

/* Opens (and when writable, creates or migrates the schema of) the store at path. Errors:
 * WS_ENOTFOUND missing file without CREATE, WS_EFORMAT not a whosaid store / corrupt / newer
 * schema, WS_EIO cannot open or write, WS_EDB other SQLite errors. On failure *out is NULL. */
ws_status ws_store_open(const char *path, unsigned flags, ws_store **out);
void ws_store_close(ws_store *s);
/* The last SQLite error message of this store ("" when none), for error reports. */
const char *ws_store_errmsg(const ws_store *s);

/* Batching: ws_store_add outside a begin/commit pair runs in its own transaction; between
 * ws_store_begin and ws_store_commit all adds share one (much faster). rollback drops the batch,
 * and so does a failed ws_store_add inside a batch (the store is then as before ws_store_begin and
 * no batch is open). */
ws_status ws_store_begin(ws_store *s);
ws_status ws_store_commit(ws_store *s);
ws_status ws_store_rollback(ws_store *s);

/* Stores one extracted document (meta may be NULL; meta->id, else meta->url, else the content
 * hash is the article id). An earlier article with the same id, the same url or the same content
 * hash is replaced; an identical one (same id and hash) is left as is. Atomic (per call outside a
 * batch, per batch inside one). */
ws_status ws_store_add(ws_store *s, const ws_doc *doc, const ws_meta *meta);

/* What ws_store_add did since ws_store_open. */
typedef struct {
    uint64_t added;      /* new articles */
    uint64_t replaced;   /* articles that replaced an earlier copy */
    uint64_t unchanged;  /* identical articles already stored */
} ws_store_counts;
void ws_store_session_counts(const ws_store *s, ws_store_counts *out);

/* Corpus-level linking: merges entities into speakers across articles ("Putin" with "Vladimir
 * Putin" when that is the only Putin with a full name in the corpus; titles stripped; aliases
 * recorded) and merges quote clusters where one quote is a substring of another. Incremental and
 * idempotent; queries work before it but see speakers as of the last link. Call after indexing. */
ws_status ws_store_link(ws_store *s);

/* Query parameters; zero-initialise and set what you need. Dates compare as ISO-8601 text
 * ("2017", "2017-07", "2017-07-16" all work as prefixes: until is inclusive). */
typedef struct {
    const char *match;   /* search: FTS5 query (words, "a phrase", OR, NOT, prefix*) */
    const char *speaker; /* a speaker's name or alias, case-insensitive ("Putin"); NULL: any */
    int64_t speaker_id;  /* > 0: this speaker (wins over speaker) */
    const char *about;   /* quotes: only those whose content mentions this entity name */
    const char *source;  /* source domain ("nytimes.com"); NULL: any */
    const char *since;   /* date >= since; NULL: no bound */
    const char *until;   /* date <= until (prefix-inclusive); NULL: no bound */
    uint32_t limit;      /* rows to return; 0: 20 */
    uint32_t offset;     /* rows to skip */
    uint32_t rank_window; /* search: BM25-rank only the newest N matches that pass the filters
                             (more when they give too few results); 0: WS_RANK_WINDOW, or an
                             eighth of it with filters; UINT32_MAX: all */
} ws_query;
#define WS_RANK_WINDOW 2000u

/* One quote (a cluster of identical quotations) as returned by search / quotes / article. */
typedef struct {
    int64_t id;              /* attribution id (the occurrence shown) */
    int64_t cluster_id;      /* quote cluster */
    const char *text;        /* the quotation as in the article shown */
    const char *snippet;     /* search: text with matches in [ ]; otherwise NULL */
    const char *kind;        /* "direct" | "mixed" | "indirect" */
    const char *cls;         /* "speech" | "belief" | "other" */
    const char *cue;         /* reporting verb; NULL when absent */
    int64_t speaker_id;      /* 0 when the speaker is unknown */
    const char *speaker;     /* corpus speaker name; NULL when unknown */
    const char *article_id;
    const char *title;       /* NULL when absent */
    const char *url;         /* NULL when absent */
    const char *source;      /* source domain; NULL when absent */
    const char *date;        /* article date; NULL when absent */
    uint32_t start, end;     /* content span, bytes in the article text */
    double score;            /* search: BM25, lower is better (a one-phrase query: without the
                                IDF factor, a constant of the query); otherwise 0 */
    uint32_t occurrences;    /* attributions in the cluster */
    const char *first_date;  /* earliest dated occurrence; NULL when none is dated */
    const char *sources;     /* distinct source domains of the cluster, comma-separated; may be NULL */
} ws_quote_row;
typedef int (*ws_quote_fn)(const ws_quote_row *row, void *ctx);

typedef struct {
    int64_t id;
    const char *name;        /* canonical: the fullest unambiguous form, titles stripped */
    const char *kind;        /* ws_entity_kind_name() */
    uint32_t quotes;         /* attributions */
    uint32_t articles;       /* articles quoting this speaker */
    const char *aliases;     /* other names seen, " | "-separated; NULL when none */
} ws_speaker_row;
typedef int (*ws_speaker_fn)(const ws_speaker_row *row, void *ctx);

typedef struct {
    const char *id;
    const char *url, *title, *source, *date; /* NULL when absent */
    const char *hash;        /* content hash, hex */
    const char *text;        /* the full text as indexed */
    uint32_t nattributions, nentities;
} ws_article_row;

typedef struct {
    const char *name;        /* in-article name */
    const char *kind;
    int64_t speaker_id;      /* corpus speaker; 0 when the entity is no attribution's speaker */
    uint32_t nmentions;
} ws_entity_row;

/* Full-text search over quote content and article titles, BM25-ranked, one row per quote
 * cluster; filters speaker/source/since/until, limit/offset. A query with more matches than
 * q->rank_window is ranked among the most recently stored ones that pass the filters (a bounded
 * cost for words that occur in 100,000 quotes); a speaker with no more quotes than the window has
 * all its matches ranked. WS_EINVAL: empty or malformed match. */
ws_status ws_store_search(ws_store *s, const ws_query *q, ws_quote_fn fn, void *ctx);
/* Quotes by speaker (q->speaker or q->speaker_id), optionally about an entity (q->about), with
 * the same filters; newest first, one row per cluster. WS_ENOTFOUND: no such speaker. */
ws_status ws_store_quotes(ws_store *s, const ws_query *q, ws_quote_fn fn, void *ctx);
/* Speakers by number of quotes, most quoted first (q->limit, q->offset; q->speaker filters by
 * name substring; q->source/since/until count only matching articles). */
ws_status ws_store_speakers(ws_store *s, const ws_query *q, ws_speaker_fn fn, void *ctx);
/* One speaker (by q->speaker_id or q->speaker) and its most recent q->limit quotes. */
ws_status ws_store_speaker(ws_store *s, const ws_query *q, ws_speaker_fn sfn, ws_quote_fn qfn,
                           void *ctx);
/* One article with its attributions (text order) and entities. WS_ENOTFOUND: no such id. */
ws_status ws_store_article(ws_store *s, const char *id,
                           int (*afn)(const ws_article_row *row, void *ctx),
                           ws_quote_fn qfn, int (*efn)(const ws_entity_row *row, void *ctx),
                           void *ctx);

typedef struct {
    uint64_t articles, attributions, entities, mentions, speakers, aliases, clusters;
    uint64_t sources;        /* distinct source domains */
    uint64_t db_bytes;       /* page_count * page_size */
    int schema_version;
    char first_date[32], last_date[32]; /* "" when no article is dated */
} ws_store_stats;
ws_status ws_store_get_stats(ws_store *s, ws_store_stats *out);

/* The same queries as one JSON text (freed with ws_free), shared by the CLI and the server:
 *   search / quotes: {"results":[quote...]}; speakers: {"results":[speaker...]};
 *   speaker: {"speaker":{...},"quotes":[...]}; article: {"article":{...},"attributions":[...],
 *   "entities":[...]}; stats: {...}. Field names are the struct member names above. */
typedef enum {
    WS_Q_SEARCH, WS_Q_QUOTES, WS_Q_SPEAKERS, WS_Q_SPEAKER, WS_Q_ARTICLE, WS_Q_STATS
} ws_query_kind;
/* For WS_Q_ARTICLE, id is the article id (q may be NULL); otherwise id is ignored. */
ws_status ws_store_query_json(ws_store *s, ws_query_kind kind, const ws_query *q, const char *id,
                              char **out, size_t *outlen);
/* One row as a JSON object (for JSONL output), freed with ws_free. */
ws_status ws_quote_row_json(const ws_quote_row *row, char **out, size_t *outlen);
ws_status ws_speaker_row_json(const ws_speaker_row *row, char **out, size_t *outlen);

/* ---- Evaluation: gold attributions and the scorer (src/lib/gold.c, src/lib/score.c) ----
 *
 * A ws_gold holds annotated documents: their texts and gold attributions, read from PolNeAR brat
 * standoff (NAME.txt + NAME_ANNOTATOR.ann) or from the JSON gold format (../shared/data/FORMAT.md).
 * Gold offsets are converted to UTF-8 byte offsets on reading, like everything else in this API.
 * A ws_eval accumulates the comparison of predictions with gold over many documents; metrics and
 * matching rules are described in docs/ACCURACY.md. */

/* A gold role span: the covering span, and its segments when it is discontinuous (brat "a b;c d",
 * JSON "content_segments"). */
typedef struct {
    ws_span span;               /* bytes; start == WS_NONE when the role is absent */
    uint32_t nsegments;         /* 0 for a contiguous span, else >= 2 */
    const ws_span *segments;    /* sorted, disjoint; NULL when nsegments == 0 */
} ws_gold_span;

typedef struct {
    ws_kind kind;               /* for brat gold: derived from the quotation marks in the content */
    ws_gold_span content, source, cue;
    const char *speaker;        /* canonical name; NULL when the gold has none (PolNeAR) */
    ws_entity_kind speaker_kind;
    int optional;               /* nonzero: finding it is neither a hit nor a false hit */
} ws_gold_attribution;

typedef struct ws_gold ws_gold;

ws_status ws_gold_new(ws_gold **out);
void ws_gold_free(ws_gold *g);
/* The message of the last failed ws_gold_* call ("FILE:LINE: what"), or "". Owned by g. */
const char *ws_gold_error(const ws_gold *g);

/* Reads a gold folder: a PolNeAR split (DIR/text/NAME.txt + DIR/attributions/NAME_XXXX.ann; of
 * several annotators' files the first in sorted order is used) or a folder of NAME.json files whose
 * texts ("doc") sit beside them or in text_dir (NULL: beside). Documents are added in name order.
 * WS_ENOTFOUND / WS_EIO / WS_EFORMAT stop the load; ws_gold_error() says which file and line. */
ws_status ws_gold_load_dir(ws_gold *g, const char *dir, const char *text_dir);
/* Adds one document from memory: text[0..text_len) with brat standoff or gold JSON. name is the
 * document's name (file stem); flags the WS_IN_* layout to extract it with. */
ws_status ws_gold_add_brat(ws_gold *g, const char *name, const char *text, size_t text_len,
                           unsigned flags, const char *ann, size_t ann_len);
ws_status ws_gold_add_json(ws_gold *g, const char *name, const char *text, size_t text_len,
                           unsigned flags, const char *json, size_t json_len);

size_t ws_gold_ndocs(const ws_gold *g);
const char *ws_gold_doc_name(const ws_gold *g, size_t doc);
const char *ws_gold_doc_text(const ws_gold *g, size_t doc, size_t *len);
unsigned ws_gold_doc_flags(const ws_gold *g, size_t doc);
size_t ws_gold_doc_attributions(const ws_gold *g, size_t doc, const ws_gold_attribution **out);
/* Index of the document named name, or -1. */
long ws_gold_find(const ws_gold *g, const char *name);

/* Offset conversion for text[0..len): the byte offset of code point number ch (Python str index),
 * and the code point number of byte offset b. An invalid byte counts as one code point. WS_NONE
 * when ch / b is past the end. */
uint32_t ws_utf8_char_to_byte(const char *text, size_t len, uint32_t ch);
uint32_t ws_utf8_byte_to_char(const char *text, size_t len, uint32_t b);

typedef enum { WS_ROLE_SOURCE, WS_ROLE_CUE, WS_ROLE_CONTENT } ws_role;
typedef enum { WS_MATCH_EXACT, WS_MATCH_TRIMMED, WS_MATCH_JACCARD } ws_match;

typedef struct {
    size_t tp, npred, ngold;    /* hits, predictions and gold items counted */
    double p, r, f;             /* fractions in 0..1; 0 when the denominator is 0 */
} ws_prf;

typedef struct {
    size_t ndocs;
    size_t ngold, npred;        /* attributions counted (optional gold and what matched it left out) */
    size_t noptional;           /* optional gold attributions seen */
    ws_prf roles[3][3];         /* [ws_role][ws_match], spans independent of linkage */
    ws_prf soft;                /* content one-to-one by best Jaccard, hit at >= 0.5 */
    ws_prf e2e;                 /* soft hit and speaker right */
    size_t matched, speaker_ok; /* soft hits, and of them those with the right speaker */
    double speaker_accuracy;    /* speaker_ok / matched; 0 when nothing matched */
    size_t kind_gold[3], kind_found[3];  /* by ws_kind: gold attributions, soft hits */
    double recall_by_kind[3];
} ws_eval_result;

typedef struct {
    int quoted_only;            /* nonzero: keep only direct and mixed attributions on both sides */
} ws_eval_config;

typedef struct ws_eval ws_eval;

ws_status ws_eval_new(const ws_eval_config *cfg, ws_eval **out);  /* cfg NULL: defaults */
void ws_eval_free(ws_eval *ev);
/* Scores the predictions for gold document doc: pred[0..npred) with byte offsets into that
 * document's text, their speakers (entity) indexing ents[0..nents). Adding a document twice counts
 * it twice. WS_EINVAL for a span outside the text. */
ws_status ws_eval_add(ws_eval *ev, const ws_gold *g, size_t doc, const ws_attribution *pred,
                      size_t npred, const ws_entity *ents, size_t nents);

/* What happened to each attribution in the last ws_eval_add, for error analysis. Predictions that
 * matched optional gold, and items outside the subset, are not listed. */
typedef enum { WS_EVAL_HIT, WS_EVAL_MISS, WS_EVAL_FALSE_HIT } ws_eval_outcome;
typedef struct {
    ws_eval_outcome outcome;
    int32_t gold;               /* index into ws_gold_doc_attributions, -1 for a false hit */
    int32_t pred;               /* index into pred, -1 for a miss */
    double jaccard;             /* content Jaccard of a hit */
    int speaker_ok;             /* for a hit: the speaker is right */
} ws_eval_item;
size_t ws_eval_items(const ws_eval *ev, const ws_eval_item **out);

void ws_eval_get(const ws_eval *ev, ws_eval_result *out);
/* The result as the JSON object of `whosaid eval --json` (docs/ACCURACY.md), no newline. *out is
 * freed with ws_free(). */
ws_status ws_eval_result_json(const ws_eval_result *r, char **out, size_t *outlen);

/* ---- Statistical taggers: training, evaluation, model files (tagger.c, train.c) ----
 * Models are data/models/pos.model and ner.model (versioned binary, see src/lib/tagger.c). Training
 * data is the polnear-corenlp TSV(.gz) format (../shared/data/polnear-corenlp/README.md); word
 * forms are read from the original texts next to it when present (the tokens whosaid sees). */
typedef enum { WS_TAGGER_POS = 0, WS_TAGGER_NER = 1 } ws_tagger_kind;

typedef struct {
    ws_tagger_kind kind;
    unsigned epochs;         /* 0: the default (8) */
    uint64_t seed;           /* shuffling order; same seed and data give the same model bytes */
    const char *dev_path;    /* optional: scored after each epoch (progress lines) */
    float prune;             /* drop features whose averaged weights all stay under this (0: keep all) */
    unsigned average;        /* > 1: train this many times (seeds seed, seed+1, ...) and average them */
    const char *pos_model;   /* NER evaluation: POS model feeding the NER; NULL: the data's POS */
    void (*progress)(void *ctx, const char *line); /* one line per epoch; may be NULL */
    void *ctx;
} ws_train_opts;

typedef struct {
    uint64_t tokens;         /* reference tokens */
    uint64_t correct;        /* POS: correct tokens; NER: entities found with exact span and type */
    uint64_t gold, pred;     /* NER: entities in the reference / output. POS: pred = tokens scored
                              * (own tokenisation: those whose byte span matches a reference token) */
    double accuracy;         /* POS: correct / pred */
    double precision, recall, f1; /* NER, entity level */
    uint64_t type_gold[4], type_pred[4], type_correct[4]; /* NER per type: PER, ORG, LOC, MISC */
} ws_tagger_score;

/* Trains a tagger on train_path and writes the model to out_path. On failure err gets a message
 * ("FILE:LINE: ..." for bad data). */
ws_status ws_tagger_train(const char *train_path, const ws_train_opts *o, const char *out_path,
                          char *err, size_t errlen);
/* Scores model_path on data_path. own_tokens = 0: on the data's own tokens; 1: tag whosaid's own
 * tokenisation of the original texts and score tokens / entity spans whose byte offsets match the
 * reference. pos_model: for NER, the POS model feeding it (NULL: the data's POS tags, gold tokens
 * only). */
ws_status ws_tagger_evaluate(const char *model_path, const char *data_path, const char *pos_model,
                             int own_tokens, ws_tagger_score *out, char *err, size_t errlen);
/* Checks a model file; on failure *reason is a static explanation. kind gets its ws_tagger_kind. */
ws_status ws_model_check(const char *path, int *kind, const char **reason);

#ifdef __cplusplus
}
#endif
#endif /* WHOSAID_H */
