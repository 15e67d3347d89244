/* store.c — the corpus store: articles, entities, mentions, attributions, corpus speakers and quote
 * clusters in one SQLite file (WAL), searched with FTS5/BM25. The only file that includes sqlite3.h.
 * Quote clusters follow Quotebank (Vaucher et al., WSDM 2021): quotations identical after
 * lowercasing and removing punctuation are one quote; a quote contained in a longer one by the same
 * speaker joins it. Schema changes go in `migrations` (PRAGMA user_version counts those applied).
 * SQLite allocates with its own allocator; everything else goes through ws_malloc. */
#include <math.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "internal.h"

#define APP_ID 0x57485344 /* 'WHSD' in PRAGMA application_id */
#define DEFAULT_LIMIT 20u
#define MIN_SUBSTRING_WORDS 4 /* a quote this short never joins a longer one as a substring */
#define LINK_WINDOW 10000     /* a bigger speaker's new quotes are compared with their newest ones */
#define DOMINANT_SHARE 0.9    /* "Trump" -> "Donald Trump" when he holds 90% of the full-name Trumps */
#define DOMINANT_MIN 10       /* ... and at least this many entities */
#define MAX_RANK_PHRASES 64   /* phrases of a query that count in its rank */
#define FILTERED_WINDOW_DIV 8 /* a filtered search ranks WS_RANK_WINDOW / 8 matches at first */
/* fts.rank through wsbm25 (the weights of the 'rank' set in migration 0 -> 1): the function is
 * chosen per query, so that the stored 'rank' stays bm25 for other readers of the file */
#define RANK_MATCH " AND fts.rank MATCH 'wsbm25(1.0, 0.5)'"

/* Forward migrations: migrations[i] takes the schema from version i to i + 1. Append, never edit. */
static const char *const migrations[] = {
    /* 0 -> 1 */
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value);"
    "CREATE TABLE articles(rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, url TEXT, title TEXT,"
    "  source TEXT, date TEXT, hash TEXT NOT NULL, extractor TEXT NOT NULL, nattr INTEGER NOT NULL,"
    "  text TEXT NOT NULL);"
    "CREATE INDEX articles_url ON articles(url) WHERE url IS NOT NULL;"
    "CREATE INDEX articles_hash ON articles(hash);"
    "CREATE INDEX articles_date ON articles(date);"
    "CREATE INDEX articles_source ON articles(source);"
    /* A speaker per distinct key: class '|' normalised name (class "p" for persons and unknown
     * kinds, else the kind). canon: the speaker it is merged into by ws_store_link (itself when
     * not merged); nquotes / narticles: counts of a canonical speaker as of the last link. */
    "CREATE TABLE speakers(id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE,"
    "  name TEXT NOT NULL, kind TEXT NOT NULL, canon INTEGER NOT NULL,"
    "  nquotes INTEGER NOT NULL DEFAULT 0, narticles INTEGER NOT NULL DEFAULT 0);"
    "CREATE INDEX speakers_name ON speakers(name COLLATE NOCASE);"
    "CREATE INDEX speakers_canon ON speakers(canon);"
    "CREATE INDEX speakers_nquotes ON speakers(nquotes DESC);"
    "CREATE TABLE aliases(speaker_id INTEGER NOT NULL, alias TEXT NOT NULL,"
    "  PRIMARY KEY(speaker_id, alias)) WITHOUT ROWID;"
    "CREATE INDEX aliases_alias ON aliases(alias COLLATE NOCASE);"
    /* in-article entities; mentions: [[start,end],...] in bytes */
    "CREATE TABLE entities(article INTEGER NOT NULL, idx INTEGER NOT NULL, name TEXT NOT NULL,"
    "  key TEXT NOT NULL, kind TEXT NOT NULL, nmentions INTEGER NOT NULL, mentions TEXT NOT NULL,"
    "  PRIMARY KEY(article, idx)) WITHOUT ROWID;"
    "CREATE TABLE clusters(id INTEGER PRIMARY KEY AUTOINCREMENT, h INTEGER NOT NULL,"
    "  norm TEXT NOT NULL);"
    "CREATE INDEX clusters_h ON clusters(h);"
    "CREATE TABLE attributions(id INTEGER PRIMARY KEY, article INTEGER NOT NULL, kind INTEGER NOT NULL,"
    "  cls INTEGER NOT NULL, cstart INTEGER NOT NULL, cend INTEGER NOT NULL, cue_start INTEGER,"
    "  cue_end INTEGER, src_start INTEGER, src_end INTEGER, entity INTEGER, speaker INTEGER,"
    "  confidence REAL, content TEXT NOT NULL, cue TEXT, cluster INTEGER NOT NULL, segments TEXT);"
    /* entity: index in the article's entities; speaker: the speaker of the entity's own key */
    "CREATE INDEX attributions_article ON attributions(article);"
    "CREATE INDEX attributions_cluster ON attributions(cluster);"
    "CREATE INDEX attributions_speaker ON attributions(speaker);"
    /* FTS5 over quote content and the article title, external content (no second copy) */
    "CREATE VIEW fts_src(id, content, title) AS SELECT a.id, a.content, coalesce(ar.title, '')"
    "  FROM attributions a JOIN articles ar ON ar.rowid = a.article;"
    "CREATE VIRTUAL TABLE fts USING fts5(content, title, content='fts_src', content_rowid='id',"
    "  tokenize='unicode61 remove_diacritics 2');"
    "INSERT INTO fts(fts, rank) VALUES('rank', 'bm25(1.0, 0.5)');"
    "INSERT INTO meta VALUES('linked_cluster', 0);",
    /* 1 -> 2: n, first_date, sources of a cluster's occurrences, cached by ws_store_link (n = 0
     * until then) so that a result row needs no aggregate over the occurrences */
    "ALTER TABLE clusters ADD COLUMN n INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE clusters ADD COLUMN first_date TEXT;"
    "ALTER TABLE clusters ADD COLUMN sources TEXT;",
    /* 2 -> 3: a cluster's n, first_date, sources are kept by ws_store_add (a new cluster gets its
     * first occurrence, a new occurrence updates them); n = 0 marks them stale (an article of the
     * cluster replaced, clusters merged, a store of version 2 not linked since), and
     * ws_store_link recomputes only the stale ones */
    "CREATE INDEX clusters_stale ON clusters(id) WHERE n = 0;",
    /* 3 -> 4: an article's entities in one row (one insert per article, not one per entity):
     * list = [[name, kind, nmentions, [[start,end],...]], ...] in the order of the article */
    "CREATE TABLE article_entities(article INTEGER PRIMARY KEY, n INTEGER NOT NULL,"
    "  nmentions INTEGER NOT NULL, list TEXT NOT NULL);"
    "INSERT INTO article_entities SELECT article, count(*), sum(nmentions), json_group_array("
    "  json_array(name, kind, nmentions, json(mentions))) FROM (SELECT * FROM entities"
    "  ORDER BY article, idx) GROUP BY article;"
    "DROP TABLE entities;",
    /* 4 -> 5: FTS5 merges 8 segments of a level at a time instead of 4: a quarter less merging
     * while indexing (4% of the instructions of `index --fast` of PolNeAR), search unchanged
     * (measured on an 18,480-article store) */
    "INSERT INTO fts(fts, rank) VALUES('automerge', 8);",
    /* 5 -> 6: canonical speakers whose nquotes / narticles must be recounted by the next link
     * (an article of theirs added or deleted, a speaker merged into them or out of them), so
     * that a link recounts those, not every speaker of the corpus; every canonical speaker of an
     * older store, once */
    "CREATE TABLE stale_speakers(id INTEGER PRIMARY KEY);"
    "INSERT INTO stale_speakers SELECT id FROM speakers WHERE canon = id;"
    /* ... and a recount reads the index alone: count(DISTINCT article) read every row */
    "DROP INDEX attributions_speaker;"
    "CREATE INDEX attributions_speaker ON attributions(speaker, article);",
};
#define SCHEMA_VERSION ((int)(sizeof migrations / sizeof migrations[0]))

/* Cached statements: add an enum value and its SQL at the same index. */
enum {
    S_FIND_ART, S_DEL_FTS, S_DEL_CLUSTERS, S_STALE_CLUSTERS, S_STALE_ART_SPK, S_DEL_ATTR, S_DEL_ENT,
    S_DEL_ART, S_STALE_SPK,
    S_INS_ART, S_SPK_FIND, S_SPK_MAX, S_SPK_INS, S_SPK_KIND, S_ALIAS_INS, S_INS_ENT, S_CLU_FIND,
    S_CLU_INS, S_CLU_ADD, S_INS_ATTR, S_INS_FTS, S_OCC, S_OCC_LIVE, S_ALIASES, S_SPK_BY_NAME,
    S_SPK_BY_SURNAME, S_SPK_COUNT, S_NSTMT
};
static const char *const stmt_sql[] = {
    [S_FIND_ART] = "SELECT rowid, id, hash, extractor, nattr FROM articles WHERE id = ?1"
                   " OR (?2 IS NOT NULL AND url = ?2) OR hash = ?3",
    [S_DEL_FTS] = "INSERT INTO fts(fts, rowid, content, title) SELECT 'delete', a.id, a.content,"
                  " coalesce(ar.title, '') FROM attributions a JOIN articles ar ON ar.rowid = a.article"
                  " WHERE a.article = ?1",
    [S_DEL_CLUSTERS] = "DELETE FROM clusters WHERE id IN (SELECT cluster FROM attributions WHERE"
                       " article = ?1) AND NOT EXISTS (SELECT 1 FROM attributions x WHERE"
                       " x.cluster = clusters.id AND x.article <> ?1)",
    [S_STALE_CLUSTERS] = "UPDATE clusters SET n = 0 WHERE id IN (SELECT cluster FROM attributions"
                         " WHERE article = ?1) AND n <> 0",
    [S_STALE_ART_SPK] = "INSERT OR IGNORE INTO stale_speakers SELECT DISTINCT sp.canon FROM attributions"
                        " a JOIN speakers sp ON sp.id = a.speaker WHERE a.article = ?1",
    [S_DEL_ATTR] = "DELETE FROM attributions WHERE article = ?1",
    [S_STALE_SPK] = "INSERT OR IGNORE INTO stale_speakers SELECT canon FROM speakers WHERE id = ?1",
    [S_DEL_ENT] = "DELETE FROM article_entities WHERE article = ?1",
    [S_DEL_ART] = "DELETE FROM articles WHERE rowid = ?1",
    [S_INS_ART] = "INSERT INTO articles(id, url, title, source, date, hash, extractor, nattr, text)"
                  " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    [S_SPK_FIND] = "SELECT id, kind FROM speakers WHERE key = ?1",
    /* a bare max() is one b-tree step; coalesce(max(id), 0) would scan the table */
    [S_SPK_MAX] = "SELECT max(id) FROM speakers",
    [S_SPK_INS] = "INSERT INTO speakers(id, key, name, kind, canon) VALUES(?4, ?1, ?2, ?3, ?4)",
    [S_SPK_KIND] = "UPDATE speakers SET kind = ?2 WHERE id = ?1",
    [S_ALIAS_INS] = "INSERT OR IGNORE INTO aliases(speaker_id, alias) VALUES(?1, ?2)",
    [S_INS_ENT] = "INSERT INTO article_entities(article, n, nmentions, list) VALUES(?1, ?2, ?3, ?4)",
    [S_CLU_FIND] = "SELECT id FROM clusters WHERE h = ?1 AND norm = ?2",
    [S_CLU_INS] = "INSERT INTO clusters(h, norm, n, first_date, sources) VALUES(?1, ?2, 1, ?3, ?4)",
    /* one more occurrence (date ?2, source ?3) of a cluster whose figures are not stale; the
     * same as the aggregates of ws_store_link: count, min of the dates, distinct sources */
    [S_CLU_ADD] = "UPDATE clusters SET n = n + 1, first_date = CASE WHEN first_date IS NULL OR ?2 <"
                  " first_date THEN coalesce(?2, first_date) ELSE first_date END, sources = CASE"
                  " WHEN ?3 IS NULL OR instr(',' || sources || ',', ',' || ?3 || ',') THEN sources"
                  " WHEN sources IS NULL THEN ?3 ELSE sources || ',' || ?3 END WHERE id = ?1 AND n > 0",
    [S_INS_ATTR] = "INSERT INTO attributions(article, kind, cls, cstart, cend, cue_start, cue_end,"
                   " src_start, src_end, entity, confidence, content, cue, cluster, segments, speaker)"
                   " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
    [S_INS_FTS] = "INSERT INTO fts(rowid, content, title) VALUES(?1, ?2, ?3)",
    [S_OCC] = "SELECT n, first_date, sources FROM clusters WHERE id = ?1 AND n > 0",
    [S_OCC_LIVE] = "SELECT count(*), min(ar.date), group_concat(DISTINCT ar.source) FROM attributions a"
              " JOIN articles ar ON ar.rowid = a.article WHERE a.cluster = ?1",
    /* the aliases of a canonical speaker and of those merged into it, and their names */
    [S_ALIASES] = "SELECT group_concat(n, ' | ') FROM (SELECT alias AS n FROM aliases WHERE"
                  " speaker_id IN (SELECT id FROM speakers WHERE canon = ?1) UNION SELECT name FROM"
                  " speakers WHERE canon = ?1 AND id <> ?1 ORDER BY 1)",
    [S_SPK_BY_NAME] = "SELECT DISTINCT canon FROM speakers WHERE id IN (SELECT id FROM speakers"
                      " WHERE name = ?1 COLLATE NOCASE UNION SELECT speaker_id FROM aliases"
                      " WHERE alias = ?1 COLLATE NOCASE)",
    /* how many attributions the speakers of a JSON array have, up to ?2 */
    [S_SPK_COUNT] = "SELECT count(*) FROM (SELECT 1 FROM attributions WHERE speaker IN (SELECT id"
                    " FROM speakers WHERE canon IN (SELECT value FROM json_each(?1))) LIMIT ?2)",
    [S_SPK_BY_SURNAME] = "SELECT DISTINCT canon FROM speakers WHERE kind IN ('person', 'unknown')"
                         " AND name LIKE '% ' || ?1",
};
_Static_assert(sizeof stmt_sql / sizeof stmt_sql[0] == S_NSTMT, "one SQL text per statement");

/* Speaker key -> id, valid within one transaction (cleared at every begin, commit, rollback and
 * link: ids from a rolled-back or another process's transaction must not leak). Open addressing. */
typedef struct {
    char *key;
    int64_t id;
} spk_slot;

/* A set of ids (> 0), open addressing; cap a power of two. */
typedef struct {
    int64_t *slot;
    size_t cap, len;
} id_set;

/* Adds id; returns 1 when it is new, 0 when already in, -1 when out of memory. */
static int id_set_add(id_set *t, int64_t id)
{
    if (2 * (t->len + 1) > t->cap) {
        size_t cap = t->cap ? 2 * t->cap : 256;
        int64_t *n = ws_calloc(cap, sizeof *n);
        if (!n)
            return -1;
        for (size_t i = 0; i < t->cap; i++)
            if (t->slot[i]) {
                size_t j = (size_t)(t->slot[i] * 0x9E3779B97F4A7C15ULL) & (cap - 1);
                while (n[j])
                    j = (j + 1) & (cap - 1);
                n[j] = t->slot[i];
            }
        ws_free(t->slot);
        t->slot = n;
        t->cap = cap;
    }
    size_t j = (size_t)(id * 0x9E3779B97F4A7C15ULL) & (t->cap - 1);
    while (t->slot[j] && t->slot[j] != id)
        j = (j + 1) & (t->cap - 1);
    if (t->slot[j])
        return 0;
    t->slot[j] = id;
    t->len++;
    return 1;
}

static bool id_set_has(const id_set *t, int64_t id)
{
    if (!t->len)
        return false;
    size_t j = (size_t)(id * 0x9E3779B97F4A7C15ULL) & (t->cap - 1);
    while (t->slot[j] && t->slot[j] != id)
        j = (j + 1) & (t->cap - 1);
    return t->slot[j] != 0;
}

struct ws_store {
    spk_slot *cache;
    size_t cache_cap, cache_len; /* cap: a power of two */
    int64_t next_speaker;        /* the next speaker id, 0 until read; cleared with the cache */
    uint32_t link_window;        /* LINK_WINDOW, or what a test set */
    id_set stale_marked;         /* speakers put in stale_speakers; cleared with the cache */
    sqlite3 *db;
    bool writable;
    bool in_batch;           /* between ws_store_begin and ws_store_commit */
    ws_store_counts counts;
    sqlite3_stmt *stmt[S_NSTMT];
    /* statements whose SQL is built per query (search and quote filters): the last few are kept
     * prepared, keyed by their SQL text, so a repeated query shape skips SQLite's parser */
    struct {
        char *sql;
        sqlite3_stmt *st;
        bool busy;
    } dyn[8];
    unsigned dyn_next;
    char errmsg[256];
};

static void cache_clear(ws_store *s)
{
    for (size_t i = 0; i < s->cache_cap; i++)
        ws_free(s->cache[i].key);
    ws_free(s->cache);
    s->cache = NULL;
    ws_free(s->stale_marked.slot);
    s->stale_marked = (id_set){0};
    s->cache_cap = s->cache_len = 0;
    s->next_speaker = 0;
}

/* Prepares sql, reusing a kept statement with the same text when one is free; release it with
 * dyn_release. */
static int dyn_prepare(ws_store *s, const char *sql, sqlite3_stmt **out)
{
    const unsigned n = sizeof s->dyn / sizeof s->dyn[0];
    for (unsigned i = 0; i < n; i++)
        if (s->dyn[i].sql && !s->dyn[i].busy && !strcmp(s->dyn[i].sql, sql)) {
            s->dyn[i].busy = true;
            *out = s->dyn[i].st;
            return SQLITE_OK;
        }
    int rc = sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, out, NULL);
    if (rc != SQLITE_OK)
        return rc;
    for (unsigned k = 0; k < n; k++) { /* keep it in the next slot not in use */
        unsigned i = (s->dyn_next + k) % n;
        if (s->dyn[i].busy)
            continue;
        size_t len = strlen(sql);
        char *copy = ws_malloc(len + 1);
        if (!copy)
            break; /* not kept: dyn_release finalizes it */
        memcpy(copy, sql, len + 1);
        sqlite3_finalize(s->dyn[i].st);
        ws_free(s->dyn[i].sql);
        s->dyn[i].sql = copy;
        s->dyn[i].st = *out;
        s->dyn[i].busy = true;
        s->dyn_next = (i + 1) % n;
        break;
    }
    return SQLITE_OK;
}

static void dyn_release(ws_store *s, sqlite3_stmt *st)
{
    if (!st)
        return;
    for (unsigned i = 0; i < sizeof s->dyn / sizeof s->dyn[0]; i++)
        if (s->dyn[i].st == st) {
            sqlite3_reset(st);
            sqlite3_clear_bindings(st);
            s->dyn[i].busy = false;
            return;
        }
    sqlite3_finalize(st);
}

static void dyn_clear(ws_store *s)
{
    for (unsigned i = 0; i < sizeof s->dyn / sizeof s->dyn[0]; i++) {
        sqlite3_finalize(s->dyn[i].st);
        ws_free(s->dyn[i].sql);
        s->dyn[i].st = NULL;
        s->dyn[i].sql = NULL;
        s->dyn[i].busy = false;
    }
}

static size_t cache_slot(const spk_slot *t, size_t cap, const char *key, size_t n, uint64_t h)
{
    size_t i = (size_t)h & (cap - 1);
    while (t[i].key && (strncmp(t[i].key, key, n) || t[i].key[n]))
        i = (i + 1) & (cap - 1);
    return i;
}

static uint64_t fnv1a(const char *s, size_t n, uint64_t h);

static int64_t cache_get(const ws_store *s, const char *key, size_t n)
{
    if (!s->cache_len)
        return 0;
    size_t i = cache_slot(s->cache, s->cache_cap, key, n, fnv1a(key, n, 0xcbf29ce484222325ULL));
    return s->cache[i].key ? s->cache[i].id : 0;
}

/* Best effort: a failed allocation only loses the shortcut. */
static void cache_put(ws_store *s, const char *key, size_t n, int64_t id)
{
    if (2 * (s->cache_len + 1) > s->cache_cap) {
        size_t cap = s->cache_cap ? 2 * s->cache_cap : 1024;
        spk_slot *t = ws_calloc(cap, sizeof *t);
        if (!t)
            return;
        for (size_t i = 0; i < s->cache_cap; i++)
            if (s->cache[i].key) {
                const char *k = s->cache[i].key;
                size_t kn = strlen(k);
                t[cache_slot(t, cap, k, kn, fnv1a(k, kn, 0xcbf29ce484222325ULL))] = s->cache[i];
            }
        ws_free(s->cache);
        s->cache = t;
        s->cache_cap = cap;
    }
    size_t i = cache_slot(s->cache, s->cache_cap, key, n, fnv1a(key, n, 0xcbf29ce484222325ULL));
    if (s->cache[i].key)
        return;
    if (!(s->cache[i].key = ws_strndup(key, n)))
        return;
    s->cache[i].id = id;
    s->cache_len++;
}

/* ---- errors ---- */

static ws_status map_rc(int rc)
{
    switch (rc & 0xff) {
    case SQLITE_OK: case SQLITE_DONE: case SQLITE_ROW: return WS_OK;
    case SQLITE_NOMEM: return WS_ENOMEM;
    case SQLITE_NOTADB: case SQLITE_CORRUPT: case SQLITE_FORMAT: return WS_EFORMAT;
    case SQLITE_FULL: case SQLITE_IOERR: case SQLITE_CANTOPEN: case SQLITE_READONLY:
    case SQLITE_PERM: case SQLITE_BUSY: case SQLITE_LOCKED: return WS_EIO;
    default: return WS_EDB;
    }
}

static ws_status fail(ws_store *s, int rc)
{
    snprintf(s->errmsg, sizeof s->errmsg, "%s", sqlite3_errmsg(s->db));
    ws_status st = map_rc(rc);
    return st == WS_OK ? WS_EDB : st; /* called on an unexpected code: never report success */
}

static ws_status fail_msg(ws_store *s, ws_status st, const char *msg)
{
    snprintf(s->errmsg, sizeof s->errmsg, "%s", msg);
    return st;
}

const char *ws_store_errmsg(const ws_store *s) { return s ? s->errmsg : ""; }

static sqlite3_stmt *stmt(ws_store *s, int id)
{
    if (!s->stmt[id] && sqlite3_prepare_v3(s->db, stmt_sql[id], -1, SQLITE_PREPARE_PERSISTENT,
                                           &s->stmt[id], NULL) != SQLITE_OK)
        return NULL;
    sqlite3_reset(s->stmt[id]);
    sqlite3_clear_bindings(s->stmt[id]);
    return s->stmt[id];
}

/* Runs a cached statement that returns no rows. */
static int run(sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE || rc == SQLITE_ROW ? SQLITE_OK : rc;
}

static int exec(ws_store *s, const char *sql) { return sqlite3_exec(s->db, sql, NULL, NULL, NULL); }

/* Bound without a copy: every caller steps (and resets) the statement while p is alive, and
 * stmt() clears the bindings before the next use. */
static void bind_text(sqlite3_stmt *st, int i, const char *p, size_t n)
{
    if (p)
        sqlite3_bind_text(st, i, p, (int)n, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, i);
}
static void bind_str(sqlite3_stmt *st, int i, const char *p) { bind_text(st, i, p, p ? strlen(p) : 0); }
static const char *col_str(sqlite3_stmt *st, int i) { return (const char *)sqlite3_column_text(st, i); }

/* ---- ranking ---- */

/* wsbm25(fts, w0, w1): FTS5's bm25() (k1 1.2, b 0.75, column weights w0, w1) except that a query of
 * one phrase (a word, "a phrase", prefix*) is ranked without the IDF factor: the factor does not
 * change the order of its matches, and computing it reads the phrase's whole doclist (20 ms for a
 * word in 845,000 quotes, for every search). Queries of several phrases keep it. */
typedef struct {
    int nphrase;
    double avgdl;
    double idf[]; /* per phrase */
} bm25_data;

static int count_row(const Fts5ExtensionApi *api, Fts5Context *fc, void *ctx)
{
    (void)api;
    (void)fc;
    ++*(sqlite3_int64 *)ctx;
    return SQLITE_OK;
}

static bm25_data *bm25_prepare(const Fts5ExtensionApi *api, Fts5Context *fc, int *rc)
{
    int np = api->xPhraseCount(fc);
    bm25_data *d = ws_calloc(1, sizeof *d + (size_t)(np > 0 ? np : 1) * sizeof(double));
    if (!d) {
        *rc = SQLITE_NOMEM;
        return NULL;
    }
    d->nphrase = np;
    sqlite3_int64 nrow = 0, ntok = 0;
    if ((*rc = api->xRowCount(fc, &nrow)) == SQLITE_OK)
        *rc = api->xColumnTotalSize(fc, -1, &ntok);
    d->avgdl = nrow > 0 ? (double)ntok / (double)nrow : 1;
    for (int i = 0; i < np && *rc == SQLITE_OK; i++) {
        d->idf[i] = 1;
        if (np == 1)
            break;
        sqlite3_int64 nhit = 0;
        *rc = api->xQueryPhrase(fc, i, &nhit, count_row);
        double idf = log(((double)nrow - (double)nhit + 0.5) / ((double)nhit + 0.5));
        d->idf[i] = idf > 1e-6 ? idf : 1e-6;
    }
    if (*rc == SQLITE_OK)
        *rc = api->xSetAuxdata(fc, d, ws_free);
    if (*rc != SQLITE_OK) {
        ws_free(d);
        return NULL;
    }
    return d;
}

static void wsbm25(const Fts5ExtensionApi *api, Fts5Context *fc, sqlite3_context *ctx, int nval,
                   sqlite3_value **val)
{
    int rc = SQLITE_OK;
    bm25_data *d = api->xGetAuxdata(fc, 0);
    if (!d && !(d = bm25_prepare(api, fc, &rc))) {
        sqlite3_result_error_code(ctx, rc);
        return;
    }
    double freq[MAX_RANK_PHRASES] = {0};
    int ninst = 0, dl = 0;
    if ((rc = api->xInstCount(fc, &ninst)) == SQLITE_OK)
        rc = api->xColumnSize(fc, -1, &dl);
    for (int i = 0; i < ninst && rc == SQLITE_OK; i++) {
        int ip, ic, io;
        if ((rc = api->xInst(fc, i, &ip, &ic, &io)) == SQLITE_OK && ip < MAX_RANK_PHRASES)
            freq[ip] += ic < nval ? sqlite3_value_double(val[ic]) : 1.0;
    }
    if (rc != SQLITE_OK) {
        sqlite3_result_error_code(ctx, rc);
        return;
    }
    double score = 0, k1 = 1.2, b = 0.75;
    for (int i = 0; i < d->nphrase && i < MAX_RANK_PHRASES; i++)
        score += d->idf[i] * freq[i] * (k1 + 1) / (freq[i] + k1 * (1 - b + b * dl / d->avgdl));
    sqlite3_result_double(ctx, -score);
}

/* Registers wsbm25 on the connection. */
static int register_rank(sqlite3 *db)
{
    fts5_api *api = NULL;
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL);
    if (rc != SQLITE_OK)
        return rc;
    sqlite3_bind_pointer(st, 1, &api, "fts5_api_ptr", NULL);
    sqlite3_step(st);
    rc = sqlite3_finalize(st);
    if (rc == SQLITE_OK && !api)
        rc = SQLITE_ERROR;
    if (rc == SQLITE_OK)
        rc = api->xCreateFunction(api, "wsbm25", NULL, wsbm25, NULL);
    return rc;
}

/* ---- open / close / schema ---- */

static int pragma_int(ws_store *s, const char *sql, int *out)
{
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
    if (rc != SQLITE_OK)
        return rc;
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *out = sqlite3_column_int(st, 0);
        rc = SQLITE_OK;
    }
    sqlite3_finalize(st);
    return rc;
}

static ws_status migrate(ws_store *s, int from)
{
    int rc = exec(s, "BEGIN IMMEDIATE");
    if (rc != SQLITE_OK)
        return fail(s, rc);
    /* re-read under the write lock: another process may have migrated meanwhile */
    rc = pragma_int(s, "PRAGMA user_version", &from);
    for (int v = from; rc == SQLITE_OK && v < SCHEMA_VERSION; v++)
        rc = exec(s, migrations[v]);
    if (rc == SQLITE_OK) {
        char sql[96];
        snprintf(sql, sizeof sql, "PRAGMA user_version = %d; PRAGMA application_id = %d",
                 SCHEMA_VERSION, APP_ID);
        rc = exec(s, sql);
    }
    if (rc == SQLITE_OK)
        rc = exec(s, "COMMIT");
    if (rc != SQLITE_OK) {
        ws_status st = fail(s, rc);
        exec(s, "ROLLBACK");
        return st;
    }
    return WS_OK;
}

/* SQLite keeps global memory statistics behind one process-wide mutex taken on every allocation;
 * with several threads searching (the server) that mutex was the busiest lock. whosaid never reads
 * those statistics, so they are switched off once, before SQLite initialises. If the host program
 * has already initialised SQLite, sqlite3_config refuses (SQLITE_MISUSE) and nothing changes. */
static pthread_once_t sqlite_once = PTHREAD_ONCE_INIT;
/* The page cache grows with the store, from 8 to 64 MiB (the size of the file), set at open and
 * at every batch: first touches of cache memory are page faults, which made a 64 MiB cache 8-12%
 * slower than 8 MiB to index PolNeAR into a new store (15 MB), while a cache smaller than the
 * b-trees a batch touches costs more than the faults (a bulk load of 114,000 articles took 30%
 * more CPU with an eighth of the file, adding to a 1.4 GB store 12% more with 8 MiB). */
static void size_cache(ws_store *s)
{
    int pages = 0, psize = 0;
    pragma_int(s, "PRAGMA page_count", &pages);
    pragma_int(s, "PRAGMA page_size", &psize);
    int64_t kib = (int64_t)pages * psize / 1024;
    char sql[48];
    snprintf(sql, sizeof sql, "PRAGMA cache_size = -%lld",
             (long long)(kib < 8192 ? 8192 : kib > 65536 ? 65536 : kib));
    exec(s, sql);
}

static void sqlite_setup(void) { (void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); }

ws_status ws_store_open(const char *path, unsigned flags, ws_store **out)
{
    *out = NULL;
    pthread_once(&sqlite_once, sqlite_setup);
    if (!path || !*path)
        return WS_EINVAL;
    struct stat sb;
    bool exists = stat(path, &sb) == 0;
    if (!exists && !(flags & WS_STORE_CREATE))
        return WS_ENOTFOUND;
    if (exists && S_ISDIR(sb.st_mode))
        return WS_EIO;
    ws_store *s = ws_calloc(1, sizeof *s);
    if (!s)
        return WS_ENOMEM;
    s->writable = flags & (WS_STORE_WRITE | WS_STORE_CREATE);
    s->link_window = LINK_WINDOW;
    int oflags = s->writable ? SQLITE_OPEN_READWRITE : SQLITE_OPEN_READONLY;
    if (flags & WS_STORE_CREATE)
        oflags |= SQLITE_OPEN_CREATE;
    ws_status st = WS_OK;
    int rc = sqlite3_open_v2(path, &s->db, oflags | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        st = s->db ? fail(s, rc) : WS_ENOMEM;
        if (st == WS_EDB)
            st = WS_EIO;
        goto fail;
    }
    sqlite3_extended_result_codes(s->db, 0);
    sqlite3_busy_timeout(s->db, 10000);
    int version = 0, app = 0;
    /* the first read parses the header: a non-database file fails here */
    if ((rc = pragma_int(s, "PRAGMA user_version", &version)) != SQLITE_OK ||
        (rc = pragma_int(s, "PRAGMA application_id", &app)) != SQLITE_OK) {
        st = fail(s, rc);
        goto fail;
    }
    int ntables = 0;
    if ((rc = pragma_int(s, "SELECT count(*) FROM sqlite_schema", &ntables)) != SQLITE_OK) {
        st = fail(s, rc);
        goto fail;
    }
    if ((ntables > 0 && app != APP_ID) || (version == 0 && ntables > 0)) {
        st = fail_msg(s, WS_EFORMAT, "not a whosaid store (an SQLite file with other tables)");
        goto fail;
    }
    if (version > SCHEMA_VERSION) {
        st = fail_msg(s, WS_EFORMAT, "store made by a newer whosaid (schema version too high)");
        goto fail;
    }
    if (!s->writable && version == 0) {
        st = fail_msg(s, WS_EFORMAT, "empty file, not a whosaid store");
        goto fail;
    }
    if (!s->writable && version < SCHEMA_VERSION) {
        /* an older store opened for reading: migrate it (forward migrations only add) through a
         * read-write handle, then read as asked */
        sqlite3_close_v2(s->db);
        s->db = NULL;
        rc = sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
        if (rc == SQLITE_OK) {
            sqlite3_busy_timeout(s->db, 10000);
            rc = exec(s, "PRAGMA journal_mode = WAL");
        }
        if (rc != SQLITE_OK) {
            st = s->db ? fail(s, rc) : WS_ENOMEM;
            if (st == WS_EDB)
                st = WS_EIO;
            goto fail;
        }
        if ((st = migrate(s, version)) != WS_OK)
            goto fail;
    }
    if (s->writable) {
        /* a new store: 16 KiB pages (before WAL mode fixes the size), a quarter of the writes of
         * 4 KiB pages for the same data; an existing store keeps its size */
        if (version == 0 && (rc = exec(s, "PRAGMA page_size = 16384")) != SQLITE_OK) {
            st = fail(s, rc);
            goto fail;
        }
        /* WAL: readers never block the writer; NORMAL sync is crash-safe in WAL mode */
        if ((rc = exec(s, "PRAGMA journal_mode = WAL")) != SQLITE_OK ||
            (rc = exec(s, "PRAGMA synchronous = NORMAL")) != SQLITE_OK) {
            st = fail(s, rc);
            goto fail;
        }
        if (version < SCHEMA_VERSION && (st = migrate(s, version)) != WS_OK)
            goto fail;
    }
    if ((rc = register_rank(s->db)) != SQLITE_OK) {
        st = fail(s, rc);
        goto fail;
    }
    exec(s, "PRAGMA temp_store = MEMORY");
    size_cache(s);
    /* reads through a memory map: no read() call and copy per page (a search touches thousands) */
    exec(s, "PRAGMA mmap_size = 2147418112");
    *out = s;
    return WS_OK;
fail:
    ws_store_close(s);
    return st;
}

void ws_store_close(ws_store *s)
{
    if (!s)
        return;
    for (int i = 0; i < S_NSTMT; i++)
        sqlite3_finalize(s->stmt[i]);
    dyn_clear(s);
    if (s->in_batch)
        exec(s, "ROLLBACK");
    cache_clear(s);
    sqlite3_close_v2(s->db);
    ws_free(s);
}

ws_status ws_store_begin(ws_store *s)
{
    if (!s->writable)
        return fail_msg(s, WS_EINVAL, "store opened read-only");
    if (s->in_batch)
        return WS_OK;
    cache_clear(s);
    size_cache(s);
    int rc = exec(s, "BEGIN IMMEDIATE");
    if (rc != SQLITE_OK)
        return fail(s, rc);
    s->in_batch = true;
    return WS_OK;
}

/* Ends the open batch with COMMIT or ROLLBACK (a failed COMMIT rolls back). */
static ws_status end_batch(ws_store *s, const char *sql)
{
    cache_clear(s);
    if (!s->in_batch)
        return WS_OK;
    s->in_batch = false;
    int rc = exec(s, sql);
    if (rc == SQLITE_OK)
        return WS_OK;
    ws_status st = fail(s, rc);
    exec(s, "ROLLBACK");
    return st;
}

ws_status ws_store_commit(ws_store *s) { return end_batch(s, "COMMIT"); }

ws_status ws_store_rollback(ws_store *s) { return end_batch(s, "ROLLBACK"); }

void ws_store_session_counts(const ws_store *s, ws_store_counts *out) { *out = s->counts; }

/* ---- normalisation ---- */

/* Leading words that are titles, not names (compared lower-case, without a final '.').
 * To add one, append it; multi-word titles are stripped word by word. */
static const char *const titles[] = {
    "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "president", "vice", "prime",
    "minister", "sen", "senator", "rep", "representative", "congressman", "congresswoman", "gov",
    "governor", "secretary", "gen", "general", "adm", "admiral", "col", "colonel", "capt", "captain",
    "lt", "sgt", "judge", "justice", "chancellor", "king", "queen", "prince", "princess", "pope",
    "rev", "reverend", "sir", "dame", "lord", "lady", "former", "ex", "mayor", "speaker", "attorney",
    "chief", "deputy", "foreign", "defense", "defence", "state", "leader", "chairman", "chairwoman",
    "sheikh", "ayatollah", "candidate", "nominee", "democratic", "republican", "sen.", "u.s.",
    "us", "russian", "american", "the",
};
/* Trailing words that belong to the name but are not the surname. */
static const char *const suffixes[] = {"jr", "sr", "ii", "iii", "iv"};

typedef struct {
    const char *p;
    size_t n;
} word;

static bool word_is(word w, const char *lower)
{
    if (!w.n || (w.p[0] | 32) != lower[0]) /* the common case: another first letter */
        return false;
    size_t m = strlen(lower);
    if (w.n && w.p[w.n - 1] == '.' && m && lower[m - 1] != '.')
        w.n--; /* "Mr." is "mr" */
    if (w.n != m)
        return false;
    for (size_t i = 0; i < m; i++) {
        char c = w.p[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != lower[i])
            return false;
    }
    return true;
}

static bool in_table(word w, const char *const *t, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (word_is(w, t[i]))
            return true;
    return false;
}

/* Splits s into at most max words on Unicode spaces; returns the count. */
static size_t split_words(const char *s, size_t n, word *w, size_t max)
{
    size_t nw = 0, i = 0;
    const unsigned char *u = (const unsigned char *)s;
    while (i < n && nw < max) {
        uint32_t cp;
        int l = ws_utf8_decode(u, n, i, &cp);
        if (ws_cp_is_space(cp)) {
            i += (size_t)l;
            continue;
        }
        size_t start = i;
        while (i < n) {
            l = ws_utf8_decode(u, n, i, &cp);
            if (ws_cp_is_space(cp))
                break;
            i += (size_t)l;
        }
        w[nw++] = (word){s + start, i - start};
    }
    return nw;
}

#define MAX_NAME_WORDS 16

static bool person_like(ws_entity_kind k) { return k == WS_PERSON || k == WS_UNKNOWN; }

/* The kind of a ws_entity_kind_name() (WS_UNKNOWN for any other text). */
static ws_entity_kind entity_kind(const char *name)
{
    for (int k = WS_PERSON; k <= WS_UNKNOWN; k++)
        if (name && !strcmp(name, ws_entity_kind_name((ws_entity_kind)k)))
            return (ws_entity_kind)k;
    return WS_UNKNOWN;
}

/* The display name (titles and a possessive stripped, single spaces) into disp, and the key
 * (class '|' lower-case, dots dropped, middle initials dropped) into key. Returns the number of
 * words in the key name. */
static size_t name_forms(const char *name, ws_entity_kind kind, ws_buf *disp, ws_buf *key)
{
    word w[MAX_NAME_WORDS];
    size_t nw = split_words(name, strlen(name), w, MAX_NAME_WORDS);
    size_t first = 0;
    if (person_like(kind))
        while (first + 1 < nw && in_table(w[first], titles, sizeof titles / sizeof titles[0]))
            first++;
    if (nw > first) { /* possessive: "Putin's", "Putin’s" */
        word *l = &w[nw - 1];
        if (l->n > 2 && !memcmp(l->p + l->n - 2, "'s", 2))
            l->n -= 2;
        else if (l->n > 4 && !memcmp(l->p + l->n - 4, "\xe2\x80\x99s", 4))
            l->n -= 4;
    }
    disp->len = 0;
    key->len = 0;
    ws_buf_adds(key, person_like(kind) ? "p" : ws_entity_kind_name(kind));
    ws_buf_addc(key, '|');
    size_t kw = 0;
    for (size_t i = first; i < nw; i++) {
        if (i > first)
            ws_buf_addc(disp, ' ');
        ws_buf_add(disp, w[i].p, w[i].n);
        /* key: drop middle initials ("Donald J. Trump" is "donald trump") */
        bool initial = w[i].n <= 2 && (w[i].n == 1 || w[i].p[1] == '.');
        if (person_like(kind) && initial && i > first && i + 1 < nw)
            continue;
        if (kw++)
            ws_buf_addc(key, ' ');
        const unsigned char *u = (const unsigned char *)w[i].p;
        for (size_t k = 0; k < w[i].n;) {
            uint32_t cp = u[k];
            if (cp < 0x80)
                k++;
            else
                k += (size_t)ws_utf8_decode(u, w[i].n, k, &cp);
            if (cp == '.' || cp == ',')
                continue;
            if (cp < 0x80) {
                ws_buf_addc(key, (char)(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp));
                continue;
            }
            char enc[4];
            ws_buf_add(key, enc, (size_t)ws_utf8_encode(ws_cp_lower(cp), enc));
        }
    }
    if (!disp->len) /* a bare title: keep it as written */
        ws_buf_adds(disp, name);
    if (!disp->data)
        ws_buf_adds(disp, "");
    return kw;
}

/* Quotebank's normal form: lower-case letters and digits, every other run one space, trimmed. */
static void quote_norm(const char *s, size_t n, ws_buf *out)
{
    out->len = 0;
    /* an input code point (1-4 bytes) gives at most a space and 4 bytes: 4n + 1 is enough */
    if (!ws_buf_reserve(out, 4 * n + 1))
        return;
    char *o = out->data;
    size_t len = 0;
    const unsigned char *u = (const unsigned char *)s;
    bool gap = false;
    for (size_t i = 0; i < n;) {
        uint32_t cp = u[i];
        if (cp < 0x80)
            i++;
        else
            i += (size_t)ws_utf8_decode(u, n, i, &cp);
        if (ws_cp_is_alpha(cp) || ws_cp_is_digit(cp)) {
            if (gap && len)
                o[len++] = ' ';
            gap = false;
            if (cp < 0x80)
                o[len++] = (char)(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp);
            else
                len += (size_t)ws_utf8_encode(ws_cp_lower(cp), o + len);
        } else {
            gap = true;
        }
    }
    o[len] = '\0';
    out->len = len;
}

static uint64_t fnv1a(const char *s, size_t n, uint64_t h)
{
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

/* 128-bit content hash as 32 hex digits: two FNV-1a passes with different bases. */
static void content_hash(const char *s, size_t n, char out[33])
{
    /* the two passes in one loop (the same values as fnv1a twice; stores hold them) */
    uint64_t a = 0xcbf29ce484222325ULL, b = 0x84222325cbf29ce4ULL ^ (uint64_t)n;
    for (size_t i = 0; i < n; i++) {
        a = (a ^ (unsigned char)s[i]) * 0x100000001b3ULL;
        b = (b ^ (unsigned char)s[i]) * 0x100000001b3ULL;
    }
    snprintf(out, 33, "%016llx%016llx", (unsigned long long)a, (unsigned long long)b);
}

/* ---- add ---- */

static ws_status delete_article(ws_store *s, int64_t rowid)
{
    static const int seq[] = {S_DEL_FTS, S_DEL_CLUSTERS, S_STALE_CLUSTERS, S_STALE_ART_SPK,
                              S_DEL_ATTR, S_DEL_ENT, S_DEL_ART};
    for (size_t i = 0; i < sizeof seq / sizeof seq[0]; i++) {
        sqlite3_stmt *st = stmt(s, seq[i]);
        if (!st)
            return fail(s, sqlite3_errcode(s->db));
        sqlite3_bind_int64(st, 1, rowid);
        int rc = run(st);
        if (rc != SQLITE_OK)
            return fail(s, rc);
    }
    return WS_OK;
}

/* Finds or creates the speaker for an entity; records its name as an alias when it differs. */
static ws_status entity_speaker(ws_store *s, const char *name, ws_entity_kind kind, ws_buf *disp,
                                ws_buf *key, int64_t *id)
{
    name_forms(name, kind, disp, key);
    if (disp->failed || key->failed)
        return WS_ENOMEM;
    /* the cache knows the key only when its speaker's kind and name were settled in this batch */
    /* cached value: id * 2 + (the speaker's kind is already "person") */
    int64_t hit = cache_get(s, key->data, key->len);
    if (hit && (kind != WS_PERSON || (hit & 1)) && !strcmp(name, disp->data)) {
        *id = hit >> 1;
        return WS_OK;
    }
    bool is_person = kind == WS_PERSON;
    sqlite3_stmt *st = stmt(s, S_SPK_FIND);
    if (!st)
        return fail(s, sqlite3_errcode(s->db));
    bind_text(st, 1, key->data, key->len);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *id = sqlite3_column_int64(st, 0);
        bool upgrade = kind == WS_PERSON && !strcmp(col_str(st, 1), "unknown");
        is_person = is_person || !strcmp(col_str(st, 1), "person");
        sqlite3_reset(st);
        if (upgrade) {
            st = stmt(s, S_SPK_KIND);
            sqlite3_bind_int64(st, 1, *id);
            bind_str(st, 2, ws_entity_kind_name(kind));
            if ((rc = run(st)) != SQLITE_OK)
                return fail(s, rc);
        }
    } else if (rc == SQLITE_DONE) {
        if (!s->next_speaker) {
            if (!(st = stmt(s, S_SPK_MAX)))
                return fail(s, sqlite3_errcode(s->db));
            if ((rc = sqlite3_step(st)) != SQLITE_ROW)
                return fail(s, rc);
            s->next_speaker = sqlite3_column_int64(st, 0) + 1;
            sqlite3_reset(st);
        }
        st = stmt(s, S_SPK_INS);
        if (!st)
            return fail(s, sqlite3_errcode(s->db));
        sqlite3_bind_int64(st, 4, s->next_speaker);
        bind_text(st, 1, key->data, key->len);
        bind_text(st, 2, disp->data, disp->len);
        bind_str(st, 3, ws_entity_kind_name(kind));
        if ((rc = run(st)) != SQLITE_OK)
            return fail(s, rc);
        *id = s->next_speaker++;
    } else {
        return fail(s, rc);
    }
    cache_put(s, key->data, key->len, *id * 2 + is_person);
    if (strcmp(name, disp->data)) {
        /* the name as written, spaces made single ("Donald\u00a0Trump" is no alias) */
        word w[MAX_NAME_WORDS];
        size_t nw = split_words(name, strlen(name), w, MAX_NAME_WORDS);
        ws_buf alias;
        ws_buf_init(&alias);
        for (size_t i = 0; i < nw; i++) {
            if (i)
                ws_buf_addc(&alias, ' ');
            ws_buf_add(&alias, w[i].p, w[i].n);
        }
        if (alias.failed)
            return WS_ENOMEM;
        if (alias.data && strcmp(alias.data, disp->data)) {
            st = stmt(s, S_ALIAS_INS);
            sqlite3_bind_int64(st, 1, *id);
            bind_text(st, 2, alias.data, alias.len);
            rc = run(st);
        }
        ws_buf_free(&alias);
        if (rc != SQLITE_OK && rc != SQLITE_ROW && rc != SQLITE_DONE)
            return fail(s, rc);
    }
    return WS_OK;
}

/* The cluster of a quote from an article of that date and source (either NULL), created or
 * counted. */
static ws_status cluster_for(ws_store *s, const char *text, size_t n, const char *date,
                             const ws_buf *source, ws_buf *norm, int64_t *id)
{
    quote_norm(text, n, norm);
    if (norm->failed)
        return WS_ENOMEM;
    /* SQLite integers are signed: keep the hash in 63 bits */
    int64_t h = (int64_t)(fnv1a(norm->data, norm->len, 0xcbf29ce484222325ULL) >> 1);
    sqlite3_stmt *st = stmt(s, S_CLU_FIND);
    if (!st)
        return fail(s, sqlite3_errcode(s->db));
    sqlite3_bind_int64(st, 1, h);
    bind_text(st, 2, norm->data, norm->len);
    int rc = sqlite3_step(st);
    bool found = rc == SQLITE_ROW;
    if (found)
        *id = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    if (!found && rc != SQLITE_DONE)
        return fail(s, rc);
    if (!(st = stmt(s, found ? S_CLU_ADD : S_CLU_INS)))
        return fail(s, sqlite3_errcode(s->db));
    if (found) {
        sqlite3_bind_int64(st, 1, *id);
        bind_str(st, 2, date);
        bind_text(st, 3, source->data, source->len);
    } else {
        sqlite3_bind_int64(st, 1, h);
        bind_text(st, 2, norm->data, norm->len);
        bind_str(st, 3, date);
        bind_text(st, 4, source->data, source->len);
    }
    if ((rc = run(st)) != SQLITE_OK)
        return fail(s, rc);
    if (!found)
        *id = sqlite3_last_insert_rowid(s->db);
    return WS_OK;
}

static bool span_ok(ws_span sp, uint32_t len) { return sp.start != WS_NONE && sp.start <= sp.end && sp.end <= len; }

/* [[start,end],...] of the valid spans, into b (emptied first) */
static void spans_json(ws_buf *b, const ws_span *sp, uint32_t n, uint32_t len)
{
    b->len = 0;
    ws_buf_addc(b, '[');
    for (uint32_t k = 0, m = 0; k < n; k++) {
        if (!span_ok(sp[k], len))
            continue;
        ws_buf_adds(b, m++ ? ",[" : "[");
        ws_buf_addu(b, sp[k].start);
        ws_buf_addc(b, ',');
        ws_buf_addu(b, sp[k].end);
        ws_buf_addc(b, ']');
    }
    ws_buf_addc(b, ']');
}

static void bind_span(sqlite3_stmt *st, int i, ws_span sp, uint32_t len)
{
    if (span_ok(sp, len)) {
        sqlite3_bind_int64(st, i, sp.start);
        sqlite3_bind_int64(st, i + 1, sp.end);
    } else {
        sqlite3_bind_null(st, i);
        sqlite3_bind_null(st, i + 1);
    }
}

/* The host of a URL without "www.", into b; false when there is none. */
static bool url_host(const char *url, ws_buf *b)
{
    const char *p = strstr(url, "://");
    p = p ? p + 3 : url;
    if (!strncmp(p, "www.", 4))
        p += 4;
    size_t n = strcspn(p, "/:?#");
    if (!n)
        return false;
    b->len = 0;
    ws_buf_add(b, p, n);
    return !b->failed;
}

static ws_status insert_doc(ws_store *s, const ws_doc *d, const ws_meta *m, const char *id,
                            const char *hash, const char *extractor)
{
    ws_status st = WS_OK;
    int rc;
    ws_buf title, source, disp, key, norm, seg;
    ws_buf_init(&title); ws_buf_init(&source); ws_buf_init(&disp); ws_buf_init(&key);
    ws_buf_init(&norm); ws_buf_init(&seg);
    int64_t *ent_ids = NULL;

    if (m->title)
        ws_buf_adds(&title, m->title);
    else if (span_ok(d->title, d->len))
        ws_buf_add(&title, d->text + d->title.start, d->title.end - d->title.start);
    if (m->source)
        ws_buf_adds(&source, m->source);
    else if (span_ok(d->domain, d->len))
        ws_buf_add(&source, d->text + d->domain.start, d->domain.end - d->domain.start);
    else if (m->url)
        url_host(m->url, &source);
    if (title.failed || source.failed) {
        st = WS_ENOMEM;
        goto done;
    }
    sqlite3_stmt *q = stmt(s, S_INS_ART);
    if (!q) {
        st = fail(s, sqlite3_errcode(s->db));
        goto done;
    }
    bind_str(q, 1, id);
    bind_str(q, 2, m->url);
    bind_text(q, 3, title.data, title.len);
    bind_text(q, 4, source.data, source.len);
    bind_str(q, 5, m->date);
    bind_str(q, 6, hash);
    bind_str(q, 7, extractor);
    sqlite3_bind_int64(q, 8, d->nattrs);
    bind_text(q, 9, d->text, d->len);
    if ((rc = run(q)) != SQLITE_OK) {
        st = fail(s, rc);
        goto done;
    }
    int64_t art = sqlite3_last_insert_rowid(s->db);

    /* speaker ids, for the entities that are speakers of an attribution (0 for the others) */
    ent_ids = ws_calloc(d->nents ? d->nents : 1, sizeof *ent_ids);
    if (!ent_ids) {
        st = WS_ENOMEM;
        goto done;
    }
    for (uint32_t i = 0; i < d->nattrs; i++)
        if (d->attrs[i].entity >= 0 && (uint32_t)d->attrs[i].entity < d->nents)
            ent_ids[d->attrs[i].entity] = -1;
    /* the entities as one JSON list; speakers found or created for those that are speakers */
    seg.len = 0;
    ws_buf_addc(&seg, '[');
    uint64_t nmentions = 0;
    for (uint32_t i = 0; i < d->nents; i++) {
        const ws_entity *e = &d->ents[i];
        const char *name = e->name ? e->name : "";
        if (ent_ids[i] && (st = entity_speaker(s, name, e->kind, &disp, &key, &ent_ids[i])) != WS_OK)
            goto done;
        ws_buf_adds(&seg, i ? ",[" : "[");
        ws_buf_json_str(&seg, name, strlen(name));
        ws_buf_adds(&seg, ",\"");
        ws_buf_adds(&seg, ws_entity_kind_name(e->kind));
        ws_buf_adds(&seg, "\",");
        ws_buf_addu(&seg, e->nmentions);
        ws_buf_addc(&seg, ',');
        spans_json(&norm, e->mentions, e->nmentions, d->len);
        ws_buf_add(&seg, norm.data, norm.len);
        ws_buf_addc(&seg, ']');
        nmentions += e->nmentions;
    }
    ws_buf_addc(&seg, ']');
    if (seg.failed || norm.failed) {
        st = WS_ENOMEM;
        goto done;
    }
    q = stmt(s, S_INS_ENT);
    if (!q) {
        st = fail(s, sqlite3_errcode(s->db));
        goto done;
    }
    sqlite3_bind_int64(q, 1, art);
    sqlite3_bind_int64(q, 2, d->nents);
    sqlite3_bind_int64(q, 3, (sqlite3_int64)nmentions);
    bind_text(q, 4, seg.data, seg.len);
    if ((rc = run(q)) != SQLITE_OK) {
        st = fail(s, rc);
        goto done;
    }
    /* the counts of the article's speakers change: recounted by the next link (once marked in
     * this transaction, a speaker needs no second statement) */
    for (uint32_t i = 0; i < d->nents; i++) {
        if (ent_ids[i] <= 0 || id_set_has(&s->stale_marked, ent_ids[i]))
            continue;
        if (id_set_add(&s->stale_marked, ent_ids[i]) < 0) {
            st = WS_ENOMEM;
            goto done;
        }
        if (!(q = stmt(s, S_STALE_SPK))) {
            st = fail(s, sqlite3_errcode(s->db));
            goto done;
        }
        sqlite3_bind_int64(q, 1, ent_ids[i]);
        if ((rc = run(q)) != SQLITE_OK) {
            st = fail(s, rc);
            goto done;
        }
    }
    for (uint32_t i = 0; i < d->nattrs; i++) {
        const ws_attribution *a = &d->attrs[i];
        if (!span_ok(a->content, d->len))
            continue;
        const char *text = d->text + a->content.start;
        size_t tn = a->content.end - a->content.start;
        int64_t clu = 0;
        if ((st = cluster_for(s, text, tn, m->date, &source, &norm, &clu)) != WS_OK)
            goto done;
        seg.len = 0;
        if (a->nsegments > 1 && a->segments) {
            spans_json(&seg, a->segments, a->nsegments, UINT32_MAX);
            if (seg.failed) {
                st = WS_ENOMEM;
                goto done;
            }
        }
        q = stmt(s, S_INS_ATTR);
        sqlite3_bind_int64(q, 1, art);
        sqlite3_bind_int(q, 2, (int)a->kind);
        sqlite3_bind_int(q, 3, (int)a->cls);
        sqlite3_bind_int64(q, 4, a->content.start);
        sqlite3_bind_int64(q, 5, a->content.end);
        bind_span(q, 6, a->cue, d->len);
        bind_span(q, 8, a->source, d->len);
        if (a->entity >= 0 && (uint32_t)a->entity < d->nents) {
            sqlite3_bind_int64(q, 10, a->entity);
            sqlite3_bind_int64(q, 16, ent_ids[a->entity]);
        }
        sqlite3_bind_double(q, 11, (double)a->confidence);
        bind_text(q, 12, text, tn);
        if (span_ok(a->cue, d->len))
            bind_text(q, 13, d->text + a->cue.start, a->cue.end - a->cue.start);
        sqlite3_bind_int64(q, 14, clu);
        if (seg.len)
            bind_text(q, 15, seg.data, seg.len);
        if ((rc = run(q)) != SQLITE_OK) {
            st = fail(s, rc);
            goto done;
        }
        int64_t aid = sqlite3_last_insert_rowid(s->db);
        q = stmt(s, S_INS_FTS);
        sqlite3_bind_int64(q, 1, aid);
        bind_text(q, 2, text, tn);
        bind_text(q, 3, title.data ? title.data : "", title.len);
        if ((rc = run(q)) != SQLITE_OK) {
            st = fail(s, rc);
            goto done;
        }
    }
done:
    ws_free(ent_ids);
    ws_buf_free(&title); ws_buf_free(&source); ws_buf_free(&disp); ws_buf_free(&key);
    ws_buf_free(&norm); ws_buf_free(&seg);
    return st;
}

ws_status ws_store_add(ws_store *s, const ws_doc *d, const ws_meta *meta)
{
    if (!s || !d)
        return WS_EINVAL;
    if (!s->writable)
        return fail_msg(s, WS_EINVAL, "store opened read-only");
    ws_meta m = meta ? *meta : (ws_meta){0};
    char hash[33];
    content_hash(d->text, d->len, hash);
    const char *id = m.id && *m.id ? m.id : m.url && *m.url ? m.url : hash;
    char extractor[64];
    snprintf(extractor, sizeof extractor, "%s%s", WS_VERSION,
             d->pipe && ws_pipeline_has_taggers(d->pipe) ? "+taggers" : "");

    /* No SAVEPOINT per article inside a batch: every savepoint makes FTS5 flush its pending
     * terms into a new segment, which cost a quarter of the indexing time. */
    int rc = SQLITE_OK;
    if (!s->in_batch) {
        cache_clear(s);
        rc = exec(s, "BEGIN IMMEDIATE");
    }
    if (rc != SQLITE_OK)
        return fail(s, rc);
    ws_status st = WS_OK;
    sqlite3_stmt *q = stmt(s, S_FIND_ART);
    if (!q) {
        st = fail(s, sqlite3_errcode(s->db));
        goto out;
    }
    bind_str(q, 1, id);
    bind_str(q, 2, m.url);
    bind_str(q, 3, hash);
    int64_t old[8];
    size_t nold = 0;
    bool same = false;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        if (!strcmp(col_str(q, 1), id) && !strcmp(col_str(q, 2), hash) &&
            !strcmp(col_str(q, 3), extractor) && sqlite3_column_int64(q, 4) == d->nattrs)
            same = true;
        if (nold < sizeof old / sizeof old[0])
            old[nold++] = sqlite3_column_int64(q, 0);
    }
    sqlite3_reset(q);
    if (rc != SQLITE_DONE) {
        st = fail(s, rc);
        goto out;
    }
    if (same && nold == 1) {
        s->counts.unchanged++;
        goto out;
    }
    for (size_t i = 0; i < nold && st == WS_OK; i++)
        st = delete_article(s, old[i]);
    if (st == WS_OK)
        st = insert_doc(s, d, &m, id, hash, extractor);
    if (st == WS_OK) {
        if (nold)
            s->counts.replaced++;
        else
            s->counts.added++;
    }
out:
    if (st == WS_OK && !s->in_batch && (rc = exec(s, "COMMIT")) != SQLITE_OK)
        st = fail(s, rc);
    if (st != WS_OK) {
        exec(s, "ROLLBACK"); /* in a batch: the whole batch */
        s->in_batch = false;
        cache_clear(s); /* it may hold speakers the rollback removed */
    }
    return st;
}

/* ---- link: corpus speakers and substring clusters ---- */

typedef struct {
    char *surname;
    int64_t id;
    int64_t weight; /* entities */
} surname_ent;

static int cmp_surname(const void *a, const void *b)
{
    const surname_ent *x = a, *y = b;
    int c = strcmp(x->surname, y->surname);
    return c ? c : (x->weight < y->weight) - (x->weight > y->weight);
}

/* The surname word of a key name ("p|donald trump jr" -> "trump"), as a new string. */
static char *key_surname(const char *key)
{
    const char *name = strchr(key, '|');
    name = name ? name + 1 : key;
    word w[MAX_NAME_WORDS];
    size_t nw = split_words(name, strlen(name), w, MAX_NAME_WORDS);
    while (nw > 1 && in_table(w[nw - 1], suffixes, sizeof suffixes / sizeof suffixes[0]))
        nw--;
    if (nw < 2)
        return NULL;
    return ws_strndup(w[nw - 1].p, w[nw - 1].n);
}

static ws_status link_speakers(ws_store *s)
{
    ws_status st = WS_OK;
    ws_vec full;
    ws_vec_init(&full, sizeof(surname_ent));
    surname_ent *fe = NULL;
    sqlite3_stmt *q = NULL, *upd = NULL, *ali = NULL, *stale = NULL;
    /* 1. full-name persons by surname, most quoted first */
    int rc = sqlite3_prepare_v2(s->db,
        "SELECT sp.id, sp.key, (SELECT count(*) FROM attributions a WHERE a.speaker = sp.id)"
        " FROM speakers sp WHERE sp.kind = 'person' AND sp.key LIKE 'p|% %'", -1, &q, NULL);
    while (rc == SQLITE_OK || rc == SQLITE_ROW) {
        if ((rc = sqlite3_step(q)) != SQLITE_ROW)
            break;
        char *sur = key_surname(col_str(q, 1));
        if (!sur)
            continue;
        surname_ent *e = ws_vec_push(&full);
        if (!e) {
            ws_free(sur);
            st = WS_ENOMEM;
            goto out;
        }
        *e = (surname_ent){sur, sqlite3_column_int64(q, 0), sqlite3_column_int64(q, 2)};
    }
    if (rc != SQLITE_DONE) {
        st = fail(s, rc);
        goto out;
    }
    sqlite3_finalize(q);
    q = NULL;
    fe = full.data;
    if (full.len)
        qsort(fe, full.len, sizeof *fe, cmp_surname);

    /* 2. every single-word person-like speaker: into the unique (or dominant) full name with
     *    that surname, else itself */
    rc = sqlite3_prepare_v2(s->db, "SELECT id, key, name, canon FROM speakers"
                            " WHERE key LIKE 'p|%' AND key NOT LIKE '% %'", -1, &q, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(s->db, "UPDATE speakers SET canon = ?1 WHERE id = ?2", -1, &upd, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(s->db, "INSERT OR IGNORE INTO aliases(speaker_id, alias)"
                                " VALUES(?1, ?2)", -1, &ali, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(s->db, "INSERT OR IGNORE INTO stale_speakers VALUES(?1)", -1, &stale,
                                NULL);
    while (rc == SQLITE_OK || rc == SQLITE_ROW) {
        if ((rc = sqlite3_step(q)) != SQLITE_ROW)
            break;
        int64_t id = sqlite3_column_int64(q, 0), target = id;
        const char *sur = col_str(q, 1) + 2;
        size_t lo = 0, hi = full.len; /* the first entry with this surname */
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (strcmp(fe[mid].surname, sur) < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo < full.len && !strcmp(fe[lo].surname, sur)) {
            int64_t total = 0;
            size_t n = 0;
            for (size_t i = lo; i < full.len && !strcmp(fe[i].surname, sur); i++, n++)
                total += fe[i].weight;
            if (n == 1 || (fe[lo].weight >= DOMINANT_MIN &&
                           (double)fe[lo].weight >= DOMINANT_SHARE * (double)total))
                target = fe[lo].id;
        }
        if (target != id) {
            sqlite3_bind_int64(ali, 1, target);
            bind_str(ali, 2, col_str(q, 2));
            if ((rc = run(ali)) != SQLITE_OK)
                break;
        }
        if (sqlite3_column_int64(q, 3) != target) {
            sqlite3_bind_int64(upd, 1, target);
            sqlite3_bind_int64(upd, 2, id);
            if ((rc = run(upd)) != SQLITE_OK)
                break;
            /* the speaker's quotes leave one canonical speaker for another */
            for (int k = 0; k < 2; k++) {
                sqlite3_bind_int64(stale, 1, k ? target : sqlite3_column_int64(q, 3));
                if ((rc = run(stale)) != SQLITE_OK)
                    break;
            }
            if (rc != SQLITE_OK)
                break;
        }
        rc = SQLITE_OK;
    }
    if (rc != SQLITE_DONE)
        st = fail(s, rc);
out:
    sqlite3_finalize(q);
    sqlite3_finalize(upd);
    sqlite3_finalize(ali);
    sqlite3_finalize(stale);
    for (size_t i = 0; i < full.len; i++)
        ws_free(WS_VEC_AT(&full, surname_ent, i).surname);
    ws_vec_free(&full);
    return st;
}

typedef struct {
    int64_t canon, id; /* a speaker's cluster */
    char *norm;
    size_t len, words;
    bool dead;
} clu_ent;

static int cmp_clu(const void *a, const void *b)
{
    const clu_ent *x = a, *y = b;
    if (x->canon != y->canon)
        return x->canon < y->canon ? -1 : 1;
    return (x->id > y->id) - (x->id < y->id);
}

static const char *find_bytes(const char *h, size_t hn, const char *n, size_t nn)
{
    for (const char *p = h; (size_t)(h + hn - p) >= nn; p++) {
        p = memchr(p, n[0], (size_t)(h + hn - p) - nn + 1);
        if (!p)
            return NULL;
        if (!memcmp(p, n, nn))
            return p;
    }
    return NULL;
}

/* True when needle occurs in hay as whole words (both are normal forms: words split by one space). */
static bool contains_words(const char *hay, size_t hn, const char *needle, size_t nn)
{
    if (!nn || nn >= hn)
        return false;
    for (const char *p = hay; (size_t)(hay + hn - p) >= nn;) {
        const char *f = find_bytes(p, (size_t)(hay + hn - p), needle, nn);
        if (!f)
            return false;
        bool left = f == hay || f[-1] == ' ';
        bool right = f + nn == hay + hn || f[nn] == ' ';
        if (left && right)
            return true;
        p = f + 1;
    }
    return false;
}

static size_t count_words(const char *s, size_t n)
{
    size_t w = n ? 1 : 0;
    for (size_t i = 0; i < n; i++)
        w += s[i] == ' ';
    return w;
}

/* A quote of MIN_SUBSTRING_WORDS words or more inside another begins with a run of that many
 * words of the other: the speaker's clusters are indexed by the hashes of all such runs
 * ("grams"), so that only clusters sharing one are compared (comparing every pair took minutes
 * for a speaker with 10,000 quotes). */
typedef struct {
    uint64_t h;
    uint32_t clu;  /* index in the speaker's clusters */
    bool first;    /* the cluster's first run */
} gram;

/* Sorts grams by hash, keeping the order of equal hashes (they were added in cluster order, which
 * the candidates rely on): insertion sort for a few, else a byte-wise LSD radix sort, which is
 * stable (qsort with a comparison callback was a quarter of ws_store_link). tmp holds n grams. */
static void sort_grams(gram *g, gram *tmp, size_t n)
{
    if (n <= 32) {
        for (size_t x = 1; x < n; x++) {
            gram t = g[x];
            size_t y = x;
            for (; y > 0 && g[y - 1].h > t.h; y--)
                g[y] = g[y - 1];
            g[y] = t;
        }
        return;
    }
    gram *src = g, *dst = tmp;
    for (unsigned shift = 0; shift < 64; shift += 8) {
        size_t count[257] = {0};
        for (size_t i = 0; i < n; i++)
            count[((src[i].h >> shift) & 0xFF) + 1]++;
        if (count[((src[0].h >> shift) & 0xFF) + 1] == n)
            continue; /* every key has this byte: the pass would not move anything */
        for (unsigned b = 0; b < 256; b++)
            count[b + 1] += count[b];
        for (size_t i = 0; i < n; i++)
            dst[count[(src[i].h >> shift) & 0xFF]++] = src[i];
        gram *t = src;
        src = dst;
        dst = t;
    }
    if (src != g)
        memcpy(g, src, n * sizeof *g);
}

/* Calls fn(h, k) for the hash of every run of MIN_SUBSTRING_WORDS words of a normal form, k = the
 * run's first word; stops early when fn returns false. Each word is hashed once; a run's hash
 * combines its words' hashes in order. */
static bool each_gram(const char *s, size_t n, bool (*fn)(uint64_t h, size_t k, void *ctx), void *ctx)
{
    uint64_t ring[MIN_SUBSTRING_WORDS]; /* the hashes of the last words */
    size_t nw = 0;
    uint64_t wh = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i <= n; i++) {
        if (i < n && s[i] != ' ') {
            wh = (wh ^ (unsigned char)s[i]) * 0x100000001b3ULL;
            continue;
        }
        ring[nw++ % MIN_SUBSTRING_WORDS] = wh;
        wh = 0xcbf29ce484222325ULL;
        if (nw < MIN_SUBSTRING_WORDS)
            continue;
        uint64_t h = 0;
        for (size_t k = nw - MIN_SUBSTRING_WORDS; k < nw; k++)
            h = (h ^ ring[k % MIN_SUBSTRING_WORDS]) * 0x9E3779B97F4A7C15ULL + 0x632BE59BD9B4E019ULL;
        if (!fn(h, nw - MIN_SUBSTRING_WORDS, ctx))
            return false;
    }
    return true;
}

typedef struct {
    ws_vec *grams;
    uint32_t clu;
} gram_add_ctx;

static bool gram_add(uint64_t h, size_t k, void *vctx)
{
    gram_add_ctx *c = vctx;
    gram *g = ws_vec_push(c->grams);
    if (!g)
        return false;
    *g = (gram){h, c->clu, k == 0};
    return true;
}

/* The first entry with hash h in the sorted grams. */
static size_t gram_find(const gram *g, size_t n, uint64_t h)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (g[mid].h < h)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

typedef struct {
    const gram *g;
    size_t ng;
    ws_vec *cand; /* uint32_t cluster indexes */
    bool any;     /* clusters with this run anywhere (else: as their first run) */
} gram_find_ctx;

static bool gram_cands(uint64_t h, size_t k, void *vctx)
{
    gram_find_ctx *c = vctx;
    if (c->any && k > 0)
        return false; /* only the needle's first run */
    for (size_t i = gram_find(c->g, c->ng, h); i < c->ng && c->g[i].h == h; i++) {
        if (!c->any && !c->g[i].first)
            continue;
        uint32_t *p = ws_vec_push(c->cand);
        if (!p)
            return false;
        *p = c->g[i].clu;
    }
    return true;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* Moves the occurrences of cluster `from` into `to` (mv), deletes `from` (del) and marks `to`
 * stale (stale). */
static ws_status merge_cluster(ws_store *s, sqlite3_stmt *const sts[3], int64_t from, int64_t to)
{
    int64_t args[3][2] = {{to, from}, {from, 0}, {to, 0}};
    for (int i = 0; i < 3; i++) {
        sqlite3_bind_int64(sts[i], 1, args[i][0]);
        if (i == 0)
            sqlite3_bind_int64(sts[i], 2, args[i][1]);
        int rc = run(sts[i]);
        if (rc != SQLITE_OK)
            return fail(s, rc);
    }
    return WS_OK;
}

/* Appends the rows (canon, id, norm) of st to v; canon < 0: column 0 is the canon, else st's
 * columns are (id, norm) and all rows are of canon. */
static ws_status read_clusters(ws_store *s, sqlite3_stmt *st, int64_t canon, ws_vec *v)
{
    int rc;
    int k = canon < 0 ? 1 : 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        clu_ent *c = ws_vec_push(v);
        const char *n = col_str(st, k + 1);
        size_t len = (size_t)sqlite3_column_bytes(st, k + 1);
        if (!c || !(c->norm = ws_strndup(n ? n : "", len))) {
            sqlite3_reset(st);
            return WS_ENOMEM;
        }
        c->canon = canon < 0 ? sqlite3_column_int64(st, 0) : canon;
        c->id = sqlite3_column_int64(st, k);
        c->len = len;
        c->words = count_words(c->norm, len);
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? WS_OK : fail(s, rc);
}

/* Clusters created since the last link are compared with every cluster of the same speaker, or,
 * for a speaker with more than link_window quotes at the last link, with the clusters of their
 * newest link_window quotes: reading all the clusters of the speakers a batch touches took
 * seconds at every link of a store of a million quotes, whose big speakers recur every day. */
static ws_status link_clusters(ws_store *s, int64_t mark)
{
    ws_status st = WS_OK;
    sqlite3_stmt *cl = NULL, *mv = NULL, *del = NULL, *stale = NULL;
    ws_vec v, grams, cand;
    ws_vec_init(&v, sizeof(clu_ent));
    ws_vec_init(&grams, sizeof(gram));
    ws_vec_init(&cand, sizeof(uint32_t));
    id_set gone = {0}; /* clusters merged into others */
    gram *gtmp = NULL; /* scratch of sort_grams */
    size_t gtmp_cap = 0;
    /* the clusters of every speaker with a new cluster, in one query, read in full before any
     * merge changes what it would see (one query per speaker cost more than the comparisons);
     * sorted by speaker and cluster here (in SQL the sort would carry the texts) */
    sqlite3_stmt *bigs = NULL, *win = NULL;
    ws_vec canons;
    ws_vec_init(&canons, sizeof(int64_t));
    int rc = sqlite3_prepare_v2(s->db,
        "SELECT sp.canon, c.id, c.norm FROM attributions a JOIN speakers sp ON sp.id = a.speaker"
        " JOIN clusters c ON c.id = a.cluster WHERE sp.canon IN (SELECT s2.canon FROM attributions"
        " a2 JOIN speakers s2 ON s2.id = a2.speaker JOIN speakers k ON k.id = s2.canon"
        " WHERE a2.cluster > ?1 AND k.nquotes <= ?2) ORDER BY sp.canon", -1, &cl, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(s->db,
            "SELECT DISTINCT s2.canon FROM attributions a2 JOIN speakers s2 ON s2.id = a2.speaker"
            " JOIN speakers k ON k.id = s2.canon WHERE a2.cluster > ?1 AND k.nquotes > ?2",
            -1, &bigs, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(s->db,
            "SELECT c.id, c.norm FROM (SELECT a.id AS aid FROM attributions a WHERE a.speaker"
            " IN (SELECT id FROM speakers WHERE canon = ?1) ORDER BY a.id DESC LIMIT ?2) w"
            " JOIN attributions a ON a.id = w.aid JOIN clusters c ON c.id = a.cluster",
            -1, &win, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(s->db, "UPDATE attributions SET cluster = ?1 WHERE cluster = ?2",
                                -1, &mv, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(s->db, "DELETE FROM clusters WHERE id = ?1", -1, &del, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(s->db, "UPDATE clusters SET n = 0 WHERE id = ?1", -1, &stale, NULL);
    if (rc != SQLITE_OK) {
        st = fail(s, rc);
        goto out;
    }
    sqlite3_bind_int64(cl, 1, mark);
    sqlite3_bind_int64(cl, 2, s->link_window);
    if ((st = read_clusters(s, cl, -1, &v)) != WS_OK)
        goto out;
    sqlite3_bind_int64(bigs, 1, mark);
    sqlite3_bind_int64(bigs, 2, s->link_window);
    while ((rc = sqlite3_step(bigs)) == SQLITE_ROW) {
        int64_t *c = ws_vec_push(&canons);
        if (!c) {
            st = WS_ENOMEM;
            goto out;
        }
        *c = sqlite3_column_int64(bigs, 0);
    }
    if (rc != SQLITE_DONE) {
        st = fail(s, rc);
        goto out;
    }
    for (size_t i = 0; i < canons.len; i++) {
        sqlite3_bind_int64(win, 1, WS_VEC_AT(&canons, int64_t, i));
        sqlite3_bind_int64(win, 2, s->link_window);
        if ((st = read_clusters(s, win, WS_VEC_AT(&canons, int64_t, i), &v)) != WS_OK)
            goto out;
    }
    if (v.len)
        qsort(v.data, v.len, sizeof(clu_ent), cmp_clu);
    size_t nv = 0; /* drop repeats: a cluster of several attributions of the speaker */
    for (size_t i = 0; i < v.len; i++) {
        clu_ent *c = &WS_VEC_AT(&v, clu_ent, i);
        if (nv && WS_VEC_AT(&v, clu_ent, nv - 1).canon == c->canon &&
            WS_VEC_AT(&v, clu_ent, nv - 1).id == c->id)
            ws_free(c->norm);
        else
            WS_VEC_AT(&v, clu_ent, nv++) = *c;
    }
    v.len = nv;
    for (size_t g0 = 0, g1; g0 < v.len && st == WS_OK; g0 = g1) {
        clu_ent *c = &WS_VEC_AT(&v, clu_ent, g0);
        for (g1 = g0 + 1; g1 < v.len && WS_VEC_AT(&v, clu_ent, g1).canon == c->canon; g1++)
            ;
        size_t nc = g1 - g0; /* this speaker's clusters: c[0 .. nc) */
        if (nc < 2)
            continue;
        for (size_t i = 0; i < nc; i++) /* merged away in another speaker's turn */
            c[i].dead = id_set_has(&gone, c[i].id);
        grams.len = 0;
        for (size_t i = 0; i < nc && st == WS_OK; i++)
            if (c[i].words >= MIN_SUBSTRING_WORDS &&
                !each_gram(c[i].norm, c[i].len, gram_add, &(gram_add_ctx){&grams, (uint32_t)i}))
                st = WS_ENOMEM;
        if (grams.len > 32 && grams.len > gtmp_cap) {
            ws_free(gtmp);
            gtmp_cap = grams.len;
            if (!(gtmp = ws_malloc(gtmp_cap * sizeof(gram)))) {
                gtmp_cap = 0;
                st = WS_ENOMEM;
                break;
            }
        }
        sort_grams(grams.data, gtmp, grams.len);
        for (size_t i = 0; i < nc && st == WS_OK; i++) {
            if (c[i].id <= mark || c[i].dead)
                continue;
            /* candidates, in cluster order: those holding i's first run (i inside them) and those
             * whose first run is in i (they inside i); no other pair can merge */
            cand.len = 0;
            gram_find_ctx fc = {grams.data, grams.len, &cand, true};
            each_gram(c[i].norm, c[i].len, gram_cands, &fc);
            fc.any = false;
            if (!each_gram(c[i].norm, c[i].len, gram_cands, &fc) || cand.failed) {
                st = WS_ENOMEM;
                break;
            }
            uint32_t *cj = cand.data;
            if (cand.len > 16) {
                qsort(cj, cand.len, sizeof *cj, cmp_u32);
            } else { /* usually a handful: insertion sort, no call per comparison */
                for (size_t x = 1; x < cand.len; x++) {
                    uint32_t t = cj[x];
                    size_t y = x;
                    for (; y > 0 && cj[y - 1] > t; y--)
                        cj[y] = cj[y - 1];
                    cj[y] = t;
                }
            }
            for (size_t x = 0; x < cand.len && st == WS_OK && !c[i].dead; x++) {
                size_t j = cj[x];
                if (i == j || c[j].dead || (x && cj[x - 1] == j))
                    continue;
                if (c[i].words >= MIN_SUBSTRING_WORDS &&
                    contains_words(c[j].norm, c[j].len, c[i].norm, c[i].len)) {
                    st = merge_cluster(s, (sqlite3_stmt *[3]){mv, del, stale}, c[i].id, c[j].id);
                    c[i].dead = true;
                    if (st == WS_OK && id_set_add(&gone, c[i].id) < 0)
                        st = WS_ENOMEM;
                } else if (c[j].words >= MIN_SUBSTRING_WORDS &&
                           contains_words(c[i].norm, c[i].len, c[j].norm, c[j].len)) {
                    st = merge_cluster(s, (sqlite3_stmt *[3]){mv, del, stale}, c[j].id, c[i].id);
                    c[j].dead = true;
                    if (st == WS_OK && id_set_add(&gone, c[j].id) < 0)
                        st = WS_ENOMEM;
                }
            }
        }
    }
out:
    for (size_t i = 0; i < v.len; i++)
        ws_free(WS_VEC_AT(&v, clu_ent, i).norm);
    ws_vec_free(&v);
    ws_vec_free(&grams);
    ws_vec_free(&cand);
    ws_free(gone.slot);
    ws_free(gtmp);
    sqlite3_finalize(cl);
    sqlite3_finalize(mv);
    sqlite3_finalize(del);
    sqlite3_finalize(stale);
    sqlite3_finalize(bigs);
    sqlite3_finalize(win);
    ws_vec_free(&canons);
    return st;
}

void ws_store_set_link_window(ws_store *s, uint32_t quotes) { s->link_window = quotes; }

ws_status ws_store_link(ws_store *s)
{
    if (!s->writable)
        return fail_msg(s, WS_EINVAL, "store opened read-only");
    bool own = !s->in_batch;
    int rc;
    cache_clear(s);
    if (own && (rc = exec(s, "BEGIN IMMEDIATE")) != SQLITE_OK)
        return fail(s, rc);
    int mark = 0;
    ws_status st = WS_OK;
    if ((rc = pragma_int(s, "SELECT value FROM meta WHERE key = 'linked_cluster'", &mark)) != SQLITE_OK)
        st = fail(s, rc);
    static const char *const tidy[] = {
        /* speakers no attribution refers to any more (their articles were replaced) */
        "DELETE FROM speakers WHERE NOT EXISTS (SELECT 1 FROM attributions a WHERE a.speaker = speakers.id)",
        "DELETE FROM aliases WHERE NOT EXISTS (SELECT 1 FROM speakers sp WHERE sp.id = aliases.speaker_id)",
    };
    for (size_t i = 0; st == WS_OK && i < sizeof tidy / sizeof tidy[0]; i++)
        if ((rc = exec(s, tidy[i])) != SQLITE_OK)
            st = fail(s, rc);
    if (st == WS_OK) /* merges are recomputed: a new full name can make a surname ambiguous */
        st = link_speakers(s);
    /* an alias equal to its speaker's name says nothing */
    if (st == WS_OK && (rc = exec(s, "DELETE FROM aliases WHERE alias = (SELECT name FROM speakers"
                                     " sp WHERE sp.id = aliases.speaker_id)")) != SQLITE_OK)
        st = fail(s, rc);
    if (st == WS_OK)
        st = link_clusters(s, mark);
    static const char *const finish[] = {
        /* the stale speakers only: a canonical one counts the quotes and articles of every
         * speaker merged into it, one merged away counts none */
        "UPDATE speakers SET (nquotes, narticles) = (SELECT count(*), count(DISTINCT a.article)"
        " FROM speakers s2 JOIN attributions a ON a.speaker = s2.id WHERE s2.canon = speakers.id)"
        " WHERE id IN (SELECT id FROM stale_speakers)",
        "DELETE FROM stale_speakers",
        /* the stale clusters only (index clusters_stale; an UPDATE ... FROM an aggregate
         * scanned every attribution of the store) */
        "UPDATE clusters SET (n, first_date, sources) = (SELECT count(*), min(ar.date),"
        " group_concat(DISTINCT ar.source) FROM attributions a JOIN articles ar ON ar.rowid ="
        " a.article WHERE a.cluster = clusters.id) WHERE n = 0",
        ("UPDATE meta SET value = (SELECT coalesce(max(id), 0) FROM clusters)"
         " WHERE key = 'linked_cluster'"),
    };
    for (size_t i = 0; st == WS_OK && i < sizeof finish / sizeof finish[0]; i++)
        if ((rc = exec(s, finish[i])) != SQLITE_OK)
            st = fail(s, rc);
    if (own) {
        if (st == WS_OK && (rc = exec(s, "COMMIT")) != SQLITE_OK)
            st = fail(s, rc);
        if (st != WS_OK)
            exec(s, "ROLLBACK");
    }
    return st;
}

/* ---- queries ---- */

/* Speaker ids for a name as a JSON array text ("[3,17]") in out; "[]" when none. */
static ws_status speaker_ids(ws_store *s, const char *name, ws_buf *out)
{
    ws_buf disp, key;
    ws_buf_init(&disp);
    ws_buf_init(&key);
    name_forms(name, WS_PERSON, &disp, &key); /* "President Putin" asks for "Putin" */
    ws_status st = disp.failed ? WS_ENOMEM : WS_OK;
    ws_buf_adds(out, "[");
    size_t n = 0;
    const char *names[2] = {name, disp.data};
    for (int pass = 0; pass < 2 && st == WS_OK && !n; pass++) {
        for (int k = 0; k < 2 && st == WS_OK; k++) {
            if (k == 1 && !strcmp(names[0], names[1]))
                break;
            sqlite3_stmt *q = stmt(s, pass == 0 ? S_SPK_BY_NAME : S_SPK_BY_SURNAME);
            if (!q) {
                st = fail(s, sqlite3_errcode(s->db));
                break;
            }
            bind_str(q, 1, names[k]);
            int rc;
            while ((rc = sqlite3_step(q)) == SQLITE_ROW)
                ws_buf_printf(out, "%s%lld", n++ ? "," : "", (long long)sqlite3_column_int64(q, 0));
            sqlite3_reset(q);
            if (rc != SQLITE_DONE)
                st = fail(s, rc);
        }
    }
    ws_buf_addc(out, ']');
    ws_buf_free(&disp);
    ws_buf_free(&key);
    if (st == WS_OK && out->failed)
        st = WS_ENOMEM;
    return st;
}

/* The speakers a query asks for (q->speaker_id, else q->speaker by name) as a JSON array in ids;
 * *by_speaker: whether it asks for any. */
static ws_status query_speakers(ws_store *s, const ws_query *q, ws_buf *ids, bool *by_speaker)
{
    *by_speaker = q->speaker_id > 0 || q->speaker;
    if (q->speaker_id > 0)
        ws_buf_printf(ids, "[%lld]", (long long)q->speaker_id);
    else if (q->speaker)
        return speaker_ids(s, q->speaker, ids);
    return WS_OK;
}

/* Columns 0..14 of every quote query, in this order. */
/* The canonical speaker of an attribution is sp. */
#define SPEAKER_JOIN " LEFT JOIN speakers s0 ON s0.id = a.speaker LEFT JOIN speakers sp ON sp.id = s0.canon"
#define QUOTE_COLS                                                                                  \
    "a.id, a.cluster, a.content, a.kind, a.cls, a.cue, sp.id, sp.name, ar.id, ar.title,"          \
    " ar.url, ar.source, ar.date, a.cstart, a.cend"

/* ---- snippets: the query's words marked with [ ] in the quote, computed here rather than
 * with FTS5's snippet(), which would run the query again for every row ---- */

#define SNIPPET_WORDS 40 /* longer quotes are cut around the first match */
#define MAX_TERMS 32

typedef struct {
    char text[64]; /* lower-case */
    size_t len;
    bool prefix;   /* "term*" */
} term;

/* Length of the word character at s[i] (a letter or digit, any script), 0 when it is none. */
static size_t word_char(const char *s, size_t n, size_t i)
{
    uint32_t cp;
    int l = ws_utf8_decode((const unsigned char *)s, n, i, &cp);
    return ws_cp_is_alpha(cp) || ws_cp_is_digit(cp) ? (size_t)l : 0;
}

/* End of the word starting at i (i itself when s[i] is no word character). */
static size_t word_end(const char *s, size_t n, size_t i)
{
    size_t l;
    while (i < n && (l = word_char(s, n, i)))
        i += l;
    return i;
}

/* Lower-cases s[0..n) into out (at most cap - 1 bytes); returns the length. */
static size_t lower_word(const char *s, size_t n, char *out, size_t cap)
{
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        i += (size_t)ws_utf8_decode((const unsigned char *)s, n, i, &cp);
        char enc[4];
        int l = ws_utf8_encode(ws_cp_lower(cp), enc);
        if (o + (size_t)l >= cap)
            break;
        memcpy(out + o, enc, (size_t)l);
        o += (size_t)l;
    }
    out[o] = '\0';
    return o;
}

static size_t query_terms(const char *m, term *t)
{
    size_t n = 0, len = strlen(m);
    for (size_t i = 0; i < len && n < MAX_TERMS;) {
        size_t j = word_end(m, len, i);
        if (j == i) {
            i++;
            continue;
        }
        bool op = (j - i == 2 && !memcmp(m + i, "OR", 2)) || (j - i == 3 && (!memcmp(m + i, "AND", 3) ||
                  !memcmp(m + i, "NOT", 3))) || (j - i == 4 && !memcmp(m + i, "NEAR", 4));
        if (!op && !(j < len && m[j] == ':')) { /* "title:" names a column */
            t[n].len = lower_word(m + i, j - i, t[n].text, sizeof t[n].text);
            t[n].prefix = j < len && m[j] == '*';
            n++;
        }
        i = j;
    }
    return n;
}

static void make_snippet(const char *text, const char *match, ws_buf *out)
{
    term t[MAX_TERMS];
    size_t nt = query_terms(match, t);
    size_t len = strlen(text);
    /* words: [start, end) and whether they match */
    size_t nw = 0, first = SIZE_MAX;
    for (size_t i = 0; i < len;) {
        size_t j = word_end(text, len, i);
        if (j == i) {
            i++;
            continue;
        }
        if (first == SIZE_MAX) {
            char w[64];
            size_t wl = lower_word(text + i, j - i, w, sizeof w);
            for (size_t k = 0; k < nt; k++)
                if (t[k].prefix ? wl >= t[k].len && !memcmp(w, t[k].text, t[k].len)
                                : wl == t[k].len && !memcmp(w, t[k].text, wl)) {
                    first = nw;
                    break;
                }
        }
        nw++;
        i = j;
    }
    size_t from = 0; /* first word shown */
    if (nw > SNIPPET_WORDS && first != SIZE_MAX && first > 5)
        from = first - 5 + SNIPPET_WORDS > nw ? nw - SNIPPET_WORDS : first - 5;
    size_t w = 0;
    bool open = false;
    if (from)
        ws_buf_adds(out, "…");
    for (size_t i = 0; i < len;) {
        size_t j = word_end(text, len, i);
        if (j == i) {
            if (w >= from) {
                /* a bracket stays open over spaces between two marked words */
                if (open && text[i] != ' ') {
                    ws_buf_addc(out, ']');
                    open = false;
                }
                ws_buf_addc(out, text[i] == '\n' || text[i] == '\t' ? ' ' : text[i]);
            }
            i++;
            continue;
        }
        if (w >= from + SNIPPET_WORDS) {
            if (open)
                ws_buf_addc(out, ']');
            open = false;
            ws_buf_adds(out, "…");
            break;
        }
        if (w >= from) {
            char lw[64];
            size_t wl = lower_word(text + i, j - i, lw, sizeof lw);
            bool hit = false;
            for (size_t k = 0; k < nt && !hit; k++)
                hit = t[k].prefix ? wl >= t[k].len && !memcmp(lw, t[k].text, t[k].len)
                                  : wl == t[k].len && !memcmp(lw, t[k].text, wl);
            if (hit && !open) {
                /* a space just written before the bracket moves inside nothing: keep as is */
                ws_buf_addc(out, '[');
                open = true;
            } else if (!hit && open) {
                /* close before the spaces that preceded this word */
                size_t back = 0;
                while (back < out->len && out->data[out->len - 1 - back] == ' ')
                    back++;
                out->len -= back;
                ws_buf_addc(out, ']');
                for (size_t b = 0; b < back; b++)
                    ws_buf_addc(out, ' ');
                open = false;
            }
            ws_buf_add(out, text + i, j - i);
        }
        w++;
        i = j;
    }
    if (open)
        ws_buf_addc(out, ']');
    if (!out->data)
        ws_buf_adds(out, "");
}

static const char *kind_names[] = {"direct", "mixed", "indirect"};
static const char *cls_names[] = {"speech", "belief", "other"};

/* Fills the row from a statement positioned on a QUOTE_COLS row and emits it; score is column 15
 * when has_score. Returns the callback's value, or -1 on a database error (status in *st). */
static int emit_quote(ws_store *s, sqlite3_stmt *q, const char *match, bool has_score,
                      double score, ws_quote_fn fn, void *ctx, ws_status *st)
{
    ws_quote_row r = {0};
    r.id = sqlite3_column_int64(q, 0);
    r.cluster_id = sqlite3_column_int64(q, 1);
    r.text = col_str(q, 2);
    int k = sqlite3_column_int(q, 3), c = sqlite3_column_int(q, 4);
    r.kind = k >= 0 && k < 3 ? kind_names[k] : "direct";
    r.cls = c >= 0 && c < 3 ? cls_names[c] : "other";
    r.cue = col_str(q, 5);
    r.speaker_id = sqlite3_column_int64(q, 6);
    r.speaker = col_str(q, 7);
    r.article_id = col_str(q, 8);
    r.title = col_str(q, 9);
    if (r.title && !*r.title)
        r.title = NULL;
    r.url = col_str(q, 10);
    r.source = col_str(q, 11);
    r.date = col_str(q, 12);
    r.start = (uint32_t)sqlite3_column_int64(q, 13);
    r.end = (uint32_t)sqlite3_column_int64(q, 14);
    r.score = has_score ? sqlite3_column_double(q, 15) : score;
    /* cluster figures cached by the last link, else counted now */
    sqlite3_stmt *occ = stmt(s, S_OCC);
    if (occ) {
        sqlite3_bind_int64(occ, 1, r.cluster_id);
        if (sqlite3_step(occ) != SQLITE_ROW) {
            sqlite3_reset(occ);
            occ = stmt(s, S_OCC_LIVE);
            if (occ) {
                sqlite3_bind_int64(occ, 1, r.cluster_id);
                if (sqlite3_step(occ) != SQLITE_ROW)
                    occ = NULL;
            }
        }
    }
    if (!occ) {
        *st = fail(s, sqlite3_errcode(s->db));
        return -1;
    }
    r.occurrences = (uint32_t)sqlite3_column_int64(occ, 0);
    r.first_date = col_str(occ, 1);
    r.sources = col_str(occ, 2);
    ws_buf snip;
    ws_buf_init(&snip);
    if (match && r.text) {
        make_snippet(r.text, match, &snip);
        r.snippet = snip.failed ? NULL : snip.data;
    }
    int ret = fn(&r, ctx);
    sqlite3_reset(occ);
    ws_buf_free(&snip);
    return ret;
}

/* Appends the filters shared by search and quotes; binds are numbered: 2 speaker ids, 3 source,
 * 4 since, 5 until, 6 limit, 7 offset, 8 about text. */
static void add_filters(ws_buf *sql, const ws_query *q, bool speaker)
{
    if (speaker)
        ws_buf_adds(sql, " AND a.speaker IN (SELECT id FROM speakers WHERE canon IN"
                         " (SELECT value FROM json_each(?2)))");
    if (q->source)
        ws_buf_adds(sql, " AND ar.source = ?3");
    if (q->since)
        ws_buf_adds(sql, " AND ar.date >= ?4");
    if (q->until)
        ws_buf_adds(sql, " AND ar.date <= ?5");
    if (q->about)
        ws_buf_adds(sql, " AND (instr(lower(a.content), lower(?8)) > 0 OR EXISTS (SELECT 1 FROM"
                         " article_entities ae, json_each(ae.list) e2, json_each(e2.value->'$[3]') m"
                         " WHERE ae.article = a.article AND instr(lower(e2.value->>0), lower(?8)) > 0"
                         " AND m.value->>0 >= a.cstart AND m.value->>1 <= a.cend))");
}

/* Prepares a query built with add_filters and binds its parameters: ?1 first (the match or the
 * speaker name), ?2 ids, then the filters of q. */
static int prepare_query(ws_store *s, const char *sql, const ws_query *q, const char *first,
                         const char *ids, sqlite3_stmt **out)
{
    sqlite3_stmt *st;
    int rc = dyn_prepare(s, sql, &st);
    if (rc != SQLITE_OK)
        return rc;
    if (first)
        bind_str(st, 1, first);
    if (ids)
        bind_str(st, 2, ids);
    if (q->source)
        bind_str(st, 3, q->source);
    if (q->since)
        bind_str(st, 4, q->since);
    if (q->until) /* '~' sorts after every ISO-8601 character: the whole last day is in */
        sqlite3_bind_text(st, 5, sqlite3_mprintf("%s~", q->until), -1, sqlite3_free);
    sqlite3_bind_int64(st, 6, q->limit ? q->limit : DEFAULT_LIMIT);
    sqlite3_bind_int64(st, 7, q->offset);
    if (q->about)
        bind_str(st, 8, q->about);
    *out = st;
    return SQLITE_OK;
}

static ws_status run_quotes(ws_store *s, const char *sql, const ws_query *q, const char *ids,
                            const char *match, bool has_score,
                            ws_quote_fn fn, void *ctx)
{
    sqlite3_stmt *st;
    int rc = prepare_query(s, sql, q, match, ids, &st);
    if (rc != SQLITE_OK)
        return fail(s, rc);
    ws_status status = WS_OK;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int r = emit_quote(s, st, match, has_score, 0, fn, ctx, &status);
        if (r) {
            rc = SQLITE_DONE;
            break;
        }
    }
    if (status == WS_OK && rc != SQLITE_DONE) {
        status = fail(s, rc);
        /* a malformed FTS5 query is the caller's mistake */
        if (match && (rc & 0xff) == SQLITE_ERROR)
            status = WS_EINVAL;
    }
    dyn_release(s, st);
    return status;
}

/* Search in two steps, so that only the best hits are joined and emitted: (1) the newest `window`
 * matches with their rank, in one pass over FTS5 in rowid order (ranking every match costs ~3 us
 * each: all 178,000 matches of "trump" in a 1.4M-quote store would take 0.5 s); (2) the hits in
 * rank order, each cluster's best one, until offset + limit clusters are found, joined with
 * their articles and speakers. A hit's cluster is read in step 2, only for the hits walked (a
 * few dozen), not in step 1 for every match: those 2,000 random row lookups in a large store were
 * half the time of a search. When the window holds fewer clusters than offset + limit, the next
 * (older) matches are read, the window growing x8, until it does or the matches run out.
 * With filters (speakers in the JSON array spk, source, dates), step 1 reads the matches that
 * pass them: FTS5 drives in rowid order (CROSS JOIN keeps it the outer loop) and each match is
 * tested on its attribution and article, which gives its cluster too. */
typedef struct {
    int64_t id, cluster; /* cluster 0: not read yet */
    double rank;
} hit;

static int cmp_hit(const void *a, const void *b)
{
    const hit *x = a, *y = b;
    if (x->rank != y->rank)
        return x->rank < y->rank ? -1 : 1;
    return (x->id < y->id) - (x->id > y->id); /* newer first among equals */
}

/* Step 2 over the hits read so far: sorts them and marks the best hit of each cluster, in rank
 * order, until `want` clusters (reading the clusters not known yet with `clu`); returns how many
 * clusters were found, or -1 with *st set. best[k] is the index in v of the k-th cluster's hit. */
static int64_t best_hits(ws_store *s, ws_vec *v, sqlite3_stmt *clu, uint64_t want, id_set *seen,
                         ws_vec *best, ws_status *st)
{
    if (v->len)
        qsort(v->data, v->len, sizeof(hit), cmp_hit);
    seen->len = 0;
    if (seen->cap)
        memset(seen->slot, 0, seen->cap * sizeof *seen->slot);
    best->len = 0;
    for (size_t i = 0; i < v->len && seen->len < want; i++) {
        hit *h = &WS_VEC_AT(v, hit, i);
        if (!h->cluster) {
            sqlite3_bind_int64(clu, 1, h->id);
            int rc = sqlite3_step(clu);
            h->cluster = rc == SQLITE_ROW ? sqlite3_column_int64(clu, 0) : -1;
            sqlite3_reset(clu);
            if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
                *st = fail(s, rc);
                return -1;
            }
        }
        if (h->cluster < 0)
            continue; /* no attribution row (not expected: FTS5 and the table change together) */
        int added = id_set_add(seen, h->cluster);
        size_t *b = added > 0 ? ws_vec_push(best) : NULL;
        if (added < 0 || (added > 0 && !b)) {
            *st = WS_ENOMEM;
            return -1;
        }
        if (b)
            *b = i;
    }
    return (int64_t)seen->len;
}

static ws_status search_top(ws_store *s, const ws_query *q, const char *spk, ws_quote_fn fn,
                            void *ctx)
{
    uint64_t want = (uint64_t)(q->limit ? q->limit : DEFAULT_LIMIT) + q->offset;
    /* with filters, reading a match costs more than ranking it (its attribution and article are
     * read to test it, and most fail), so the default window is smaller */
    bool filtered = spk || q->source || q->since || q->until;
    uint64_t window = q->rank_window ? q->rank_window
                                     : filtered ? WS_RANK_WINDOW / FILTERED_WINDOW_DIV : WS_RANK_WINDOW;
    sqlite3_stmt *hits = NULL, *rows = NULL, *clu = NULL;
    ws_buf ids, sql;
    ws_buf_init(&ids);
    ws_buf_init(&sql);
    ws_vec v, best;
    ws_vec_init(&v, sizeof(hit));
    ws_vec_init(&best, sizeof(size_t));
    id_set seen = {0};
    ws_status status = WS_OK;
    if (filtered) {
        ws_buf_adds(&sql, "SELECT fts.rowid, fts.rank, a.cluster FROM fts"
                          " CROSS JOIN attributions a ON a.id = fts.rowid");
        if (q->source || q->since || q->until)
            ws_buf_adds(&sql, " CROSS JOIN articles ar ON ar.rowid = a.article");
    } else {
        ws_buf_adds(&sql, "SELECT fts.rowid, fts.rank, 0 FROM fts");
    }
    ws_buf_adds(&sql, " WHERE fts MATCH ?1" RANK_MATCH " AND fts.rowid < ?10");
    add_filters(&sql, q, spk != NULL);
    ws_buf_adds(&sql, " ORDER BY fts.rowid DESC LIMIT ?9");
    int rc = sql.failed ? SQLITE_NOMEM : prepare_query(s, sql.data, q, q->match, spk, &hits);
    if (rc == SQLITE_OK)
        rc = dyn_prepare(s, "SELECT " QUOTE_COLS ", h.key FROM json_each(?1) h"
            " JOIN attributions a ON a.id = h.value JOIN articles ar ON ar.rowid = a.article"
            SPEAKER_JOIN " ORDER BY h.key", &rows);
    if (rc == SQLITE_OK)
        rc = dyn_prepare(s, "SELECT cluster FROM attributions WHERE id = ?1", &clu);
    if (rc != SQLITE_OK) {
        status = fail(s, rc);
        if (q->match && (rc & 0xff) == SQLITE_ERROR)
            status = WS_EINVAL; /* a malformed FTS5 query */
        goto out;
    }
    /* step 1: read windows of matches, newest first, until they hold `want` clusters */
    int64_t below = INT64_MAX;
    for (uint64_t read = 0;;) {
        uint64_t n = window - read; /* this window's share still to read */
        sqlite3_reset(hits);
        sqlite3_bind_int64(hits, 10, below);
        sqlite3_bind_int64(hits, 9, window >= UINT32_MAX ? -1 : (sqlite3_int64)n);
        uint64_t got = 0;
        while ((rc = sqlite3_step(hits)) == SQLITE_ROW) {
            hit *h = ws_vec_push(&v);
            if (!h) {
                status = WS_ENOMEM;
                goto out;
            }
            *h = (hit){sqlite3_column_int64(hits, 0), sqlite3_column_int64(hits, 2),
                       sqlite3_column_double(hits, 1)};
            if (h->id < below)
                below = h->id;
            got++;
        }
        if (rc != SQLITE_DONE) {
            status = fail(s, rc);
            if ((rc & 0xff) == SQLITE_ERROR)
                status = WS_EINVAL; /* a malformed FTS5 query */
            goto out;
        }
        read += got;
        /* step 2 on what has been read */
        int64_t found = best_hits(s, &v, clu, want, &seen, &best, &status);
        if (found < 0)
            goto out;
        if (window >= UINT32_MAX || got < n || (uint64_t)found >= want)
            break; /* all matches read, or enough clusters */
        window = window >= UINT32_MAX / 8 ? UINT32_MAX : window * 8;
    }
    /* the best hit of each cluster, in rank order, offset + limit of them */
    ws_buf_addc(&ids, '[');
    for (size_t k = q->offset; k < best.len; k++)
        ws_buf_printf(&ids, "%s%lld", k > q->offset ? "," : "",
                      (long long)WS_VEC_AT(&v, hit, WS_VEC_AT(&best, size_t, k)).id);
    ws_buf_addc(&ids, ']');
    if (ids.failed) {
        status = WS_ENOMEM;
        goto out;
    }
    bind_text(rows, 1, ids.data, ids.len);
    while ((rc = sqlite3_step(rows)) == SQLITE_ROW) {
        int64_t pos = sqlite3_column_int64(rows, 15) + (int64_t)q->offset;
        double rank = pos >= 0 && (size_t)pos < best.len
                          ? WS_VEC_AT(&v, hit, WS_VEC_AT(&best, size_t, pos)).rank : 0;
        if (emit_quote(s, rows, q->match, false, rank, fn, ctx, &status)) {
            rc = SQLITE_DONE;
            break;
        }
    }
    if (status == WS_OK && rc != SQLITE_DONE)
        status = fail(s, rc);
out:
    dyn_release(s, hits);
    dyn_release(s, rows);
    dyn_release(s, clu);
    ws_buf_free(&ids);
    ws_buf_free(&sql);
    ws_vec_free(&v);
    ws_vec_free(&best);
    ws_free(seen.slot);
    return status;
}

ws_status ws_store_search(ws_store *s, const ws_query *q, ws_quote_fn fn, void *ctx)
{
    if (!s || !q || !fn || !q->match)
        return WS_EINVAL;
    const char *m = q->match;
    while (*m == ' ' || *m == '\t')
        m++;
    if (!*m)
        return fail_msg(s, WS_EINVAL, "empty search");
    ws_buf ids, sql;
    ws_buf_init(&ids);
    ws_buf_init(&sql);
    bool by_speaker;
    ws_status st = query_speakers(s, q, &ids, &by_speaker);
    ws_query q2 = *q;
    q2.about = NULL;
    if (st == WS_OK && ids.failed)
        st = WS_ENOMEM;
    /* A speaker with no more quotes than the rank window: its attributions drive and all its
     * matches are ranked; with more, the newest matches are read as without a speaker. */
    uint32_t window = q->rank_window ? q->rank_window : WS_RANK_WINDOW;
    int64_t nspk = 0; /* the speakers' attributions, counted up to window + 1 */
    if (st == WS_OK && by_speaker) {
        sqlite3_stmt *c = stmt(s, S_SPK_COUNT);
        if (!c)
            st = fail(s, sqlite3_errcode(s->db));
        else {
            bind_text(c, 1, ids.data, ids.len);
            sqlite3_bind_int64(c, 2, (sqlite3_int64)window + 1);
            int rc = sqlite3_step(c);
            if (rc == SQLITE_ROW)
                nspk = sqlite3_column_int64(c, 0);
            else
                st = fail(s, rc);
            sqlite3_reset(c);
        }
    }
    if (st == WS_OK && by_speaker && nspk <= window) {
        ws_buf_adds(&sql, "SELECT " QUOTE_COLS ", min(fts.rank) AS score FROM attributions a"
                          " JOIN fts ON fts.rowid = a.id JOIN articles ar ON ar.rowid = a.article"
                          SPEAKER_JOIN " WHERE fts MATCH ?1" RANK_MATCH);
        add_filters(&sql, &q2, by_speaker);
        ws_buf_adds(&sql, " GROUP BY a.cluster ORDER BY score, a.id LIMIT ?6 OFFSET ?7");
        st = sql.failed ? WS_ENOMEM : run_quotes(s, sql.data, &q2, ids.data, q->match, true, fn, ctx);
    } else if (st == WS_OK) {
        st = search_top(s, &q2, by_speaker ? ids.data : NULL, fn, ctx);
    }
    ws_buf_free(&ids);
    ws_buf_free(&sql);
    return st;
}

ws_status ws_store_quotes(ws_store *s, const ws_query *q, ws_quote_fn fn, void *ctx)
{
    if (!s || !q || !fn)
        return WS_EINVAL;
    ws_buf ids, sql;
    ws_buf_init(&ids);
    ws_buf_init(&sql);
    bool by_speaker;
    ws_status st = query_speakers(s, q, &ids, &by_speaker);
    if (st == WS_OK && by_speaker && ids.data && !strcmp(ids.data, "[]"))
        st = fail_msg(s, WS_ENOTFOUND, "no such speaker");
    ws_buf_adds(&sql, "SELECT " QUOTE_COLS ", max(coalesce(ar.date, '')) AS d FROM attributions a"
                      " JOIN articles ar ON ar.rowid = a.article" SPEAKER_JOIN " WHERE 1");
    add_filters(&sql, q, by_speaker);
    ws_buf_adds(&sql, " GROUP BY a.cluster ORDER BY d DESC, a.id DESC LIMIT ?6 OFFSET ?7");
    if (st == WS_OK && (sql.failed || ids.failed))
        st = WS_ENOMEM;
    if (st == WS_OK)
        st = run_quotes(s, sql.data, q, by_speaker ? ids.data : NULL, NULL, false, fn, ctx);
    ws_buf_free(&ids);
    ws_buf_free(&sql);
    return st;
}

static int emit_speaker(ws_store *s, sqlite3_stmt *q, ws_speaker_fn fn, void *ctx)
{
    ws_speaker_row r = {0};
    r.id = sqlite3_column_int64(q, 0);
    r.name = col_str(q, 1);
    r.kind = col_str(q, 2);
    r.quotes = (uint32_t)sqlite3_column_int64(q, 3);
    r.articles = (uint32_t)sqlite3_column_int64(q, 4);
    sqlite3_stmt *al = stmt(s, S_ALIASES);
    if (al) {
        sqlite3_bind_int64(al, 1, r.id);
        if (sqlite3_step(al) == SQLITE_ROW)
            r.aliases = col_str(al, 0);
    }
    int ret = fn(&r, ctx);
    if (al)
        sqlite3_reset(al);
    return ret;
}

static ws_status run_speakers(ws_store *s, const char *sql, const ws_query *q, const char *ids,
                              ws_speaker_fn fn, void *ctx)
{
    sqlite3_stmt *st;
    int rc = prepare_query(s, sql, q, q->speaker, ids, &st);
    if (rc != SQLITE_OK)
        return fail(s, rc);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        if (emit_speaker(s, st, fn, ctx)) {
            rc = SQLITE_DONE;
            break;
        }
    ws_status status = rc == SQLITE_DONE ? WS_OK : fail(s, rc);
    dyn_release(s, st);
    return status;
}

ws_status ws_store_speakers(ws_store *s, const ws_query *q, ws_speaker_fn fn, void *ctx)
{
    if (!s || !q || !fn)
        return WS_EINVAL;
    ws_buf sql;
    ws_buf_init(&sql);
    if (!q->source && !q->since && !q->until) {
        /* counts cached by ws_store_link */
        ws_buf_adds(&sql, "SELECT id, name, kind, nquotes, narticles FROM speakers WHERE nquotes > 0");
        if (q->speaker)
            ws_buf_adds(&sql, " AND name LIKE '%' || ?1 || '%'");
        ws_buf_adds(&sql, " ORDER BY nquotes DESC, name LIMIT ?6 OFFSET ?7");
    } else {
        ws_buf_adds(&sql, "SELECT sp.id, sp.name, sp.kind, count(*) AS n, count(DISTINCT a.article)"
                          " FROM attributions a JOIN speakers s0 ON s0.id = a.speaker"
                          " JOIN speakers sp ON sp.id = s0.canon"
                          " JOIN articles ar ON ar.rowid = a.article WHERE 1");
        if (q->speaker)
            ws_buf_adds(&sql, " AND sp.name LIKE '%' || ?1 || '%'");
        add_filters(&sql, q, false);
        ws_buf_adds(&sql, " GROUP BY sp.id ORDER BY n DESC, sp.name LIMIT ?6 OFFSET ?7");
    }
    ws_status st = sql.failed ? WS_ENOMEM : run_speakers(s, sql.data, q, NULL, fn, ctx);
    ws_buf_free(&sql);
    return st;
}

ws_status ws_store_speaker(ws_store *s, const ws_query *q, ws_speaker_fn sfn, ws_quote_fn qfn,
                           void *ctx)
{
    if (!s || !q || (!q->speaker && q->speaker_id <= 0))
        return WS_EINVAL;
    int64_t id = q->speaker_id;
    if (id <= 0) {
        ws_buf ids;
        ws_buf_init(&ids);
        ws_status st = speaker_ids(s, q->speaker, &ids);
        if (st == WS_OK)
            id = strtoll(ids.data + 1, NULL, 10);
        ws_buf_free(&ids);
        if (st != WS_OK)
            return st;
    }
    if (id <= 0)
        return fail_msg(s, WS_ENOTFOUND, "no such speaker");
    ws_buf sql;
    ws_buf_init(&sql);
    ws_buf_printf(&sql, "SELECT id, name, kind, nquotes, narticles FROM speakers WHERE id ="
                  " (SELECT canon FROM speakers WHERE id = %lld)", (long long)id);
    sqlite3_stmt *st;
    int rc = sql.failed ? SQLITE_NOMEM : sqlite3_prepare_v2(s->db, sql.data, -1, &st, NULL);
    ws_buf_free(&sql);
    if (rc != SQLITE_OK)
        return fail(s, rc);
    rc = sqlite3_step(st);
    ws_status status = WS_OK;
    if (rc == SQLITE_ROW) {
        if (sfn)
            emit_speaker(s, st, sfn, ctx);
    } else {
        status = rc == SQLITE_DONE ? fail_msg(s, WS_ENOTFOUND, "no such speaker") : fail(s, rc);
    }
    sqlite3_finalize(st);
    if (status == WS_OK && qfn) {
        ws_query qq = *q;
        qq.speaker = NULL;
        qq.speaker_id = id;
        status = ws_store_quotes(s, &qq, qfn, ctx);
    }
    return status;
}

ws_status ws_store_article(ws_store *s, const char *id,
                           int (*afn)(const ws_article_row *row, void *ctx),
                           ws_quote_fn qfn, int (*efn)(const ws_entity_row *row, void *ctx),
                           void *ctx)
{
    if (!s || !id)
        return WS_EINVAL;
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(s->db,
        "SELECT rowid, id, url, title, source, date, hash, text, nattr,"
        " coalesce((SELECT n FROM article_entities e WHERE e.article = articles.rowid), 0)"
        " FROM articles WHERE id = ?1", -1, &st, NULL);
    if (rc != SQLITE_OK)
        return fail(s, rc);
    bind_str(st, 1, id);
    rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        ws_status x = rc == SQLITE_DONE ? fail_msg(s, WS_ENOTFOUND, "no such article") : fail(s, rc);
        sqlite3_finalize(st);
        return x;
    }
    int64_t art = sqlite3_column_int64(st, 0);
    if (afn) {
        ws_article_row r = {
            .id = col_str(st, 1), .url = col_str(st, 2), .title = col_str(st, 3),
            .source = col_str(st, 4), .date = col_str(st, 5), .hash = col_str(st, 6),
            .text = col_str(st, 7), .nattributions = (uint32_t)sqlite3_column_int64(st, 8),
            .nentities = (uint32_t)sqlite3_column_int64(st, 9),
        };
        afn(&r, ctx);
    }
    sqlite3_finalize(st);
    ws_status status = WS_OK;
    if (qfn) {
        rc = sqlite3_prepare_v2(s->db, "SELECT " QUOTE_COLS " FROM attributions a"
            " JOIN articles ar ON ar.rowid = a.article" SPEAKER_JOIN " WHERE a.article = ?1"
            " ORDER BY a.cstart, a.id", -1, &st, NULL);
        if (rc != SQLITE_OK)
            return fail(s, rc);
        sqlite3_bind_int64(st, 1, art);
        while ((rc = sqlite3_step(st)) == SQLITE_ROW)
            if (emit_quote(s, st, NULL, false, 0, qfn, ctx, &status)) {
                rc = SQLITE_DONE;
                break;
            }
        if (status == WS_OK && rc != SQLITE_DONE)
            status = fail(s, rc);
        sqlite3_finalize(st);
    }
    if (status == WS_OK && efn) {
        /* the speaker of an entity: the one of its key, computed as ws_store_add does */
        sqlite3_stmt *sp = NULL;
        rc = sqlite3_prepare_v2(s->db, "SELECT e.value->>0, e.value->>1, e.value->>2 FROM"
            " article_entities ae, json_each(ae.list) e WHERE ae.article = ?1 ORDER BY e.key", -1,
            &st, NULL);
        if (rc == SQLITE_OK)
            rc = sqlite3_prepare_v2(s->db, "SELECT canon FROM speakers WHERE key = ?1", -1, &sp, NULL);
        if (rc != SQLITE_OK) {
            sqlite3_finalize(st);
            return fail(s, rc);
        }
        ws_buf disp, key;
        ws_buf_init(&disp);
        ws_buf_init(&key);
        sqlite3_bind_int64(st, 1, art);
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            const char *name = col_str(st, 0), *kind = col_str(st, 1);
            name_forms(name ? name : "", entity_kind(kind), &disp, &key);
            if (disp.failed || key.failed) {
                status = WS_ENOMEM;
                break;
            }
            sqlite3_reset(sp);
            bind_text(sp, 1, key.data, key.len);
            int64_t canon = sqlite3_step(sp) == SQLITE_ROW ? sqlite3_column_int64(sp, 0) : 0;
            ws_entity_row r = {name, kind, canon, (uint32_t)sqlite3_column_int64(st, 2)};
            if (efn(&r, ctx)) {
                rc = SQLITE_DONE;
                break;
            }
        }
        if (status == WS_OK && rc != SQLITE_DONE)
            status = fail(s, rc);
        ws_buf_free(&disp);
        ws_buf_free(&key);
        sqlite3_finalize(sp);
        sqlite3_finalize(st);
    }
    return status;
}

ws_status ws_store_get_stats(ws_store *s, ws_store_stats *out)
{
    memset(out, 0, sizeof *out);
    if (!s)
        return WS_EINVAL;
    static const char *const sql =
        "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM attributions),"
        " (SELECT coalesce(sum(n), 0) FROM article_entities),"
        " (SELECT coalesce(sum(nmentions), 0) FROM article_entities),"
        " (SELECT count(*) FROM speakers WHERE canon = id), (SELECT count(*) FROM aliases),"
        " (SELECT count(*) FROM clusters), (SELECT count(DISTINCT source) FROM articles),"
        " (SELECT min(date) FROM articles), (SELECT max(date) FROM articles)";
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
    if (rc != SQLITE_OK)
        return fail(s, rc);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        uint64_t *f[] = {&out->articles, &out->attributions, &out->entities, &out->mentions,
                         &out->speakers, &out->aliases, &out->clusters, &out->sources};
        for (int i = 0; i < 8; i++)
            *f[i] = (uint64_t)sqlite3_column_int64(st, i);
        const char *d0 = col_str(st, 8), *d1 = col_str(st, 9);
        snprintf(out->first_date, sizeof out->first_date, "%s", d0 ? d0 : "");
        snprintf(out->last_date, sizeof out->last_date, "%s", d1 ? d1 : "");
        rc = SQLITE_OK;
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_OK)
        return fail(s, rc);
    int pages = 0, psize = 0;
    pragma_int(s, "PRAGMA page_count", &pages);
    pragma_int(s, "PRAGMA page_size", &psize);
    out->db_bytes = (uint64_t)pages * (uint64_t)psize;
    pragma_int(s, "PRAGMA user_version", &out->schema_version);
    return WS_OK;
}

/* ---- JSON ---- */

static void jstr(ws_buf *b, const char *s)
{
    if (s)
        ws_buf_json_str(b, s, strlen(s));
    else
        ws_buf_adds(b, "null");
}

/* ,"key":"value" for each pair of kv (value null when NULL); the first without the comma */
static void json_fields(ws_buf *b, bool first, const char *const *kv, size_t npairs)
{
    for (size_t i = 0; i < npairs; i++) {
        ws_buf_adds(b, first && !i ? "\"" : ",\"");
        ws_buf_adds(b, kv[2 * i]);
        ws_buf_adds(b, "\":");
        jstr(b, kv[2 * i + 1]);
    }
}

static void quote_json(ws_buf *b, const ws_quote_row *r)
{
    ws_buf_printf(b, "{\"id\":%lld,\"cluster_id\":%lld,\"text\":", (long long)r->id,
                  (long long)r->cluster_id);
    jstr(b, r->text);
    if (r->snippet) {
        ws_buf_adds(b, ",\"snippet\":");
        jstr(b, r->snippet);
    }
    ws_buf_printf(b, ",\"kind\":\"%s\",\"cls\":\"%s\",\"cue\":", r->kind, r->cls);
    jstr(b, r->cue);
    ws_buf_adds(b, ",\"speaker_id\":");
    if (r->speaker_id > 0)
        ws_buf_printf(b, "%lld", (long long)r->speaker_id);
    else
        ws_buf_adds(b, "null");
    const char *kv[] = {"speaker", r->speaker, "article_id", r->article_id, "title", r->title,
                        "url", r->url, "source", r->source, "date", r->date};
    json_fields(b, false, kv, sizeof kv / sizeof kv[0] / 2);
    ws_buf_printf(b, ",\"start\":%u,\"end\":%u,\"score\":%.4f,\"occurrences\":%u,\"first_date\":",
                  r->start, r->end, r->score, r->occurrences);
    jstr(b, r->first_date);
    ws_buf_adds(b, ",\"sources\":[");
    if (r->sources) {
        const char *p = r->sources;
        for (bool first = true; *p; first = false) {
            size_t n = strcspn(p, ",");
            if (!first)
                ws_buf_addc(b, ',');
            ws_buf_json_str(b, p, n);
            p += n;
            if (*p)
                p++;
        }
    }
    ws_buf_adds(b, "]}");
}

static void speaker_json(ws_buf *b, const ws_speaker_row *r)
{
    ws_buf_printf(b, "{\"id\":%lld,\"name\":", (long long)r->id);
    jstr(b, r->name);
    ws_buf_adds(b, ",\"kind\":");
    jstr(b, r->kind);
    ws_buf_printf(b, ",\"quotes\":%u,\"articles\":%u,\"aliases\":[", r->quotes, r->articles);
    if (r->aliases) {
        const char *p = r->aliases;
        for (bool first = true; *p; first = false) {
            const char *sep = strstr(p, " | ");
            size_t n = sep ? (size_t)(sep - p) : strlen(p);
            if (!first)
                ws_buf_addc(b, ',');
            ws_buf_json_str(b, p, n);
            p += n;
            if (sep)
                p += 3;
        }
    }
    ws_buf_adds(b, "]}");
}

static ws_status finish_json(ws_buf *b, char **out, size_t *outlen)
{
    if (b->failed || !b->data) {
        ws_buf_free(b);
        return WS_ENOMEM;
    }
    *out = b->data;
    if (outlen)
        *outlen = b->len;
    return WS_OK;
}

ws_status ws_quote_row_json(const ws_quote_row *row, char **out, size_t *outlen)
{
    ws_buf b;
    ws_buf_init(&b);
    quote_json(&b, row);
    return finish_json(&b, out, outlen);
}

ws_status ws_speaker_row_json(const ws_speaker_row *row, char **out, size_t *outlen)
{
    ws_buf b;
    ws_buf_init(&b);
    speaker_json(&b, row);
    return finish_json(&b, out, outlen);
}

typedef struct {
    ws_buf *b;
    size_t n;
} json_list;

static int quote_to_list(const ws_quote_row *r, void *ctx)
{
    json_list *l = ctx;
    if (l->n++)
        ws_buf_addc(l->b, ',');
    quote_json(l->b, r);
    return 0;
}

static int speaker_then_quotes(const ws_speaker_row *r, void *ctx)
{
    json_list *l = ctx;
    speaker_json(l->b, r);
    ws_buf_adds(l->b, ",\"quotes\":[");
    return 0;
}

static int article_to_json(const ws_article_row *r, void *ctx)
{
    json_list *l = ctx;
    ws_buf *b = l->b;
    ws_buf_adds(b, "\"article\":{");
    const char *kv[] = {"id", r->id, "url", r->url, "title", r->title && *r->title ? r->title : NULL,
                        "source", r->source, "date", r->date, "hash", r->hash};
    json_fields(b, true, kv, sizeof kv / sizeof kv[0] / 2);
    ws_buf_printf(b, ",\"nattributions\":%u,\"nentities\":%u,\"text\":", r->nattributions,
                  r->nentities);
    jstr(b, r->text);
    ws_buf_adds(b, "}");
    return 0;
}

static int entity_to_list(const ws_entity_row *r, void *ctx)
{
    json_list *l = ctx;
    if (l->n++)
        ws_buf_addc(l->b, ',');
    ws_buf_adds(l->b, "{\"name\":");
    jstr(l->b, r->name);
    ws_buf_adds(l->b, ",\"kind\":");
    jstr(l->b, r->kind);
    ws_buf_printf(l->b, ",\"speaker_id\":%lld,\"nmentions\":%u}", (long long)r->speaker_id,
                  r->nmentions);
    return 0;
}

static int speaker_list_item(const ws_speaker_row *r, void *ctx)
{
    json_list *l = ctx;
    if (l->n++)
        ws_buf_addc(l->b, ',');
    speaker_json(l->b, r);
    return 0;
}

ws_status ws_store_query_json(ws_store *s, ws_query_kind kind, const ws_query *q, const char *id,
                              char **out, size_t *outlen)
{
    *out = NULL;
    if (outlen)
        *outlen = 0;
    if (!s)
        return WS_EINVAL;
    ws_query none = {0};
    if (!q)
        q = &none;
    ws_buf b;
    ws_buf_init(&b);
    json_list l = {&b, 0};
    ws_status st = WS_OK;
    switch (kind) {
    case WS_Q_SEARCH:
    case WS_Q_QUOTES:
        ws_buf_adds(&b, "{\"results\":[");
        st = kind == WS_Q_SEARCH ? ws_store_search(s, q, quote_to_list, &l)
                                 : ws_store_quotes(s, q, quote_to_list, &l);
        ws_buf_adds(&b, "]}");
        break;
    case WS_Q_SPEAKERS:
        ws_buf_adds(&b, "{\"results\":[");
        st = ws_store_speakers(s, q, speaker_list_item, &l);
        ws_buf_adds(&b, "]}");
        break;
    case WS_Q_SPEAKER:
        ws_buf_adds(&b, "{\"speaker\":");
        st = ws_store_speaker(s, q, speaker_then_quotes, quote_to_list, &l);
        ws_buf_adds(&b, "]}");
        break;
    case WS_Q_ARTICLE:
        if (!id) {
            st = WS_EINVAL;
            break;
        }
        ws_buf_addc(&b, '{');
        st = ws_store_article(s, id, article_to_json, NULL, NULL, &l);
        if (st == WS_OK) {
            ws_buf_adds(&b, ",\"attributions\":[");
            l.n = 0;
            st = ws_store_article(s, id, NULL, quote_to_list, NULL, &l);
            ws_buf_adds(&b, "],\"entities\":[");
            l.n = 0;
            if (st == WS_OK)
                st = ws_store_article(s, id, NULL, NULL, entity_to_list, &l);
            ws_buf_adds(&b, "]}");
        }
        break;
    case WS_Q_STATS: {
        ws_store_stats x;
        st = ws_store_get_stats(s, &x);
        if (st == WS_OK) {
            ws_buf_printf(&b, "{\"articles\":%llu,\"attributions\":%llu,\"entities\":%llu,"
                          "\"mentions\":%llu,\"speakers\":%llu,\"aliases\":%llu,\"clusters\":%llu,"
                          "\"sources\":%llu,\"db_bytes\":%llu,\"schema_version\":%d,\"first_date\":",
                          (unsigned long long)x.articles, (unsigned long long)x.attributions,
                          (unsigned long long)x.entities, (unsigned long long)x.mentions,
                          (unsigned long long)x.speakers, (unsigned long long)x.aliases,
                          (unsigned long long)x.clusters, (unsigned long long)x.sources,
                          (unsigned long long)x.db_bytes, x.schema_version);
            jstr(&b, *x.first_date ? x.first_date : NULL);
            ws_buf_adds(&b, ",\"last_date\":");
            jstr(&b, *x.last_date ? x.last_date : NULL);
            ws_buf_addc(&b, '}');
        }
        break;
    }
    default:
        st = WS_EINVAL;
    }
    if (st != WS_OK) {
        ws_buf_free(&b);
        return st;
    }
    return finish_json(&b, out, outlen);
}
