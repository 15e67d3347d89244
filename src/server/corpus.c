/* corpus.c — the corpus endpoints (/api/search, /api/speakers, /api/speakers/{id},
 * /api/articles/{id}) over the corpus store, opened read-only. A ws_store serves one thread at a
 * time, so handles live in a small pool: a request takes one (opening it when none is free) and
 * gives it back; there are never more handles than requests running at once (the thread count).
 * Answers are cached per request target until the store's files change (cache.c). */
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "server.h"

struct srv_corpus {
    pthread_mutex_t lock;
    char *path;
    char *wal;           /* path + "-wal" */
    srv_cache *cache;    /* NULL: no caching */
    ws_store **idle;     /* handles not in use */
    size_t nidle, cap;
};

ws_status srv_corpus_open(const char *path, size_t cache_bytes, srv_corpus **out)
{
    *out = NULL;
    ws_store *s;
    ws_status st = ws_store_open(path, WS_STORE_READ, &s);
    if (st != WS_OK) {
        fprintf(stderr, "whosaid: serve: %s: %s\n", path, ws_strerror(st));
        return st;
    }
    srv_corpus *c = calloc(1, sizeof *c);
    size_t n = strlen(path);
    if (!c || !(c->path = strdup(path)) || !(c->wal = malloc(n + 5)) ||
        !(c->idle = malloc(8 * sizeof *c->idle)) ||
        (cache_bytes && !(c->cache = srv_cache_new(cache_bytes)))) {
        if (c) {
            free(c->path);
            free(c->wal);
            free(c->idle);
        }
        free(c);
        ws_store_close(s);
        return WS_ENOMEM;
    }
    memcpy(c->wal, path, n);
    memcpy(c->wal + n, "-wal", 5);
    pthread_mutex_init(&c->lock, NULL);
    c->cap = 8;
    c->idle[c->nidle++] = s;
    *out = c;
    return WS_OK;
}

void srv_corpus_close(srv_corpus *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->nidle; i++)
        ws_store_close(c->idle[i]);
    pthread_mutex_destroy(&c->lock);
    srv_cache_free(c->cache);
    free(c->idle);
    free(c->path);
    free(c->wal);
    free(c);
}

static ws_status corpus_take(srv_corpus *c, ws_store **out)
{
    *out = NULL;
    pthread_mutex_lock(&c->lock);
    if (c->nidle)
        *out = c->idle[--c->nidle];
    pthread_mutex_unlock(&c->lock);
    return *out ? WS_OK : ws_store_open(c->path, WS_STORE_READ, out);
}

static void corpus_give(srv_corpus *c, ws_store *s)
{
    pthread_mutex_lock(&c->lock);
    if (c->nidle == c->cap) {
        ws_store **n = realloc(c->idle, 2 * c->cap * sizeof *n);
        if (n) {
            c->idle = n;
            c->cap *= 2;
        }
    }
    if (c->nidle < c->cap) {
        c->idle[c->nidle++] = s;
        s = NULL;
    }
    pthread_mutex_unlock(&c->lock);
    ws_store_close(s); /* only when the pool could not grow */
}

/* The store's version as files show it: any write (to the database or its WAL) changes the
 * size or the modification time of one of them. */
static uint64_t corpus_version(const srv_corpus *c)
{
    const char *files[2] = {c->path, c->wal};
    uint64_t h = 1469598103934665603u;
    for (int i = 0; i < 2; i++) {
        struct stat st;
        uint64_t v[4] = {0, 0, 0, 0};
        if (stat(files[i], &st) == 0) {
            v[0] = (uint64_t)st.st_ino;
            v[1] = (uint64_t)st.st_size;
            v[2] = (uint64_t)st.st_mtim.tv_sec;
            v[3] = (uint64_t)st.st_mtim.tv_nsec;
        }
        for (int k = 0; k < 4; k++)
            h = (h ^ v[k]) * 1099511628211u;
    }
    return h;
}

/* ---- query parameters ---- */

/* Limits on what one request may ask for. */
enum {
    MAX_LIMIT = 100,          /* rows per page */
    MAX_OFFSET = 1000000,
    MAX_SPEAKERS = 1000,      /* /api/speakers?top= */
    TIMELINE_QUOTES = 5000,   /* a speaker's timeline counts at most this many recent quotes */
    ABOUT_QUOTES = 200,       /* "talks about" looks at this many recent quotes */
    ABOUT_TOP = 15            /* and lists this many entities */
};

/* Query strings live here for the length of one request. */
typedef struct {
    char match[1024], speaker[256], source[256], since[32], until[32], about[256];
} query_buf;

/* Reads the string parameters into qb and q; false (400 already set) when one is malformed. */
static bool read_filters(const srv_request *req, query_buf *qb, ws_query *q, srv_response *res)
{
    static const struct {
        const char *key;
        size_t off, size;
    } params[] = {
        {"q", offsetof(query_buf, match), sizeof ((query_buf *)0)->match},
        {"speaker", offsetof(query_buf, speaker), sizeof ((query_buf *)0)->speaker},
        {"source", offsetof(query_buf, source), sizeof ((query_buf *)0)->source},
        {"since", offsetof(query_buf, since), sizeof ((query_buf *)0)->since},
        {"until", offsetof(query_buf, until), sizeof ((query_buf *)0)->until},
        {"about", offsetof(query_buf, about), sizeof ((query_buf *)0)->about},
    };
    const char *vals[sizeof params / sizeof params[0]];
    for (size_t i = 0; i < sizeof params / sizeof params[0]; i++) {
        char *dst = (char *)qb + params[i].off;
        int got = srv_query_get(req->query, params[i].key, dst, params[i].size);
        if (got < 0) {
            char msg[96];
            snprintf(msg, sizeof msg, "parameter '%s' is too long or holds a NUL byte",
                     params[i].key);
            srv_error(res, 400, msg);
            return false;
        }
        vals[i] = got > 0 && dst[0] ? dst : NULL;
    }
    q->match = vals[0];
    q->speaker = vals[1];
    q->source = vals[2];
    q->since = vals[3];
    q->until = vals[4];
    q->about = vals[5];
    return true;
}

static bool read_paging(const srv_request *req, const char *limit_key, long dflt, long max,
                        ws_query *q, srv_response *res)
{
    bool ok = true;
    long limit = srv_query_long(req->query, limit_key, dflt, max, &ok);
    long offset = srv_query_long(req->query, "offset", 0, MAX_OFFSET, &ok);
    if (!ok || limit == 0) {
        char msg[128];
        snprintf(msg, sizeof msg, "'%s' must be a number from 1 to %ld and 'offset' from 0 to %d",
                 limit_key, max, MAX_OFFSET);
        srv_error(res, 400, msg);
        return false;
    }
    q->limit = (uint32_t)limit;
    q->offset = (uint32_t)offset;
    return true;
}

/* Runs one store JSON query into *out (a jansson value); on failure sets the error response. */
static bool store_json(const srv_ctx *ctx, ws_query_kind kind, const ws_query *q, const char *id,
                       json_t **out, srv_response *res)
{
    ws_store *s;
    ws_status st = corpus_take(ctx->corpus, &s);
    char *text = NULL;
    size_t len = 0;
    if (st == WS_OK) {
        st = ws_store_query_json(s, kind, q, id, &text, &len);
        corpus_give(ctx->corpus, s);
    }
    if (st == WS_EINVAL && kind == WS_Q_SEARCH) {
        srv_error(res, 400, "malformed search query: use words, \"a phrase\", OR, NOT, prefix*");
        return false;
    }
    if (st == WS_ENOTFOUND) {
        srv_error(res, 404, kind == WS_Q_ARTICLE ? "no such article" : "no such speaker");
        return false;
    }
    if (st != WS_OK) {
        srv_send_status(res, st);
        return false;
    }
    json_error_t err;
    *out = json_loadb(text, len, JSON_ALLOW_NUL, &err);
    ws_free(text);
    if (!*out) {
        srv_error(res, 500, "the store returned malformed JSON");
        return false;
    }
    return true;
}

static bool need_corpus(const srv_ctx *ctx, srv_response *res)
{
    if (ctx->corpus)
        return true;
    srv_error(res, 503, "no corpus database: start the server with --db FILE");
    return false;
}

/* A page of rows written straight into the response: {"results":[row...],"limit":L,"offset":O,
 * "more":B}. The query asks for one row more than the page holds; that row is only counted and
 * becomes "more": true. (Building it from the rows avoids parsing the store's JSON again.) */
typedef struct {
    char *buf;
    size_t len, cap;
    uint32_t rows, keep;
    bool failed;
} page_buf;

static void page_add(page_buf *p, const char *s, size_t n)
{
    if (p->failed)
        return;
    if (p->len + n + 1 > p->cap) {
        size_t cap = p->cap ? p->cap : 16384;
        while (cap < p->len + n + 1)
            cap *= 2;
        char *b = realloc(p->buf, cap);
        if (!b) {
            p->failed = true;
            return;
        }
        p->buf = b;
        p->cap = cap;
    }
    memcpy(p->buf + p->len, s, n);
    p->len += n;
    p->buf[p->len] = '\0';
}

/* Counts a row; true when it is the extra row, which is only counted. */
static bool page_extra(page_buf *p)
{
    return p->rows++ >= p->keep;
}

/* Appends a row's JSON (from ws_quote_row_json or ws_speaker_row_json) and frees it. */
static int page_row(page_buf *p, ws_status st, char *json, size_t len)
{
    if (st != WS_OK) {
        p->failed = true;
        return 1;
    }
    if (p->rows > 1)
        page_add(p, ",", 1);
    page_add(p, json, len);
    ws_free(json);
    return p->failed;
}

static int page_quote(const ws_quote_row *r, void *ctx)
{
    if (page_extra(ctx))
        return 0;
    char *j = NULL;
    size_t n = 0;
    ws_status st = ws_quote_row_json(r, &j, &n);
    return page_row(ctx, st, j, n);
}

static int page_speaker(const ws_speaker_row *r, void *ctx)
{
    if (page_extra(ctx))
        return 0;
    char *j = NULL;
    size_t n = 0;
    ws_status st = ws_speaker_row_json(r, &j, &n);
    return page_row(ctx, st, j, n);
}

/* Runs a paged query (search, quotes or speakers; q->limit already holds the extra row) and
 * sends its page, or the error response. */
static void send_page(const srv_ctx *ctx, ws_query_kind kind, const ws_query *q, srv_response *res)
{
    page_buf p = {.keep = q->limit - 1};
    page_add(&p, "{\"results\":[", 12);
    ws_store *s;
    ws_status st = corpus_take(ctx->corpus, &s);
    if (st == WS_OK) {
        if (kind == WS_Q_SEARCH)
            st = ws_store_search(s, q, page_quote, &p);
        else if (kind == WS_Q_QUOTES)
            st = ws_store_quotes(s, q, page_quote, &p);
        else
            st = ws_store_speakers(s, q, page_speaker, &p);
        corpus_give(ctx->corpus, s);
    }
    if (st == WS_OK && p.failed)
        st = WS_ENOMEM;
    if (st != WS_OK) {
        free(p.buf);
        if (st == WS_EINVAL && kind == WS_Q_SEARCH)
            srv_error(res, 400, "malformed search query: use words, \"a phrase\", OR, NOT, prefix*");
        else if (st == WS_ENOTFOUND)
            srv_error(res, 404, "no such speaker");
        else
            srv_send_status(res, st);
        return;
    }
    char tail[96];
    int n = snprintf(tail, sizeof tail, "],\"limit\":%u,\"offset\":%u,\"more\":%s}", q->limit - 1,
                     q->offset, p.rows > p.keep ? "true" : "false");
    page_add(&p, tail, (size_t)n);
    if (p.failed) {
        free(p.buf);
        srv_error(res, 500, "out of memory");
        return;
    }
    res->status = 200;
    res->content_type = "application/json";
    res->body = p.buf;
    res->body_len = p.len;
    res->free_fn = free;
}

/* GET /api/search?q=&speaker=&source=&since=&until=&limit=&offset= : full-text search; without
 * q, the quotes of speaker (newest first). */
static void srv_search_uncached(const srv_ctx *ctx, const srv_request *req, const char *arg,
                                srv_response *res)
{
    (void)arg;
    query_buf qb;
    ws_query q = {0};
    if (!need_corpus(ctx, res) || !read_filters(req, &qb, &q, res) ||
        !read_paging(req, "limit", 20, MAX_LIMIT, &q, res))
        return;
    if (!q.match && !q.speaker) {
        srv_error(res, 400, "give 'q' (search words) or 'speaker'");
        return;
    }
    q.limit++;
    send_page(ctx, q.match ? WS_Q_SEARCH : WS_Q_QUOTES, &q, res);
}

/* GET /api/speakers?top=&offset=&q=&source=&since=&until= : most quoted first; q filters names. */
static void srv_speakers_uncached(const srv_ctx *ctx, const srv_request *req, const char *arg,
                                  srv_response *res)
{
    (void)arg;
    query_buf qb;
    ws_query q = {0};
    if (!need_corpus(ctx, res) || !read_filters(req, &qb, &q, res) ||
        !read_paging(req, "top", 50, MAX_SPEAKERS, &q, res))
        return;
    q.speaker = q.match;
    q.match = NULL;
    q.limit++;
    send_page(ctx, WS_Q_SPEAKERS, &q, res);
}

/* ---- one speaker: the store's speaker JSON plus a timeline and what they talk about ---- */

typedef struct {
    json_t *months;      /* {"2017-07": n} */
    json_t *articles;    /* {article id: [quote text, ...]} of the ABOUT_QUOTES newest quotes */
    size_t nquotes;
    bool failed;
} speaker_scan;

static int scan_quote(const ws_quote_row *r, void *vctx)
{
    speaker_scan *sc = vctx;
    if (r->date && strlen(r->date) >= 7) {
        char month[8];
        memcpy(month, r->date, 7);
        month[7] = '\0';
        json_t *n = json_object_get(sc->months, month);
        if (json_object_set_new(sc->months, month,
                                json_integer((n ? json_integer_value(n) : 0) + 1)))
            sc->failed = true;
    }
    if (sc->nquotes < ABOUT_QUOTES && r->article_id && r->text) {
        json_t *list = json_object_get(sc->articles, r->article_id);
        if (!list) {
            list = json_array();
            if (json_object_set_new(sc->articles, r->article_id, list))
                list = NULL;
        }
        if (!list || json_array_append_new(list, json_string(r->text)))
            sc->failed = true;
    }
    sc->nquotes++;
    return 0;
}

typedef struct {
    json_t *quotes;      /* quote texts of this speaker in this article */
    const char *self;    /* the speaker's name: not listed as a topic */
    int64_t self_id;
    json_t *about;       /* {name: {"name","kind","quotes"}} */
} about_scan;

static int scan_article(const ws_article_row *r, void *ctx)
{
    (void)r, (void)ctx;
    return 0;
}

static int scan_entity(const ws_entity_row *e, void *vctx)
{
    about_scan *ab = vctx;
    if (!e->name || !e->name[0] || (ab->self_id > 0 && e->speaker_id == ab->self_id) ||
        (ab->self && !strcmp(e->name, ab->self)))
        return 0;
    size_t n = 0, i;
    json_t *t;
    json_array_foreach(ab->quotes, i, t) if (strstr(json_string_value(t), e->name)) n++;
    if (!n)
        return 0;
    json_t *cur = json_object_get(ab->about, e->name);
    if (cur) {
        json_t *c = json_object_get(cur, "quotes");
        json_integer_set(c, json_integer_value(c) + (json_int_t)n);
    } else {
        json_object_set_new(ab->about, e->name,
                            json_pack("{s:s,s:s,s:I}", "name", e->name, "kind",
                                      e->kind ? e->kind : "unknown", "quotes", (json_int_t)n));
    }
    return 0;
}

static int cmp_about(const void *a, const void *b)
{
    json_int_t x = json_integer_value(json_object_get(*(json_t *const *)a, "quotes"));
    json_int_t y = json_integer_value(json_object_get(*(json_t *const *)b, "quotes"));
    if (x != y)
        return x < y ? 1 : -1;
    return strcmp(json_string_value(json_object_get(*(json_t *const *)a, "name")),
                  json_string_value(json_object_get(*(json_t *const *)b, "name")));
}

static int cmp_month(const void *a, const void *b)
{
    return strcmp(json_string_value(json_object_get(*(json_t *const *)a, "month")),
                  json_string_value(json_object_get(*(json_t *const *)b, "month")));
}

/* Sorts a JSON array in place with cmp over its json_t * elements. */
static void sort_array(json_t *arr, int (*cmp)(const void *, const void *))
{
    size_t n = json_array_size(arr);
    json_t **v = n ? malloc(n * sizeof *v) : NULL;
    if (!v)
        return;
    for (size_t i = 0; i < n; i++)
        v[i] = json_incref(json_array_get(arr, i));
    qsort(v, n, sizeof *v, cmp);
    json_array_clear(arr);
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, v[i]);
    free(v);
}

/* Entities named inside the speaker's recent quotes, over the articles those quotes come from. */
static json_t *speaker_about(ws_store *s, json_t *articles, const char *self, int64_t self_id)
{
    about_scan ab = {.self = self, .self_id = self_id, .about = json_object()};
    const char *aid;
    json_t *quotes;
    json_object_foreach(articles, aid, quotes)
    {
        ab.quotes = quotes;
        ws_store_article(s, aid, scan_article, NULL, scan_entity, &ab);
    }
    json_t *out = json_array();
    const char *key;
    json_t *val;
    json_object_foreach(ab.about, key, val) json_array_append(out, val);
    json_decref(ab.about);
    sort_array(out, cmp_about);
    while (json_array_size(out) > ABOUT_TOP)
        json_array_remove(out, json_array_size(out) - 1);
    return out;
}

/* GET /api/speakers/{id or name}?limit=&offset=&about=&source=&since=&until= */
static void srv_speaker_uncached(const srv_ctx *ctx, const srv_request *req, const char *arg,
                                 srv_response *res)
{
    query_buf qb;
    ws_query q = {0};
    if (!need_corpus(ctx, res) || !read_filters(req, &qb, &q, res) ||
        !read_paging(req, "limit", 20, MAX_LIMIT, &q, res))
        return;
    if (!srv_parse_id(arg, &q.speaker_id)) {
        q.speaker = arg;
        q.speaker_id = 0;
    }
    json_t *o;
    if (!store_json(ctx, q.about ? WS_Q_QUOTES : WS_Q_SPEAKER, &q, NULL, &o, res))
        return;
    if (q.about) {
        /* quotes about an entity: the speaker record comes from a second, plain query */
        json_t *sp;
        ws_query q2 = q;
        q2.about = NULL;
        q2.limit = 1;
        q2.offset = 0;
        if (!store_json(ctx, WS_Q_SPEAKER, &q2, NULL, &sp, res)) {
            json_decref(o);
            return;
        }
        json_object_set(sp, "quotes", json_object_get(o, "results"));
        json_decref(o);
        o = sp;
    }
    json_t *spk = json_object_get(o, "speaker");
    json_int_t sid = json_integer_value(json_object_get(spk, "id"));
    const char *name = json_string_value(json_object_get(spk, "name"));
    ws_store *s;
    speaker_scan sc = {.months = json_object(), .articles = json_object()};
    if (sid > 0 && corpus_take(ctx->corpus, &s) == WS_OK) {
        ws_query tq = {.speaker_id = sid, .limit = TIMELINE_QUOTES,
                       .source = q.source, .since = q.since, .until = q.until};
        ws_store_quotes(s, &tq, scan_quote, &sc);
        json_t *timeline = json_array();
        const char *month;
        json_t *n;
        json_object_foreach(sc.months, month, n)
            json_array_append_new(timeline, json_pack("{s:s,s:O}", "month", month, "quotes", n));
        sort_array(timeline, cmp_month);
        json_object_set_new(o, "timeline", timeline);
        json_object_set_new(o, "timeline_quotes", json_integer((json_int_t)sc.nquotes));
        json_object_set_new(o, "about", speaker_about(s, sc.articles, name, sid));
        corpus_give(ctx->corpus, s);
    }
    json_decref(sc.months);
    json_decref(sc.articles);
    srv_send_json(res, 200, o);
}

/* GET /api/articles/{id}: the article with its text, attributions and entities. */
static void srv_article_uncached(const srv_ctx *ctx, const srv_request *req, const char *arg,
                                 srv_response *res)
{
    (void)req;
    json_t *o;
    if (need_corpus(ctx, res) && store_json(ctx, WS_Q_ARTICLE, NULL, arg, &o, res))
        srv_send_json(res, 200, o);
}

/* ---- the cache in front of the endpoints above ---- */

/* The cache key of a request: its target. False when it does not fit. */
static bool cache_key(const srv_request *req, char *key, size_t size)
{
    int kl = snprintf(key, size, "%s?%s", req->path, req->query ? req->query : "");
    return kl >= 0 && (size_t)kl < size;
}

/* Fills res with the cached answer for key at the store's current version. */
static bool cache_hit(const srv_ctx *ctx, const char *key, uint64_t version, srv_response *res)
{
    char *body;
    size_t len;
    if (!srv_cache_get(ctx->corpus->cache, key, version, &body, &len))
        return false;
    res->status = 200;
    res->content_type = "application/json";
    res->body = body;
    res->body_len = len;
    res->free_fn = free;
    res->cache = "hit";
    return true;
}

bool srv_answer_cached(const srv_ctx *ctx, const srv_request *req, srv_response *res)
{
    static const char *const cached_paths[] = {"/api/search", "/api/speakers", "/api/articles/"};
    char key[2200];
    if (!ctx->corpus || !ctx->corpus->cache || strcmp(req->method, "GET") || !cache_key(req, key, sizeof key))
        return false;
    for (size_t i = 0; i < sizeof cached_paths / sizeof *cached_paths; i++)
        if (!strncmp(req->path, cached_paths[i], strlen(cached_paths[i])))
            return cache_hit(ctx, key, corpus_version(ctx->corpus), res);
    return false;
}

/* Answers from the cache when the same request target was answered (200) since the store last
 * changed; otherwise runs fn and keeps a 200 answer. */
static void cached(const srv_ctx *ctx, const srv_request *req, const char *arg, srv_response *res,
                   srv_handler fn)
{
    if (!need_corpus(ctx, res))
        return;
    srv_cache *cache = ctx->corpus->cache;
    char key[2200];
    if (!cache || !cache_key(req, key, sizeof key)) {
        fn(ctx, req, arg, res);
        return;
    }
    uint64_t version = corpus_version(ctx->corpus);
    if (cache_hit(ctx, key, version, res))
        return;
    fn(ctx, req, arg, res);
    if (res->status == 200) {
        srv_cache_put(cache, key, version, res->body, res->body_len);
        res->cache = "miss";
    }
}

void srv_search(const srv_ctx *ctx, const srv_request *req, const char *arg, srv_response *res)
{
    cached(ctx, req, arg, res, srv_search_uncached);
}
void srv_speakers(const srv_ctx *ctx, const srv_request *req, const char *arg, srv_response *res)
{
    cached(ctx, req, arg, res, srv_speakers_uncached);
}
void srv_speaker(const srv_ctx *ctx, const srv_request *req, const char *arg, srv_response *res)
{
    cached(ctx, req, arg, res, srv_speaker_uncached);
}
void srv_article(const srv_ctx *ctx, const srv_request *req, const char *arg, srv_response *res)
{
    cached(ctx, req, arg, res, srv_article_uncached);
}
